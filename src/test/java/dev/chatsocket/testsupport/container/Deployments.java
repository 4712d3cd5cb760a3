package dev.chatsocket.testsupport.container;

import java.io.File;
import java.util.Map;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
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

    /**
     * The real WAR with {@code settings} in its {@code WEB-INF/chatsocket.properties}, the file a
     * deployer adds to configure a WAR without environment variables (README, "Configuration").
     */
    public static WebArchive chatsocketWar(Map<String, String> settings) {
        StringBuilder properties = new StringBuilder();
        settings.forEach((name, value) -> properties.append(name).append('=').append(value).append('\n'));
        return chatsocketWar().addAsWebInfResource(new StringAsset(properties.toString()), "chatsocket.properties");
    }
}
