package dev.chatsocket.history;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;

/** Creates the store's tables, or brings them to this version's schema (db/migration), with Flyway. */
final class Schema {
    private Schema() {
    }

    /** @return the schema version now in the database */
    static String migrate(DataSource dataSource) {
        MigrateResult result = Flyway.configure(Schema.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                // Its own name, so that a database shared with other applications keeps theirs apart.
                .table("chatsocket_schema_history")
                // A database that already has other tables (a shared PostgreSQL schema) gets our
                // tables too; baselined below V1, so that V1 still runs.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        return result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
    }
}
