package dev.chatsocket.chat;

import dev.chatsocket.testsupport.container.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;

/** {@link TypingContract} on one container (Jetty, Tomcat 11, Tomcat 10.1): both "nodes" are this server. */
@ExtendWith(ArquillianExtension.class)
class TypingIT extends TypingContract {

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.chatsocketWar(SETTINGS);
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
}
