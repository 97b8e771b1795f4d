package dev.touchstone.release.lerobot;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** Parquet through DuckDB, written from JSON Lines so no table has to sit in memory. */
final class Parquet {

    private Parquet() {
    }

    /** Turns a JSON Lines file into parquet with exactly these column types (DuckDB streams it through). */
    static void write(Path jsonLines, Path parquet, Map<String, String> columns, String huggingFace)
            throws IOException {
        StringBuilder spec = new StringBuilder("{");
        StringBuilder select = new StringBuilder();
        for (Map.Entry<String, String> column : columns.entrySet()) {
            if (spec.length() > 1) {
                spec.append(", ");
                select.append(", ");
            }
            spec.append(literal(column.getKey())).append(": ").append(literal(column.getValue()));
            select.append('"').append(column.getKey().replace("\"", "\"\"")).append('"');
        }
        spec.append('}');
        String sql = "COPY (SELECT " + select + " FROM read_json(" + literal(jsonLines.toString())
                + ", format = 'newline_delimited', columns = " + spec + ")) TO "
                + literal(parquet.toString()) + " (FORMAT parquet, COMPRESSION snappy"
                + (huggingFace == null ? "" : ", KV_METADATA {huggingface: " + literal(huggingFace) + "}") + ")";
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            statement.execute("SET threads = 1");
            statement.execute("SET memory_limit = '1GB'");
            // the episodes table's dataset_from_index and dataset_to_index point into the rows in written order
            statement.execute("SET preserve_insertion_order = true");
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IOException("Cannot write " + parquet.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
