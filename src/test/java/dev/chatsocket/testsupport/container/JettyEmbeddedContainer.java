package dev.chatsocket.testsupport.container;

import java.nio.file.Path;

import dev.chatsocket.launcher.EmbeddedJetty;
import org.eclipse.jetty.ee10.webapp.WebAppContext;

/**
 * Arquillian adapter for embedded Jetty 12.1 (ee10). All Jetty setup (annotations, JSP, CDI
 * decorating mode, the servlet-upgrade adaptation) is the launcher's {@link EmbeddedJetty}: the tests
 * run the WAR exactly as {@code mvn package exec:exec} does.
 */
public class JettyEmbeddedContainer extends AbstractEmbeddedContainer<WebAppContext> {

    private EmbeddedJetty jetty;

    @Override
    protected int startServer(EmbeddedContainerConfiguration config, Path workDir) throws Exception {
        // Jetty's default head size: the tests of chatsocket's own header limit set theirs below it.
        jetty = new EmbeddedJetty(config.getBindAddress(), config.getPort(), 5000, 8192);
        return jetty.start();
    }

    @Override
    protected WebAppContext deployWar(Path war, String contextPath) throws Exception {
        return jetty.deploy(war, contextPath);
    }

    @Override
    protected void undeployWar(WebAppContext webapp) throws Exception {
        jetty.undeploy(webapp);
    }

    @Override
    protected void stopServer() throws Exception {
        if (jetty != null) {
            jetty.stop();
            jetty = null;
        }
    }

    @Override
    protected String name() {
        return "jetty";
    }
}
