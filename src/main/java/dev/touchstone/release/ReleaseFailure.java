package dev.touchstone.release;

import java.nio.file.FileSystemException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.LinkedHashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Why a build failed, in words a person can act on (issue 18 item 11): the release row, its page, the API and the
 * audit log show {@link #message()}; the exception with its SQL or paths goes only to the server log, under the
 * {@link #reference()} the message names (docs/release/releases.md, "When a build fails").
 *
 * @param cause     what kind of failure it was
 * @param reference a short random id ("R-1A2B3C4D") that the stored message and the log line share
 */
record ReleaseFailure(Cause cause, String reference) {

    /** What went wrong, as far as the exception tells. */
    enum Cause {
        /** The server's own disk (blob store folder or work folder) is full or over quota. */
        STORAGE_FULL,
        /** PostgreSQL has no room left (SQL state 53100, or an I/O error naming a full disk). */
        DATABASE_FULL,
        /** The database could not be reached, was shutting down or refused connections. */
        DATABASE_UNAVAILABLE,
        /** Anything else: a bug, ffmpeg, the object store, bad data. */
        OTHER
    }

    /** Stored when a release was found building with no live server (see {@code ReleaseRecovery}). */
    static final String INTERRUPTED = "Interrupted: the server stopped while building this release; build it again "
            + "under a new version.";

    static ReleaseFailure of(Throwable failure) {
        return new ReleaseFailure(classify(failure), newReference());
    }

    String message() {
        return switch (cause) {
            case STORAGE_FULL -> "The server's disk is full: the release could not be written. Free space or ask an "
                    + "administrator, then build it again under a new version. Error reference " + reference + ".";
            case DATABASE_FULL -> "The database's disk is full: the release could not be saved. Ask an administrator "
                    + "to free space for the database, then build it again under a new version. Error reference "
                    + reference + ".";
            case DATABASE_UNAVAILABLE -> "The database could not be reached while the release was built. Build it "
                    + "again under a new version once the server works again; if this keeps happening, ask an "
                    + "administrator. Error reference " + reference + ".";
            case OTHER -> "The release could not be built (error reference " + reference + "); details are in the "
                    + "server log. Build it again under a new version, or ask an administrator.";
        };
    }

    static Cause classify(Throwable failure) {
        Set<Throwable> chain = chain(failure);
        // The database's own verdict first: PostgreSQL's "could not extend file ...: No space left on device" is
        // its disk, not the server's, although the words are the same.
        for (Throwable t : chain) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.equals("53100") || state.startsWith("58") && noSpace(t)) {
                    return Cause.DATABASE_FULL;
                }
                if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")) {
                    return Cause.DATABASE_UNAVAILABLE;
                }
            }
        }
        for (Throwable t : chain) {
            // Any writer's words: the JDK's, the blob store's, DuckDB's (an SQLException without a state).
            if (noSpace(t)) {
                return Cause.STORAGE_FULL;
            }
        }
        for (Throwable t : chain) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException
                    || t instanceof org.springframework.dao.DataAccessResourceFailureException) {
                return Cause.DATABASE_UNAVAILABLE;
            }
        }
        return Cause.OTHER;
    }

    /** ENOSPC or EDQUOT, as the JDK words them (in an IOException's message or a FileSystemException's reason). */
    private static boolean noSpace(Throwable t) {
        String text = t instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason()
                : t.getMessage();
        if (text == null) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.contains("no space left on device") || lower.contains("disk quota exceeded");
    }

    private static Set<Throwable> chain(Throwable failure) {
        Set<Throwable> seen = new LinkedHashSet<>();
        Throwable t = failure;
        while (t != null && seen.add(t)) {
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                seen.add(sql.getNextException());
            }
            t = t.getCause();
        }
        return seen;
    }

    private static String newReference() {
        byte[] bytes = new byte[4];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "R-" + HexFormat.of().withUpperCase().formatHex(bytes);
    }
}
