package dev.chatsocket.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The little SQL that H2 and PostgreSQL write differently: inserting a row only when its key is
 * new. Everything else the store says is standard SQL that both run.
 */
enum Dialect {
    /** Standard MERGE with only a WHEN NOT MATCHED branch: H2 has no ON CONFLICT outside its PostgreSQL mode. */
    H2 {
        @Override
        String insertIfAbsent(String table, List<Column> columns, List<String> key) {
            String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
            String casts = columns.stream().map(c -> "CAST(? AS " + c.type() + ")").collect(Collectors.joining(", "));
            String on = key.stream().map(k -> "t." + k + " = s." + k).collect(Collectors.joining(" AND "));
            String values = columns.stream().map(c -> "s." + c.name()).collect(Collectors.joining(", "));
            return "MERGE INTO " + table + " t USING (VALUES (" + casts + ")) s(" + names + ") ON " + on
                    + " WHEN NOT MATCHED THEN INSERT (" + names + ") VALUES (" + values + ")";
        }
    },
    /** ON CONFLICT DO NOTHING: unlike MERGE, it cannot fail on a key that a concurrent transaction inserted. */
    POSTGRESQL {
        @Override
        String insertIfAbsent(String table, List<Column> columns, List<String> key) {
            String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
            String marks = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
            return "INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ") ON CONFLICT (" + String.join(", ", key) + ") DO NOTHING";
        }
    };

    /** A column of an insert, with its SQL type (H2 needs it to type the parameters of a MERGE source). */
    record Column(String name, String type) {
    }

    /**
     * An insert whose update count is 1 when the row was new and 0 when a row with the same
     * {@code key} was there already (which it leaves as it was); parameters in {@code columns} order.
     */
    abstract String insertIfAbsent(String table, List<Column> columns, List<String> key);

    static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        return switch (product.toLowerCase(Locale.ROOT)) {
            case "h2" -> H2;
            case "postgresql" -> POSTGRESQL;
            default -> throw new IllegalStateException("the history store runs on H2 or PostgreSQL, not " + product);
        };
    }
}
