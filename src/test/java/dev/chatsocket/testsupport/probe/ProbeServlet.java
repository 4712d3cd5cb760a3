package dev.chatsocket.testsupport.probe;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Added to the real WAR by {@code ContainerSmokeIT}: answers whether CDI injected a bean into a
 * servlet (Weld from the WAR's WEB-INF/lib, through the container's integration).
 */
@WebServlet("/__probe/cdi")
public class ProbeServlet extends HttpServlet {

    @Inject
    ProbeBean bean;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().print(bean == null ? "not injected" : "injected: " + bean.hello());
    }
}
