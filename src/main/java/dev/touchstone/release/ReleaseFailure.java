package dev.touchstone.release;

import dev.touchstone.common.JobFailure;

/**
 * Why a build failed, in words a person can act on (issue 18 item 11): the release row, its page, the API and the
 * audit log show {@link #message()}; the exception with its SQL or paths goes only to the server log, under the
 * {@link #reference()} the message names (docs/release/releases.md, "When a build fails").
 *
 * @param cause     what kind of failure it was
 * @param reference a short random id ("R-1A2B3C4D") that the stored message and the log line share
 */
record ReleaseFailure(JobFailure.Cause cause, String reference) {

    /** Stored when a release was found building with no live server (see {@code ReleaseRecovery}). */
    static final String INTERRUPTED = "Interrupted: the server stopped while building this release; build it again "
            + "under a new version.";

    static ReleaseFailure of(Throwable failure) {
        return new ReleaseFailure(JobFailure.classify(failure), JobFailure.newReference('R'));
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
}
