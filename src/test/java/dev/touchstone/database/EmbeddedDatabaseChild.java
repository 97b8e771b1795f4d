package dev.touchstone.database;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A Touchstone stand-in for crash tests: a separate JVM that starts the embedded database on the folder given as its
 * argument, writes one row, prints {@code READY <port>} and waits to be killed.
 */
public final class EmbeddedDatabaseChild {

    public static void main(String[] args) throws Exception {
        EmbeddedDatabase database = EmbeddedDatabase.persistent(Path.of(args[0]));
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl());
             Statement statement = connection.createStatement()) {
            statement.execute("create table if not exists memo (text text)");
            statement.execute("insert into memo values ('written before the kill')");
        }
        System.out.println("READY " + database.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
