package dev.chatsocket.conformance;

import dev.chatsocket.testsupport.RawWebSocket;
import dev.chatsocket.testsupport.container.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.URL;

/**
 * The deployment most conformance tests share: the real WAR, unchanged and with its default
 * settings, deployed once per test class on the container of the run. Tests that need other
 * settings declare their own deployment instead of extending this.
 */
@ExtendWith(ArquillianExtension.class)
abstract class OnTheRealWar {
    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.chatsocketWar();
    }

    @ArquillianResource
    URL base;

    URI uri() {
        return Conformance.uri(base);
    }

    /** A new connection to /echo, opened with a browser-shaped handshake. */
    RawWebSocket echo() throws IOException {
        return RawWebSocket.open(uri(), "echo");
    }
}
