package dev.chatsocket.testsupport.probe;

import jakarta.enterprise.context.ApplicationScoped;

/** An application-scoped bean, the shape of the real room registry, for the CDI probe. */
@ApplicationScoped
public class ProbeBean {

    public String hello() {
        return "hello from " + getClass().getSimpleName();
    }
}
