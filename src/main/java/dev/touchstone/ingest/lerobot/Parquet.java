package dev.touchstone.ingest.lerobot;

import dev.touchstone.ingest.ImportFormatException;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Parquet through DuckDB: a fresh in-memory database per read (nothing shared between import threads, nothing
 * left on disk), with results streamed in chunks so a long episode never sits in memory at once.
 */
final class Parquet {

    private Parquet() {
    }

    static Connection open() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("jdbc_stream_results", "true");
        return DriverManager.getConnection("jdbc:duckdb:", properties);
    }

    /** A column name for SQL: LeRobot names contain dots and slashes. */
    static String column(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** The values of a list or array cell as doubles; null when the cell is null. */
    static double[] doubles(Object cell, String file, String column, long row) throws ImportFormatException {
        if (cell == null) {
            return null;
        }
        Object[] items;
        try {
            items = cell instanceof Array array ? (Object[]) array.getArray()
                    : cell instanceof Object[] objects ? objects : null;
        } catch (SQLException e) {
            throw new ImportFormatException(file, "column '" + column + "' row " + row + " cannot be read: "
                    + e.getMessage(), e);
        }
        if (items == null) {
            if (cell instanceof Number number) {
                return new double[]{number.doubleValue()};
            }
            throw new ImportFormatException(file, "column '" + column + "' holds " + cell.getClass().getSimpleName()
                    + " values, expected lists of numbers");
        }
        double[] values = new double[items.length];
        for (int i = 0; i < items.length; i++) {
            if (!(items[i] instanceof Number number)) {
                throw new ImportFormatException(file, "column '" + column + "' row " + row + " value " + i
                        + " is " + (items[i] == null ? "null" : "not a number"));
            }
            values[i] = number.doubleValue();
        }
        return values;
    }

    static ImportFormatException problem(String file, SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
        return new ImportFormatException(file, "cannot read parquet: " + message, e);
    }
}
