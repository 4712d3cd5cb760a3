package dev.chatsocket.launcher;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Answers 503 to every new request for a web application that is being stopped, from the moment
 * the stop begins. Jetty would otherwise route requests to it until it is stopping and answer 404
 * after (a stopping context declines requests, and nothing else matches): neither is what a load
 * balancer or a reconnecting chat client should hear. Connections already upgraded are not
 * requests any more and are not affected: the application closes them with 1001 itself.
 */
final class StoppingContexts extends Handler.Wrapper {
    private static final String REASON = "this application is stopping\n";

    private final Set<String> stopping = ConcurrentHashMap.newKeySet();

    StoppingContexts(Handler contexts) {
        super(contexts);
    }

    /** From now on, requests under {@code contextPath} ("/" for all) get 503. */
    void stopping(String contextPath) {
        stopping.add(contextPath);
    }

    /** The application at {@code contextPath} is gone (or was deployed again): route as usual. */
    void stopped(String contextPath) {
        stopping.remove(contextPath);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!stopping.isEmpty() && isUnderStoppingContext(request.getHttpURI().getPath())) {
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE_503);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
            response.write(true, BufferUtil.toBuffer(REASON, StandardCharsets.UTF_8), callback);
            return true;
        }
        return super.handle(request, response, callback);
    }

    private boolean isUnderStoppingContext(String path) {
        for (String contextPath : stopping) {
            if (contextPath.equals("/") || path.equals(contextPath) || path.startsWith(contextPath + "/")) {
                return true;
            }
        }
        return false;
    }
}
