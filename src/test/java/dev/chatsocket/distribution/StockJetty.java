package dev.chatsocket.distribution;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A stock jetty-home 12.1 with a fresh JETTY_BASE set up as the README says: unpack
 * {@code target/chatsocket-jetty-base.zip} into it, {@code start.jar --add-modules=chatsocket}, drop
 * the WAR into webapps/. Started with the deployer scanning webapps/ every second, so that replacing
 * the WAR redeploys it as a hot-deploying operator would.
 */
final class StockJetty extends StockServer {

    static final Path OVERLAY = Path.of("target/chatsocket-jetty-base.zip");
    private static final Pattern CLASS_LOADER_ROW =
            Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+org\\.eclipse\\.jetty\\.ee\\.webapp\\.WebAppClassLoader\\s*$",
                    Pattern.MULTILINE);
    /** How long an undeployed application's stop may still be running once the new one answers. */
    private static final Duration UNDEPLOY_SETTLES = Duration.ofSeconds(30);

    StockJetty() throws IOException {
        super("chatsocket.stock.jetty", "jetty");
    }

    @Override
    void prepareBase() throws Exception {
        unzip(OVERLAY, base);
        Process addModules = new ProcessBuilder(java().toString(), "-jar", home.resolve("start.jar").toString(),
                "--add-modules=chatsocket")
                .directory(base.toFile()).redirectErrorStream(true)
                .redirectOutput(base.resolve("add-modules.log").toFile()).start();
        if (!addModules.waitFor(60, TimeUnit.SECONDS) || addModules.exitValue() != 0) {
            throw new AssertionError("start.jar --add-modules=chatsocket failed:\n"
                    + Files.readString(base.resolve("add-modules.log")));
        }
    }

    @Override
    List<String> command() {
        return List.of(java().toString(), "-jar", home.resolve("start.jar").toString(),
                "jetty.http.port=" + port, "jetty.deploy.scanInterval=1");
    }

    @Override
    Map<String, String> environment() {
        return Map.of();
    }

    @Override
    void redeploy() throws IOException {
        // The scanner redeploys a WAR whose modification time changed.
        Path war = base.resolve("webapps/chatsocket.war");
        Files.setLastModifiedTime(war, FileTime.from(Instant.now().plusSeconds(2)));
    }

    /**
     * Counts live {@code WebAppClassLoader}s in the server JVM with {@code jcmd GC.class_histogram}, which
     * runs a full GC first: one, the running application's; any more would be an undeployed
     * application held in memory. This also covers threads: a thread the old application started and
     * left running holds its class loader (as its context class loader and through the code it runs).
     *
     * <p>Counted again until it is one or {@link #UNDEPLOY_SETTLES} has passed: Jetty's deployer starts
     * the new application before it stops the old one, and the old one's stop (its clients closed
     * with 1001 first, then the history database closed and its threads joined) may still be running
     * when the new one already answers. A leak outlives the wait; the failure then shows the threads.
     */
    @Override
    void assertNoLeakedClassLoaders() throws Exception {
        long deadline = System.nanoTime() + UNDEPLOY_SETTLES.toNanos();
        int loaders = liveWebAppClassLoaders();
        while (loaders > 1 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            loaders = liveWebAppClassLoaders();
        }
        if (loaders != 1) {
            fail(loaders + " live web application class loaders after a full GC, expected 1, "
                    + UNDEPLOY_SETTLES.toSeconds() + " s after the last redeploy; the server's threads:\n" + jcmd("Thread.print"));
        }
    }

    private int liveWebAppClassLoaders() throws IOException, InterruptedException {
        Matcher row = CLASS_LOADER_ROW.matcher(jcmd("GC.class_histogram"));
        return row.find() ? Integer.parseInt(row.group(1)) : 0;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(javaHome(), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), command)
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        process.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("entry outside the base: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
