package dev.chatsocket.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
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
     */
    @Override
    void assertNoLeakedClassLoaders() throws Exception {
        Path jcmd = Path.of(javaHome(), "bin", "jcmd");
        Process histogram = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        String out = new String(histogram.getInputStream().readAllBytes());
        histogram.waitFor(60, TimeUnit.SECONDS);
        Matcher row = CLASS_LOADER_ROW.matcher(out);
        int loaders = row.find() ? Integer.parseInt(row.group(1)) : 0;
        assertEquals(1, loaders, "live web application class loaders after a full GC");
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
