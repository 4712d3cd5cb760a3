package dev.chatsocket.distribution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stock Tomcat 11 distribution: {@code bin/catalina.sh run} with CATALINA_HOME the unpacked download
 * and CATALINA_BASE a fresh directory holding a copy of its conf/ (only the ports changed) and of its
 * manager application, which the test uses to reload chatsocket and to ask Tomcat for leaked class
 * loaders ({@code /manager/text/findleaks}), as an operator would.
 */
final class StockTomcat extends StockServer {

    private final String managerPassword = UUID.randomUUID().toString();

    StockTomcat() throws IOException {
        super("chatsocket.stock.tomcat", "tomcat");
    }

    @Override
    void prepareBase() throws IOException {
        copyTree(home.resolve("conf"), base.resolve("conf"));
        for (String dir : List.of("logs", "temp", "work", "webapps")) {
            Files.createDirectories(base.resolve(dir));
        }
        copyTree(home.resolve("webapps/manager"), base.resolve("webapps/manager"));
        Path serverXml = base.resolve("conf/server.xml");
        String xml = Files.readString(serverXml);
        // The HTTP connector on a free port; no shutdown port (the test stops Tomcat with SIGTERM).
        xml = xml.replace("port=\"8080\"", "port=\"" + port + "\"").replace("port=\"8005\"", "port=\"-1\"");
        Files.writeString(serverXml, xml);
        Files.writeString(base.resolve("conf/tomcat-users.xml"),
                "<tomcat-users xmlns=\"http://tomcat.apache.org/xml\" version=\"1.0\">\n"
                        + "  <user username=\"probe\" password=\"" + managerPassword + "\" roles=\"manager-script\"/>\n"
                        + "</tomcat-users>\n");
    }

    @Override
    List<String> command() {
        return List.of("bash", home.resolve("bin/catalina.sh").toString(), "run");
    }

    @Override
    Map<String, String> environment() {
        return Map.of("CATALINA_HOME", home.toString(), "CATALINA_BASE", base.toString(), "JAVA_HOME", javaHome());
    }

    @Override
    void redeploy() throws IOException {
        String answer = manager("reload?path=/chatsocket");
        assertTrue(answer.startsWith("OK"), "manager reload: " + answer);
    }

    @Override
    void assertNoLeakedClassLoaders() throws IOException {
        // Tomcat runs a full GC and lists every stopped application whose class loader is still reachable.
        String answer = manager("findleaks?statusLine=true");
        assertTrue(answer.startsWith("OK - No memory leaks found"), "manager findleaks: " + answer);
    }

    private String manager(String command) throws IOException {
        URI uri = URI.create("http://localhost:" + port + "/manager/text/" + command);
        HttpURLConnection http = (HttpURLConnection) uri.toURL().openConnection();
        String credentials = Base64.getEncoder().encodeToString(("probe:" + managerPassword).getBytes(StandardCharsets.UTF_8));
        http.setRequestProperty("Authorization", "Basic " + credentials);
        http.setReadTimeout(60_000);
        try {
            return new String(http.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        } finally {
            http.disconnect();
        }
    }
}
