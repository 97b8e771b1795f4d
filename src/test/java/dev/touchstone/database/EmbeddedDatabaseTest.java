package dev.touchstone.database;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The embedded PostgreSQL as the default run uses it: persistent, exclusive, version 18. */
class EmbeddedDatabaseTest {

    @TempDir
    Path dataDir;

    @Test
    void dataSurvivesARestart() throws SQLException {
        try (EmbeddedDatabase database = EmbeddedDatabase.persistent(dataDir)) {
            execute(database, "create table memo (text text)", "insert into memo values ('kept')");
        }
        try (EmbeddedDatabase database = EmbeddedDatabase.persistent(dataDir)) {
            assertThat(queryString(database, "select text from memo")).isEqualTo("kept");
        }
    }

    @Test
    void isPostgreSql18() throws SQLException {
        try (EmbeddedDatabase database = EmbeddedDatabase.persistent(dataDir)) {
            assertThat(queryString(database, "show server_version")).startsWith("18.");
        }
    }

    @Test
    void persistentDataIsWrittenDurably() throws SQLException {
        try (EmbeddedDatabase database = EmbeddedDatabase.persistent(dataDir)) {
            assertThat(queryString(database, "show fsync")).isEqualTo("on");
            assertThat(queryString(database, "show synchronous_commit")).isEqualTo("on");
        }
    }

    @Test
    void aSecondInstanceOnTheSameDirectoryFailsWithAClearMessage() throws SQLException {
        try (EmbeddedDatabase first = EmbeddedDatabase.persistent(dataDir)) {
            execute(first, "create table memo (text text)", "insert into memo values ('safe')");
            assertThatThrownBy(() -> EmbeddedDatabase.persistent(dataDir))
                    .isInstanceOf(EmbeddedDatabaseException.class)
                    .hasMessageContaining("already in use by another Touchstone process")
                    .hasMessageContaining(dataDir.toAbsolutePath().toString());
            // The running server is unharmed by the refused second start.
            assertThat(queryString(first, "select text from memo")).isEqualTo("safe");
        }
    }

    /** The startup failure report gives the advice for the cause that occurred, not one text for every cause. */
    @Test
    void theFailureReportAdvisesOnTheCauseThatOccurred() {
        try (EmbeddedDatabase first = EmbeddedDatabase.persistent(dataDir)) {
            EmbeddedDatabaseException inUse = catchThrowableOfType(EmbeddedDatabaseException.class,
                    () -> EmbeddedDatabase.persistent(dataDir));
            FailureAnalysis analysis = new EmbeddedDatabaseFailureAnalyzer().analyze(new RuntimeException(inUse));
            assertThat(analysis.getDescription()).contains("already in use by another Touchstone process");
            assertThat(analysis.getAction()).startsWith("Stop the other Touchstone process");
        }
        EmbeddedDatabaseException unwritable = catchThrowableOfType(EmbeddedDatabaseException.class,
                () -> EmbeddedDatabase.persistent(Path.of("/proc/touchstone-cannot-write-here")));
        assertThat(new EmbeddedDatabaseFailureAnalyzer().analyze(unwritable).getAction())
                .isEqualTo("Set TOUCHSTONE_DATA_DIR to a writable folder.");
    }

    @Test
    void passwordsInJdbcUrlsAreNotLogged() {
        assertThat(DatabaseConfiguration.redact("jdbc:postgresql://db/ts?user=a&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/ts?user=a&password=***&ssl=true");
    }

    private static void execute(EmbeddedDatabase database, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl());
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static String queryString(EmbeddedDatabase database, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }
}
