package dev.chatsocket.launcher;

/** Context path spelling shared by the launcher and the test containers (no Jetty types here). */
public final class ContextPaths {

    private ContextPaths() {
    }

    /** "", null and "/" mean the root context "/"; anything else gets a leading and loses any trailing slash. */
    public static String normalize(String contextPath) {
        if (contextPath == null || contextPath.isBlank() || "/".equals(contextPath.trim())) {
            return "/";
        }
        String p = contextPath.trim();
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
