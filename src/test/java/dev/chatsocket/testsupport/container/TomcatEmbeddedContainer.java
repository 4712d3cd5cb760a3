package dev.chatsocket.testsupport.container;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Arquillian adapter for embedded Tomcat, the same code for Tomcat 11.0.x and 10.1.x (it uses only
 * API both have). The WAR is deployed with {@link Tomcat#addWebapp(String, String)}, which sets up
 * the same defaults as a stock Tomcat's conf/web.xml (default servlet, JSP servlet, welcome files).
 * Weld finds Tomcat by itself (WELD-ENV-001100) and needs no configuration.
 */
public class TomcatEmbeddedContainer extends AbstractEmbeddedContainer<Context> {

    private Tomcat tomcat;

    @Override
    protected int startServer(EmbeddedContainerConfiguration config, Path workDir) throws Exception {
        Tomcat t = new Tomcat();
        t.setBaseDir(workDir.toString());
        Path appBase = Files.createDirectories(workDir.resolve("webapps"));
        t.getHost().setAppBase(appBase.toString());
        t.getHost().setAutoDeploy(false);
        t.getHost().setDeployOnStartup(false);
        Connector connector = t.getConnector();
        connector.setPort(config.getPort());
        connector.setProperty("address", config.getBindAddress());
        t.start();
        if (connector.getState() != LifecycleState.STARTED) {
            t.stop();
            t.destroy();
            throw new IllegalStateException("Tomcat connector did not start on "
                    + config.getBindAddress() + ":" + config.getPort());
        }
        tomcat = t;
        return connector.getLocalPort();
    }

    @Override
    protected Context deployWar(Path war, String contextPath) throws Exception {
        // Tomcat names the root context "", not "/".
        Context ctx = tomcat.addWebapp(tomcat.getHost(), "/".equals(contextPath) ? "" : contextPath,
                war.toAbsolutePath().toString(), new WebappConfig());
        if (ctx.getState() != LifecycleState.STARTED) {
            tomcat.getHost().removeChild(ctx);
            throw new IllegalStateException("web application " + contextPath
                    + " failed to start (state " + ctx.getState() + "), see the log above");
        }
        return ctx;
    }

    @Override
    protected void undeployWar(Context ctx) throws Exception {
        // Removing the context from its host stops and destroys it, as an undeploy does.
        tomcat.getHost().removeChild(ctx);
    }

    @Override
    protected void stopServer() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
            tomcat = null;
        }
    }

    /**
     * Tomcat's usual {@link ContextConfig}, except that, like a stock Tomcat whose class path holds
     * only Tomcat's own jars, it does not scan the test JVM's class path for TLDs, web fragments and
     * SCIs (WEB-INF/lib and WEB-INF/classes are still scanned).
     */
    private static final class WebappConfig extends ContextConfig {
        @Override
        public void lifecycleEvent(LifecycleEvent event) {
            if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                Context ctx = (Context) event.getLifecycle();
                if (ctx.getJarScanner() instanceof StandardJarScanner scanner) {
                    scanner.setScanClassPath(false);
                } else if (ctx.getJarScanner() == null) {
                    StandardJarScanner scanner = new StandardJarScanner();
                    scanner.setScanClassPath(false);
                    ctx.setJarScanner(scanner);
                }
            }
            super.lifecycleEvent(event);
        }
    }

    @Override
    protected String name() {
        return "tomcat";
    }
}
