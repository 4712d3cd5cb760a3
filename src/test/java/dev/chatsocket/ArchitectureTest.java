package dev.chatsocket;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering the design rests on, checked on the compiled main classes so that a change which
 * breaks it fails the build instead of waiting for a reviewer:
 * <ul>
 * <li>the codec and the handshake are pure functions over {@code java.*}; the extension adds the
 *     codec and nothing else;</li>
 * <li>the sans-I/O connection touches no Servlet type;</li>
 * <li>the engine ({@code ws} and below) knows nothing of the application;</li>
 * <li>the application sees only the engine's API package, {@code dev.chatsocket.ws};</li>
 * <li>the room logic ({@code chat.room}) does no I/O of its own: no Redis, no Servlet, no JSON, no
 *     backend, and the backends and the JSON mapping know no Servlet;</li>
 * <li>settings are read by name only at the composition roots ({@code config} for the
 *     application, {@code launcher} for the process): no engine or room class looks at the
 *     settings, the environment or the system properties;</li>
 * <li>the history store knows neither the chat nor Redis: cluster mode's archiver, in the Redis
 *     backend, uses it;</li>
 * <li>the HTTP API's rules ({@code api}) are pure: its servlet ({@code api.web}) does the HTTP;</li>
 * <li>no two packages depend on each other, directly or round a loop.</li>
 * </ul>
 */
@AnalyzeClasses(packages = "dev.chatsocket", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String ENGINE = "dev.chatsocket.ws..";
    private static final String API = "dev.chatsocket.ws";

    @ArchTest
    static final ArchRule theCodecUsesOnlyTheJdk = classes().that().resideInAPackage("dev.chatsocket.ws.codec..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.chatsocket.ws.codec..");

    @ArchTest
    static final ArchRule theHandshakeUsesOnlyTheJdk = classes().that().resideInAPackage("dev.chatsocket.ws.handshake..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.chatsocket.ws.handshake..");

    @ArchTest
    static final ArchRule theExtensionUsesOnlyTheJdkAndTheCodec = classes()
            .that().resideInAPackage("dev.chatsocket.ws.extension..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "dev.chatsocket.ws.extension..", "dev.chatsocket.ws.codec..");

    /**
     * The connection lives in the API package beside the servlet glue (the package's javadoc says
     * why), so its freedom from I/O is pinned by name: bytes in, frames out through
     * {@code Transport}, never a stream or a request.
     */
    @ArchTest
    static final ArchRule theProtocolIsSansIo = noClasses()
            .that().haveNameMatching("dev\\.chatsocket\\.ws\\.(WebSocketConnection|Transport)(\\$.*)?")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta..", "java.io..", "java.net..");

    @ArchTest
    static final ArchRule theEngineKnowsNoApplication = noClasses().that().resideInAPackage(ENGINE)
            .should().dependOnClassesThat(resideInAPackage("dev.chatsocket..").and(not(resideInAPackage(ENGINE))));

    /** WebSocketUpgradeHandler is public only because the container instantiates it. */
    @ArchTest
    static final ArchRule applicationsUseOnlyTheApiPackage = noClasses().that().resideOutsideOfPackage(ENGINE)
            .should().dependOnClassesThat(resideInAPackage(ENGINE)
                    .and(not(resideInAPackage(API)).or(simpleName("WebSocketUpgradeHandler"))));

    @ArchTest
    static final ArchRule theRoomIsPure = noClasses().that().resideInAPackage("dev.chatsocket.chat.room..")
            .should().dependOnClassesThat().resideInAnyPackage("io.lettuce..", "io.netty..", "jakarta.servlet..",
                    "jakarta.json..", "java.io..", "java.net..", "java.nio.channels..", "java.sql..",
                    "dev.chatsocket.chat.memory..", "dev.chatsocket.chat.redis..", "dev.chatsocket.chat.web..",
                    "dev.chatsocket.chat.stored..", "dev.chatsocket.history..",
                    "dev.chatsocket.chat.protocol..", "dev.chatsocket.config..");

    @ArchTest
    static final ArchRule backendsAndTheJsonMappingKnowNoServlet = noClasses()
            .that().resideInAnyPackage("dev.chatsocket.chat.memory..", "dev.chatsocket.chat.redis..",
                    "dev.chatsocket.chat.stored..", "dev.chatsocket.chat.protocol..")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.servlet..", "dev.chatsocket.chat.web..",
                    "dev.chatsocket.config..");

    /** The HTTP API's rules (keys, routes, queries, refusals) are pure; {@code api.web} does the HTTP. */
    @ArchTest
    static final ArchRule theApiRulesArePure = noClasses().that().resideInAPackage("dev.chatsocket.api")
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.servlet..", "jakarta.json..", "java.io..",
                    "java.net..", "dev.chatsocket.chat.web..", "dev.chatsocket.config..", "dev.chatsocket.history..",
                    "dev.chatsocket.chat.memory..", "dev.chatsocket.chat.redis..", "dev.chatsocket.chat.stored..");

    @ArchTest
    static final ArchRule onlyTheRedisBackendTalksToRedis = noClasses()
            .that().resideOutsideOfPackages("dev.chatsocket.chat.redis..")
            .should().dependOnClassesThat().resideInAnyPackage("io.lettuce..", "io.netty..");

    /** Identity is decided from credentials and keys alone; where a cluster keeps its key is a port. */
    @ArchTest
    static final ArchRule identityKnowsNoStoreNoServletNoChat = noClasses()
            .that().resideInAPackage("dev.chatsocket.identity..")
            .should().dependOnClassesThat().resideInAnyPackage("io.lettuce..", "io.netty..", "jakarta.servlet..",
                    "dev.chatsocket.chat..", "dev.chatsocket.config..", "dev.chatsocket.ws..");

    /** The history store is a package of its own: the chat (and cluster mode's Redis archiver) uses it, never the reverse. */
    @ArchTest
    static final ArchRule theHistoryStoreKnowsNoChatAndNoRedis = noClasses().that().resideInAPackage("dev.chatsocket.history..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.chatsocket.chat..", "io.lettuce..", "io.netty..",
                    "jakarta.servlet..", "dev.chatsocket.config..");

    /** The history store's database (JDBC, H2, HikariCP, Flyway) is reached only through {@code history}. */
    @ArchTest
    static final ArchRule onlyTheHistoryStoreTalksToTheDatabase = noClasses()
            .that().resideOutsideOfPackages("dev.chatsocket.history..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.h2..",
                    "com.zaxxer..", "org.flywaydb..", "org.postgresql..");

    @ArchTest
    static final ArchRule onlyTheRootsReadSettings = noClasses()
            .that().resideOutsideOfPackages("dev.chatsocket.config..", "dev.chatsocket.launcher..")
            .should().dependOnClassesThat().haveFullyQualifiedName("dev.chatsocket.config.Settings")
            .orShould().callMethod(System.class, "getenv", String.class)
            .orShould().callMethod(System.class, "getenv")
            .orShould().callMethod(System.class, "getProperty", String.class)
            .orShould().callMethod(System.class, "getProperty", String.class, String.class);

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.chatsocket.(**)").should().beFreeOfCycles();
}
