package dev.chatsocket.testsupport.container;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/**
 * Registers the Arquillian adapter for the container of this test run (one per JVM; Arquillian
 * wants exactly one {@link DeployableContainer} on the class path).
 *
 * <p><b>Which container:</b> system property {@value #CONTAINER_PROPERTY} = {@code jetty} (default)
 * or {@code tomcat}. The pom's failsafe executions set it: {@code it-jetty} (Jetty 12.1),
 * {@code it-tomcat11} and {@code it-tomcat10} (the same Tomcat adapter; the Tomcat version is
 * whatever tomcat-embed jars that execution puts on the class path).
 *
 * <p><b>Which context path:</b> arquillian.xml defines two containers of that kind in one group:
 * {@code root} (default, context path "/", or {@code -Dchatsocket.contextPath=...}) and
 * {@code chatsocket} (context path "/chatsocket"). A deployment goes to {@code root} unless it says
 * {@code @TargetsContainer(Deployments.CHATSOCKET)}.
 */
public class EmbeddedContainersExtension implements LoadableExtension {

    public static final String CONTAINER_PROPERTY = "chatsocket.container";

    @Override
    public void register(ExtensionBuilder builder) {
        String kind = System.getProperty(CONTAINER_PROPERTY, "jetty").trim().toLowerCase();
        switch (kind) {
            case "jetty" -> builder.service(DeployableContainer.class, JettyEmbeddedContainer.class);
            case "tomcat" -> builder.service(DeployableContainer.class, TomcatEmbeddedContainer.class);
            default -> throw new IllegalArgumentException(
                    CONTAINER_PROPERTY + " must be jetty or tomcat, got '" + kind + "'");
        }
    }
}
