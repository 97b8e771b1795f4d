package dev.touchstone.database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Notices that the embedded PostgreSQL has died (killed, or crashed on a full disk: PostgreSQL's own crash restart
 * gives up when recovery cannot write) and starts it again on the same port, so the connection pool reconnects by
 * itself. Failed restarts are retried with a growing pause; after {@code failuresBeforeBroken} failures in a row the
 * listener hears that the server cannot be brought back (the application then reports liveness DOWN so that a
 * supervisor restarts it), and hears again when a later attempt succeeds.
 */
final class EmbeddedDatabaseWatchdog implements AutoCloseable {

    /** What the application does when the server stays down, and when it is back. */
    interface Listener {
        void serverUnrecoverable(String reason);

        void serverRecovered();
    }

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseWatchdog.class);

    private final EmbeddedDatabase database;
    private final Duration checkInterval;
    private final Duration firstRetryPause;
    private final Duration maxRetryPause;
    private final int failuresBeforeBroken;
    private final Listener listener;
    private final Thread thread;
    private volatile boolean stopped;

    EmbeddedDatabaseWatchdog(EmbeddedDatabase database, Duration checkInterval, Duration firstRetryPause,
                             Duration maxRetryPause, int failuresBeforeBroken, Listener listener) {
        this.database = database;
        this.checkInterval = checkInterval;
        this.firstRetryPause = firstRetryPause;
        this.maxRetryPause = maxRetryPause;
        this.failuresBeforeBroken = failuresBeforeBroken;
        this.listener = listener;
        this.thread = Thread.ofPlatform().daemon().name("embedded-postgres-watchdog").unstarted(this::run);
    }

    EmbeddedDatabaseWatchdog start() {
        if (!database.canRestart()) {
            log.warn("Embedded PostgreSQL in {}: its pg_ctl is unknown, so it will not be restarted if it dies",
                    database.dataDirectory());
            return this;
        }
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (!stopped) {
                Thread.sleep(checkInterval);
                if (!stopped && !database.isClosed() && !database.isServerRunning()) {
                    restartUntilBack();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void restartUntilBack() throws InterruptedException {
        log.warn("Embedded PostgreSQL (PID {}) in {} is no longer running; restarting it on port {}",
                database.postmasterPid(), database.dataDirectory(), database.port());
        long down = System.nanoTime();
        Duration pause = firstRetryPause;
        int failures = 0;
        while (!stopped) {
            try {
                database.restartServer();
                log.info("Embedded PostgreSQL restarted on port {} (PID {}), {} ms after it was found down",
                        database.port(), database.postmasterPid(), millisSince(down));
                if (failures >= failuresBeforeBroken) {
                    listener.serverRecovered();
                }
                return;
            } catch (RuntimeException e) {
                if (stopped || database.isClosed()) {
                    return; // stopped on purpose, e.g. by the JVM's shutdown hook
                }
                failures++;
                log.error("Restart {} of the embedded PostgreSQL failed ({}); next attempt in {} ms", failures,
                        e.getMessage(), pause.toMillis());
                if (failures == failuresBeforeBroken) {
                    listener.serverUnrecoverable("The embedded PostgreSQL has been down for " + millisSince(down)
                            + " ms and " + failures + " restarts failed: " + e.getMessage());
                }
            }
            Thread.sleep(pause);
            pause = pause.multipliedBy(2).compareTo(maxRetryPause) > 0 ? maxRetryPause : pause.multipliedBy(2);
        }
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    /** Stops watching; call before the database closes, so that a stop is not taken for a crash. */
    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(90));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
