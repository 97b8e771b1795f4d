package dev.touchstone.database;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded PostgreSQL after crashes, with real processes: a Touchstone JVM killed with {@code kill -9} (its server
 * lives on), and a server killed under a running Touchstone.
 */
class EmbeddedDatabaseRecoveryTest {

    /** Issue 18's target is kill -9 to a ready application in 20 s; the database's share must fit well inside it. */
    private static final Duration ORPHAN_RECOVERY_BOUND = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    /** Processes this test started or left behind, killed after each test whatever happened. */
    private final List<Process> children = new ArrayList<>();
    private final List<Long> postmasters = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        for (long pid : postmasters) {
            if (Postmaster.state(pid) == Postmaster.State.RUNNING && Postmaster.isPostgres(pid)) {
                Postmaster.signal(pid, "QUIT");
                Postmaster.awaitExit(pid, Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void aServerLeftByAKilledJvmIsStoppedAndTheNextStartIsQuick() throws Exception {
        startChild();
        long orphan = Postmaster.pidFromFile(dataDir).orElseThrow();
        postmasters.add(orphan);

        killChild();
        // The situation of issue 18: the JVM is gone, its PostgreSQL is not.
        assertThat(Postmaster.state(orphan)).isEqualTo(Postmaster.State.RUNNING);

        long started = System.nanoTime();
        try (EmbeddedDatabase database = EmbeddedDatabase.persistent(dataDir)) {
            assertThat(queryString(database.jdbcUrl(), "select text from memo")).isEqualTo("written before the kill");
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf("[pgrecovery] kill -9 of the JVM: the next start answered a query in %d ms%n",
                    took.toMillis());
            assertThat(took).isLessThan(ORPHAN_RECOVERY_BOUND);
            assertThat(database.postmasterPid()).isNotEqualTo(orphan);
            assertThat(Postmaster.state(orphan)).isNotEqualTo(Postmaster.State.RUNNING);
        }
    }

    @Test
    void aServerWhoseTouchstoneIsAliveIsLeftAlone() throws Exception {
        int port = startChild();
        long owned = Postmaster.pidFromFile(dataDir).orElseThrow();
        postmasters.add(owned);

        long started = System.nanoTime();
        assertThatThrownBy(() -> EmbeddedDatabase.persistent(dataDir))
                .isInstanceOf(EmbeddedDatabaseException.class)
                .hasMessageContaining("already in use by another Touchstone process")
                .extracting(e -> ((EmbeddedDatabaseException) e).action()).asString()
                .contains("Stop the other Touchstone process");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));

        assertThat(Postmaster.state(owned)).isEqualTo(Postmaster.State.RUNNING);
        assertThat(queryString("jdbc:postgresql://localhost:" + port + "/postgres?user=postgres",
                "select text from memo")).isEqualTo("written before the kill");
    }

    @Test
    void theWatchdogRestartsAKilledServerOnTheSamePort() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.persistent(dataDir);
             EmbeddedDatabaseWatchdog watchdog = new DatabaseConfiguration().embeddedDatabaseWatchdog(database,
                     event -> { })) {
            execute(database.jdbcUrl(), "create table memo (text text)", "insert into memo values ('committed')");
            long killed = database.postmasterPid();
            postmasters.add(killed);
            int port = database.port();

            assertThat(Postmaster.signal(killed, "KILL")).isTrue();
            long started = System.nanoTime();
            // Until the signal has taken effect, a connection can still reach the old server (CI saw that once).
            while (Postmaster.state(killed) == Postmaster.State.RUNNING
                    && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10)) {
                Thread.sleep(10);
            }
            String answer = awaitQuery(database.jdbcUrl(), "select text from memo", Duration.ofSeconds(60));
            System.out.printf("[pgrecovery] kill -9 of the postmaster: queries answer again after %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

            assertThat(answer).isEqualTo("committed");
            assertThat(database.port()).isEqualTo(port);
            // The new server answers before pg_ctl has exited and the restart has read its pid from the pid file
            long waited = System.nanoTime();
            while (database.postmasterPid() == killed
                    && System.nanoTime() - waited < TimeUnit.SECONDS.toNanos(10)) {
                Thread.sleep(10);
            }
            assertThat(database.postmasterPid()).isNotEqualTo(killed);
            postmasters.add(database.postmasterPid());
        }
    }

    /**
     * The application's wiring with its production settings (checks every second, pauses of 1, 2, 4 s): liveness turns
     * BROKEN after 3 failed restarts, and CORRECT once a restart works again.
     */
    @Test
    void livenessIsBrokenWhileTheServerCannotBeRestartedAndCorrectOnceItIsBack() throws Exception {
        List<LivenessState> liveness = new CopyOnWriteArrayList<>();
        ApplicationEventPublisher events = event -> {
            if (event instanceof AvailabilityChangeEvent<?> change && change.getState() instanceof LivenessState state) {
                liveness.add(state);
            }
        };
        try (EmbeddedDatabase database = EmbeddedDatabase.persistent(dataDir);
             EmbeddedDatabaseWatchdog watchdog = new DatabaseConfiguration().embeddedDatabaseWatchdog(database,
                     events)) {
            Path config = dataDir.resolve("postgresql.conf");
            String good = Files.readString(config);
            // PostgreSQL reads its configuration at start only: the running server is unaffected, a new one refuses.
            Files.writeString(config, good + "\nthis line is not a setting\n");
            long killed = database.postmasterPid();
            postmasters.add(killed);
            long started = System.nanoTime();
            Postmaster.signal(killed, "KILL");

            awaitTrue(() -> liveness.contains(LivenessState.BROKEN), Duration.ofSeconds(60));
            System.out.printf("[pgrecovery] server unrestartable: liveness BROKEN after %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            assertThat(liveness).containsExactly(LivenessState.BROKEN);

            Files.writeString(config, good);
            awaitTrue(() -> liveness.contains(LivenessState.CORRECT), Duration.ofSeconds(60));
            assertThat(liveness).containsExactly(LivenessState.BROKEN, LivenessState.CORRECT);
            assertThat(queryString(database.jdbcUrl(), "select 1")).isEqualTo("1");
            postmasters.add(database.postmasterPid());
        }
    }

    /** Starts {@link EmbeddedDatabaseChild} in its own JVM on {@link #dataDir}; returns its server's port. */
    private int startChild() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path output = dataDir.resolveSibling(dataDir.getFileName() + "-child.log");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                EmbeddedDatabaseChild.class.getName(), dataDir.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        children.add(child);
        Pattern ready = Pattern.compile("^READY (\\d+)$", Pattern.MULTILINE);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Matcher> match = Optional.of(ready.matcher(Files.exists(output) ? Files.readString(output) : ""))
                    .filter(Matcher::find);
            if (match.isPresent()) {
                return Integer.parseInt(match.get().group(1));
            }
            if (!child.isAlive()) {
                throw new AssertionError("The child JVM ended: " + Files.readString(output));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The child JVM did not get ready: " + Files.readString(output));
    }

    private void killChild() throws InterruptedException {
        Process child = children.getLast();
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private static String awaitQuery(String url, String sql, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return queryString(url, sql);
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s", timeout).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static void execute(String url, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static String queryString(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }
}
