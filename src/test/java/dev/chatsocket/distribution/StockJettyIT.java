package dev.chatsocket.distribution;

/** The README's "Deploy to Jetty" on a stock jetty-home 12.1 distribution. */
class StockJettyIT extends StockDistributionContract {
    @Override
    StockServer newServer() throws Exception {
        return new StockJetty();
    }
}
