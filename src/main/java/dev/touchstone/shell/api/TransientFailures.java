package dev.touchstone.shell.api;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Whether a failure is the infrastructure's for a moment (the database down, restarting, out of connections or of
 * disk; the disk full; the object store unreachable) rather than the request's or the code's: such a request may well
 * work once the server is back, so the API answers 503 with {@code Retry-After} and clients keep their work and try
 * again. Everything else is a 500.
 * <p>
 * The whole cause chain is read, because the same failure arrives wrapped differently depending on where it
 * happened: Spring's {@code CannotGetJdbcConnectionException} around Hikari's {@code SQLTransientConnectionException},
 * a translated {@code DataAccessResourceFailureException} around a {@code PSQLException}, jOOQ's own
 * {@code DataAccessException} where no translation ran, a {@code BlobStoreException} around an {@code IOException}.
 * <p>
 * Where PostgreSQL gave a SQL state it decides: classes 08 (connection), 53 (insufficient resources: disk full
 * 53100, out of memory, too many connections), 57 (operator intervention: shut down, crashed, starting up, statement
 * timeout) and 58 (system error: I/O). Class 54 ("program limit exceeded", e.g. an index row too large), which
 * Spring also calls a resource failure, is the request's and the same every time: retrying it would never end.
 */
final class TransientFailures {

    private static final Set<String> TRANSIENT_SQL_STATE_CLASSES = Set.of("08", "53", "57", "58");
    /** The operating system's words for a full disk (ENOSPC) and a used-up quota (EDQUOT), as Java reports them. */
    private static final Set<String> DISK_FULL = Set.of("No space left on device", "Disk quota exceeded");
    private static final int MAX_DEPTH = 32;

    private TransientFailures() {
    }

    static boolean isTransient(Throwable failure) {
        boolean resourceFailure = false;
        boolean sqlStateSeen = false;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t) && seen.size() <= MAX_DEPTH; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException || t instanceof CannotGetJdbcConnectionException
                    || t instanceof CannotCreateTransactionException || t instanceof TransientDataAccessException
                    || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2) {
                sqlStateSeen = true;
                if (TRANSIENT_SQL_STATE_CLASSES.contains(sql.getSQLState().substring(0, 2))) {
                    return true;
                }
            }
            if (t instanceof IOException && isDiskFull(t.getMessage())) {
                return true;
            }
            resourceFailure |= t instanceof DataAccessResourceFailureException;
        }
        // Spring's "resource failure" without a SQL state to say more (not from JDBC, or a driver that gave none).
        return resourceFailure && !sqlStateSeen;
    }

    private static boolean isDiskFull(String message) {
        return message != null && DISK_FULL.stream().anyMatch(message::contains);
    }
}
