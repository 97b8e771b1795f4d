package dev.touchstone.ingest;

import dev.touchstone.common.JobFailure;

/**
 * An import's failure that is not about the recording (a full disk, the database, a bug), in words a person can act
 * on: the job row and its notes show {@link #message()}; the exception, with its SQL or paths, goes only to the server
 * log under the {@link #reference()} the message names. A recording's own faults (a format error, a zip bomb) keep
 * their message, which already says what is wrong with the file.
 *
 * @param reference a short random id ("I-1A2B3C4D") that the stored message and the log line share
 */
record ImportFailure(JobFailure.Cause cause, String reference) {

    static ImportFailure of(Throwable failure) {
        return new ImportFailure(JobFailure.classify(failure), JobFailure.newReference('I'));
    }

    /** Whether an I/O failure is the server's (a full disk) rather than the recording's. */
    static boolean isServers(Throwable failure) {
        return JobFailure.classify(failure) != JobFailure.Cause.OTHER;
    }

    String message() {
        return switch (cause) {
            case STORAGE_FULL -> "The server's disk is full. Free space or ask an administrator, then start the import "
                    + "again: episodes already imported are skipped. Error reference " + reference + ".";
            case DATABASE_FULL -> "The database's disk is full. Ask an administrator to free space for the database, "
                    + "then start the import again. Error reference " + reference + ".";
            case DATABASE_UNAVAILABLE -> "The database could not be reached during the import. Start it again once the "
                    + "server works again; if this keeps happening, ask an administrator. Error reference "
                    + reference + ".";
            case OTHER -> "An unexpected error stopped it (error reference " + reference + "); details are in the "
                    + "server log. Start the import again, or ask an administrator.";
        };
    }
}
