package dev.chatsocket.testsupport.container;

import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;

/**
 * Settings of the embedded Jetty and Tomcat adapters, from the {@code <container>} entries of
 * {@code arquillian.xml}:
 * <ul>
 *   <li>{@code contextPath}: where deployments go, "/" (the root, default) or e.g. "/chatsocket";</li>
 *   <li>{@code bindAddress}: host to listen on and to put in the test URLs (default 127.0.0.1);</li>
 *   <li>{@code port}: 0 (default) picks a free port when the server starts.</li>
 * </ul>
 */
public class EmbeddedContainerConfiguration implements ContainerConfiguration {

    private String contextPath = "/";
    private String bindAddress = "127.0.0.1";
    private int port = 0;

    @Override
    public void validate() throws ConfigurationException {
        if (contextPath == null || !(contextPath.isEmpty() || contextPath.startsWith("/"))) {
            throw new ConfigurationException("contextPath must be \"/\" or start with \"/\", got " + contextPath);
        }
        if (port < 0 || port > 65535) {
            throw new ConfigurationException("port must be 0..65535, got " + port);
        }
    }

    public String getContextPath() {
        return contextPath;
    }

    public void setContextPath(String contextPath) {
        this.contextPath = contextPath;
    }

    public String getBindAddress() {
        return bindAddress;
    }

    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }
}
