package io.tapdesk.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads the whole database for something that must not be stored (a pickup link, a pass value). */
public final class DatabaseScan {

    private DatabaseScan() {
    }

    /**
     * Every row of every table in the schema (bytes read as text, as PassLeakTest reads sessions and jobs) holds none
     * of {@code needles}: the walk's finding 4, a pickup link in plain text in the database.
     */
    public static void noRowHolds(JdbcClient sql, String... needles) {
        List<String> tables = sql.sql("select table_name from information_schema.tables where table_schema = current_schema() "
                + "and table_type = 'BASE TABLE'").query(String.class).list();
        assertThat(tables).contains("hand_over", "outbox_message", "audit_event", "scheduled_tasks");
        for (String table : tables) {
            List<String> rows = sql.sql("select * from \"" + table + "\"").query((rs, n) -> {
                StringBuilder row = new StringBuilder();
                for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                    Object value = rs.getObject(c);
                    row.append(value instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)
                            : String.valueOf(value)).append('|');
                }
                return row.toString();
            }).list();
            for (String needle : needles) {
                assertThat(rows).as("table " + table).noneSatisfy(row -> assertThat(row).contains(needle));
            }
        }
    }

}
