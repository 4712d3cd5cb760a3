package dev.chatsocket.chat;

import dev.chatsocket.testsupport.container.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link IdentityContract} on one container (Jetty, Tomcat 11, Tomcat 10.1, and Jetty with the rooms
 * in Redis): both of its nodes are this server, whose session key comes from
 * {@code CHATSOCKET_SESSION_SECRET}.
 */
@ExtendWith(ArquillianExtension.class)
class IdentityIT extends IdentityContract {
    private static final String SESSION_SECRET = "it-session-secret-0123456789abcdef0123456789";

    @Deployment(testable = false)
    static WebArchive war() {
        Map<String, String> settings = new HashMap<>(SETTINGS);
        settings.put("CHATSOCKET_SESSION_SECRET", SESSION_SECRET);
        return Deployments.chatsocketWar(settings);
    }

    @ArquillianResource
    URL base;

    @Override
    URI nodeA() {
        return ChatClient.uri(base);
    }

    @Override
    URI nodeB() {
        return nodeA();
    }

    @Override
    byte[] sessionKey() {
        return sessionKeyOfSecret(SESSION_SECRET);
    }
}
