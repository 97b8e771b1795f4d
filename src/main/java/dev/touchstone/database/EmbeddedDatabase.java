package dev.touchstone.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An embedded PostgreSQL 18 server (binaries from Maven Central) bound to loopback. With a persistent directory its
 * data survives restarts; the server holds a lock on the directory so a second process fails instead of corrupting
 * the cluster.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    public static EmbeddedDatabase persistent(Path dataDirectory) {
        return start(dataDirectory.toAbsolutePath().normalize(), false);
    }

    public static EmbeddedDatabase ephemeral() {
        try {
            return start(Files.createTempDirectory("touchstone-pg"), true);
        } catch (IOException e) {
            throw new EmbeddedDatabaseException("Cannot create a temporary directory for the embedded PostgreSQL", e);
        }
    }

    private static EmbeddedDatabase start(Path dataDirectory, boolean clean) {
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new EmbeddedDatabaseException("Cannot create the embedded database directory " + dataDirectory
                    + " (" + e.getMessage() + "). Set TOUCHSTONE_DATA_DIR to a writable folder.", e);
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(clean)
                    .setPGStartupWait(Duration.ofSeconds(60));
            if (!clean) {
                // The library's defaults (-F, synchronous_commit=off) suit throw-away test databases; data a person
                // keeps must survive a power cut, so a later -c fsync=on overrides -F.
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            }
            EmbeddedPostgres postgres = builder.start();
            return new EmbeddedDatabase(postgres, dataDirectory);
        } catch (IOException | RuntimeException e) {
            if (heldByAnotherServer(e)) {
                throw new EmbeddedDatabaseException("The embedded database in " + dataDirectory
                        + " is already in use by another Touchstone process. Stop that process, or start this one"
                        + " with TOUCHSTONE_DATA_DIR pointing to another folder.", e);
            }
            throw new EmbeddedDatabaseException("The embedded PostgreSQL in " + dataDirectory + " did not start: "
                    + e, e);
        }
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

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() {
        try {
            postgres.close();
            log.info("Embedded PostgreSQL stopped cleanly ({})", dataDirectory);
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL in {} did not stop cleanly: {}", dataDirectory, e.getMessage());
        }
    }
}
