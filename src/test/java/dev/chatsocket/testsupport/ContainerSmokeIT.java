package dev.chatsocket.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.chatsocket.testsupport.container.Deployments;
import dev.chatsocket.testsupport.probe.ProbeBean;
import dev.chatsocket.testsupport.probe.ProbeServlet;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Smoke test of the container wiring, run on every container of the build (Jetty 12.1, Tomcat 11,
 * Tomcat 10.1): the real target/chatsocket.war deploys at "/" and at "/chatsocket", serves a static
 * file and a JSP with JSTL, and CDI (Weld from the WAR) injects an application-scoped bean into a
 * servlet. The probe files and classes are added to the real WAR, nothing is removed from it.
 */
@ExtendWith(ArquillianExtension.class)
class ContainerSmokeIT {

    private static final String STATIC_TEXT = "chatsocket smoke";

    @Deployment(name = "root", testable = false)
    static WebArchive atRoot() {
        return probed();
    }

    @Deployment(name = "chatsocket", testable = false)
    @TargetsContainer(Deployments.CHATSOCKET)
    static WebArchive atChatsocket() {
        return probed();
    }

    private static WebArchive probed() {
        return Deployments.chatsocketWar()
                .addAsWebResource(new StringAsset(STATIC_TEXT), "__probe/static.txt")
                .addAsWebResource(new StringAsset(
                        "<%@ taglib prefix=\"c\" uri=\"jakarta.tags.core\" %>"
                                + "<%@ page contentType=\"text/plain;charset=UTF-8\" %>"
                                + "jsp:<c:out value=\"${1 + 1}\"/>:<c:out value=\"${pageContext.request.contextPath}\"/>"),
                        "__probe/page.jsp")
                .addClasses(ProbeServlet.class, ProbeBean.class);
    }

    @ArquillianResource
    @OperateOnDeployment("root")
    URL root;

    @ArquillianResource
    @OperateOnDeployment("chatsocket")
    URL chatsocket;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void rootContext() throws Exception {
        assertEquals("/", URI.create(root.toString()).getPath());
        assertApplicationAnswers(root, "");
    }

    @Test
    void chatsocketContext() throws Exception {
        assertEquals("/chatsocket/", URI.create(chatsocket.toString()).getPath());
        assertApplicationAnswers(chatsocket, "/chatsocket");
        // and it is really there, not at the root of that server
        URI outside = URI.create(chatsocket.toString()).resolve("/__probe/static.txt");
        assertEquals(404, get(outside).statusCode());
    }

    private void assertApplicationAnswers(URL base, String contextPath) throws Exception {
        URI b = URI.create(base.toString());

        HttpResponse<String> index = get(b);
        assertTrue(index.statusCode() < 500, "GET " + b + " -> " + index.statusCode() + "\n" + index.body());

        HttpResponse<String> file = get(b.resolve("__probe/static.txt"));
        assertEquals(200, file.statusCode(), file.body());
        assertEquals(STATIC_TEXT, file.body());

        HttpResponse<String> jsp = get(b.resolve("__probe/page.jsp"));
        assertEquals(200, jsp.statusCode(), jsp.body());
        assertEquals("jsp:2:" + contextPath, jsp.body().trim());

        HttpResponse<String> cdi = get(b.resolve("__probe/cdi"));
        assertEquals(200, cdi.statusCode(), cdi.body());
        assertEquals("injected: hello from ProbeBean", cdi.body());
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
