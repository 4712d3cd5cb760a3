package dev.chatsocket.testsupport.postgres;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A PostgreSQL server for one test class, started before its first test and stopped (its
 * directory deleted) after its last:
 * <pre>{@code @RegisterExtension static final PostgresExtension POSTGRES = new PostgresExtension();}</pre>
 * Each test takes a database of its own with {@code POSTGRES.server().newDatabase()}.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback {
    private PostgresServer server;

    public PostgresServer server() {
        if (server == null) {
            throw new IllegalStateException("register the extension in a static field: the server starts before all tests");
        }
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = PostgresServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
