package dev.chatsocket.testsupport.container;

import java.nio.file.Path;

import dev.chatsocket.launcher.EmbeddedTomcat;
import org.apache.catalina.Context;

/**
 * Arquillian adapter for embedded Tomcat, the same code for Tomcat 11.0.x and 10.1.x. All Tomcat
 * setup is the launcher's {@link EmbeddedTomcat}: the tests run the WAR exactly as
 * {@code mvn -Ptomcat package exec:exec} does.
 */
public class TomcatEmbeddedContainer extends AbstractEmbeddedContainer<Context> {

    private EmbeddedTomcat tomcat;

    @Override
    protected int startServer(EmbeddedContainerConfiguration config, Path workDir) throws Exception {
        // Tomcat's default head size: the tests of chatsocket's own header limit set theirs below it.
        tomcat = new EmbeddedTomcat(config.getBindAddress(), config.getPort(), 8192, workDir);
        return tomcat.start();
    }

    @Override
    protected Context deployWar(Path war, String contextPath) throws Exception {
        return tomcat.deploy(war, contextPath);
    }

    @Override
    protected void undeployWar(Context ctx) {
        tomcat.undeploy(ctx);
    }

    @Override
    protected void stopServer() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat = null;
        }
    }

    @Override
    protected String name() {
        return "tomcat";
    }
}
