package dev.touchstone.common;

import java.nio.file.FileSystemException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Why a background job (a release build, an import) failed, as far as its exception tells, so that the job's row can
 * say what a person can do instead of showing the exception with its SQL or paths; the exception itself goes to the
 * log under a reference the stored message names (docs/operations.md).
 */
public final class JobFailure {

    /** What went wrong. */
    public enum Cause {
        /** The server's own disk (blob store folder or work folder) is full or over quota. */
        STORAGE_FULL,
        /** PostgreSQL has no room left (SQL state 53100, or an I/O error naming a full disk). */
        DATABASE_FULL,
        /** The database could not be reached, was shutting down or refused connections. */
        DATABASE_UNAVAILABLE,
        /** Anything else: a bug, ffmpeg, the object store, bad data. */
        OTHER
    }

    private JobFailure() {
    }

    /** A short random id ("R-1A2B3C4D" for the letter R) that a stored message and its log line share. */
    public static String newReference(char letter) {
        byte[] bytes = new byte[4];
        ThreadLocalRandom.current().nextBytes(bytes);
        return letter + "-" + HexFormat.of().withUpperCase().formatHex(bytes);
    }

    public static Cause classify(Throwable failure) {
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

}
