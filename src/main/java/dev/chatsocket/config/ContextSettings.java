package dev.chatsocket.config;

import jakarta.servlet.ServletContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Loads {@link Settings} for a web application, with the WAR's own chatsocket.properties. */
public final class ContextSettings {
    static final String PACKAGED_FILE = "/WEB-INF/chatsocket.properties";

    private ContextSettings() {
    }

    public static Settings load(ServletContext context) {
        Properties packaged = new Properties();
        try (InputStream in = context.getResourceAsStream(PACKAGED_FILE)) {
            if (in != null) {
                packaged.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PACKAGED_FILE, e);
        }
        return Settings.fromEnvironment(packaged);
    }
}
