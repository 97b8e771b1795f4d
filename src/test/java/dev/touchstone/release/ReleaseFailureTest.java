package dev.touchstone.release;

import dev.touchstone.common.JobFailure;

import dev.touchstone.storage.BlobStoreException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which words a failed build gets, from the exception chain alone (issue 18 item 11). The exceptions are built the
 * way their owners throw them: the JDK's ENOSPC text, PostgreSQL's SQL states wrapped by jOOQ, HikariCP's connection
 * timeout, DuckDB's state-less SQLException.
 */
class ReleaseFailureTest {

    @Test
    void aFullServerDiskIsTheServersDiskWhereverTheWriteWas() {
        IOException enospc = new IOException("No space left on device");
        assertThat(JobFailure.classify(new BlobStoreException(
                "Cannot store blob 'releases/a/b/labels.jsonl' in /data/blobs: " + enospc, enospc)))
                .isEqualTo(JobFailure.Cause.STORAGE_FULL);
        assertThat(JobFailure.classify(new UncheckedIOException(new FileSystemException("/data/work/x", null,
                "No space left on device")))).isEqualTo(JobFailure.Cause.STORAGE_FULL);
        assertThat(JobFailure.classify(new IOException("Disk quota exceeded")))
                .isEqualTo(JobFailure.Cause.STORAGE_FULL);
        // DuckDB writing a parquet file into the work folder: an SQLException without a state, but the server's disk
        assertThat(JobFailure.classify(new IOException("Cannot write data.parquet: IO Error",
                new SQLException("IO Error: Could not write file \"/data/work/x.parquet\": No space left on device"))))
                .isEqualTo(JobFailure.Cause.STORAGE_FULL);
    }

    @Test
    void theDatabasesVerdictComesFirst() {
        SQLException full = new SQLException("ERROR: could not extend file \"base/5/16384\": No space left on device",
                "53100");
        assertThat(JobFailure.classify(new org.jooq.exception.DataAccessException(
                "SQL [insert into release_item ...]; " + full.getMessage(), full)))
                .as("PostgreSQL's words name ENOSPC too, but it is the database's disk")
                .isEqualTo(JobFailure.Cause.DATABASE_FULL);
        assertThat(JobFailure.classify(new org.jooq.exception.DataAccessException("SQL [select 1]",
                new SQLException("An I/O error occurred while sending to the backend.", "08006"))))
                .isEqualTo(JobFailure.Cause.DATABASE_UNAVAILABLE);
        assertThat(JobFailure.classify(new RuntimeException(new SQLException(
                "FATAL: terminating connection due to administrator command", "57P01"))))
                .isEqualTo(JobFailure.Cause.DATABASE_UNAVAILABLE);
        assertThat(JobFailure.classify(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out "
                        + "after 30000ms."))))
                .isEqualTo(JobFailure.Cause.DATABASE_UNAVAILABLE);
    }

    @Test
    void everythingElseGetsTheReferenceAndNoDetails() {
        ReleaseFailure failure = ReleaseFailure.of(new IllegalStateException("SQL [update release set x = ?]; boom"));
        assertThat(failure.cause()).isEqualTo(JobFailure.Cause.OTHER);
        assertThat(failure.reference()).matches("R-[0-9A-F]{8}");
        assertThat(failure.message()).isEqualTo("The release could not be built (error reference "
                + failure.reference() + "); details are in the server log. Build it again under a new version, or "
                + "ask an administrator.").doesNotContain("SQL", "boom");
        assertThat(ReleaseFailure.of(new IOException("No space left on device")).message())
                .startsWith("The server's disk is full: the release could not be written. Free space or ask an "
                        + "administrator, then build it again");
        assertThat(ReleaseFailure.of(new RuntimeException("x")).reference())
                .as("a new reference each time").isNotEqualTo(failure.reference());
    }
}
