package dev.chatsocket.distribution;

/** The README's "Deploy to Tomcat" on a stock Tomcat 11 distribution. */
class StockTomcatIT extends StockDistributionContract {
    @Override
    StockServer newServer() throws Exception {
        return new StockTomcat();
    }
}
