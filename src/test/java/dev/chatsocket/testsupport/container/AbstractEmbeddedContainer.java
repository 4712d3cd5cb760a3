package dev.chatsocket.testsupport.container;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import dev.chatsocket.launcher.ContextPaths;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;

/**
 * What the embedded Jetty and Tomcat adapters share: the settings, a scratch directory per server,
 * writing each ShrinkWrap archive to a WAR file there and deploying that file (exactly what a user
 * does with target/chatsocket.war), and the metadata that makes {@code @ArquillianResource URL}
 * resolve to {@code http://host:port/contextPath/}.
 *
 * <p>Meant for client-mode tests ({@code @Deployment(testable = false)}): the tests talk HTTP and raw
 * sockets to the server, as a browser would.
 *
 * @param <H> the container's handle of one deployed web application
 */
abstract class AbstractEmbeddedContainer<H> implements DeployableContainer<EmbeddedContainerConfiguration> {

    private record Deployed<H>(H handle, Path war) {
    }

    protected EmbeddedContainerConfiguration config;
    private Path workDir;
    private int port;
    private final Map<String, Deployed<H>> deployed = new ConcurrentHashMap<>();

    /** Starts the server with no application; returns the bound port. */
    protected abstract int startServer(EmbeddedContainerConfiguration config, Path workDir) throws Exception;

    /** Deploys and starts the WAR file at the (normalized, "/" for root) context path. */
    protected abstract H deployWar(Path war, String contextPath) throws Exception;

    /** Stops and removes the web application. */
    protected abstract void undeployWar(H handle) throws Exception;

    protected abstract void stopServer() throws Exception;

    /** Short name for logs and directory names. */
    protected abstract String name();

    @Override
    public Class<EmbeddedContainerConfiguration> getConfigurationClass() {
        return EmbeddedContainerConfiguration.class;
    }

    @Override
    public void setup(EmbeddedContainerConfiguration configuration) {
        this.config = configuration;
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        // Client-mode tests need no protocol; "Local" runs in-container tests in the test JVM itself.
        return new ProtocolDescription("Local");
    }

    @Override
    public void start() throws LifecycleException {
        try {
            workDir = Files.createTempDirectory("chatsocket-" + name() + "-");
            port = startServer(config, workDir);
        } catch (Exception e) {
            throw new LifecycleException("could not start embedded " + name(), e);
        }
    }

    @Override
    public void stop() throws LifecycleException {
        try {
            for (String key : deployed.keySet()) {
                undeployKey(key);
            }
            stopServer();
        } catch (Exception e) {
            throw new LifecycleException("could not stop embedded " + name(), e);
        } finally {
            deleteQuietly(workDir);
        }
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        String contextPath = ContextPaths.normalize(config.getContextPath());
        Path war = null;
        try {
            war = Files.createTempFile(workDir, "deployment-", ".war");
            archive.as(ZipExporter.class).exportTo(war.toFile(), true);
            // History is kept in a database under the data directory by default: each deployment
            // gets a fresh one, as it got fresh rooms when they lived in memory, so that no test
            // sees another's messages. Read by the application while it deploys, here and now.
            System.setProperty("CHATSOCKET_DATA_DIR", Files.createTempDirectory(workDir, "data-").toString());
            H handle = deployWar(war, contextPath);
            deployed.put(archive.getName(), new Deployed<>(handle, war));
        } catch (Exception e) {
            deleteQuietly(war);
            throw new DeploymentException("could not deploy " + archive.getName() + " at " + contextPath
                    + " on embedded " + name(), e);
        }
        HTTPContext http = new HTTPContext(config.getBindAddress(), port);
        // Arquillian builds the base URL as scheme://host:port + contextRoot + "/".
        http.add(new Servlet("default", "/".equals(contextPath) ? "" : contextPath));
        return new ProtocolMetaData().addContext(http);
    }

    @Override
    public void undeploy(Archive<?> archive) throws DeploymentException {
        try {
            undeployKey(archive.getName());
        } catch (Exception e) {
            throw new DeploymentException("could not undeploy " + archive.getName() + " from embedded " + name(), e);
        }
    }

    private void undeployKey(String key) throws Exception {
        Deployed<H> d = deployed.remove(key);
        if (d != null) {
            try {
                undeployWar(d.handle());
            } finally {
                deleteQuietly(d.war());
            }
        }
    }

    static void deleteQuietly(Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // scratch space in the temp directory; nothing to do
        }
    }
}
