package dev.chatsocket.testsupport.container;

import java.io.File;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The deployments the container tests use. */
public final class Deployments {

    /** Qualifier (arquillian.xml) of the container that deploys at the root context "/": the default. */
    public static final String ROOT = "root";
    /** Qualifier (arquillian.xml) of the container that deploys at "/chatsocket": {@code @TargetsContainer(Deployments.CHATSOCKET)}. */
    public static final String CHATSOCKET = "chatsocket";

    private Deployments() {
    }

    /** The real WAR, as built by {@code mvn package} (the integration tests run after package). */
    public static WebArchive chatsocketWar() {
        File war = new File("target/chatsocket.war");
        if (!war.isFile()) {
            throw new IllegalStateException(war.getAbsolutePath()
                    + " is missing: container tests run after package (mvn verify)");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }
}
