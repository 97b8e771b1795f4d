package dev.touchstone.ingest;

import dev.touchstone.common.JobFailure;
import dev.touchstone.storage.BlobStoreException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An import that fails for the server's reasons says so in words, with a reference into the log, and never shows the
 * exception: before, a failure inside the database showed jOOQ's "SQL [insert into episode ...]" on the import page.
 */
class ImportFailureTest {

    @Test
    void aDatabaseFailureIsWordedWithAReferenceAndNoSql() {
        ImportFailure failure = ImportFailure.of(new org.jooq.exception.DataAccessException(
                "SQL [insert into episode (id, name) values (?, ?)]; ERROR: could not extend file",
                new SQLException("could not extend file \"base/5/16384\": No space left on device", "53100")));

        assertThat(failure.cause()).isEqualTo(JobFailure.Cause.DATABASE_FULL);
        assertThat(failure.reference()).matches("I-[0-9A-F]{8}");
        assertThat(failure.message()).startsWith("The database's disk is full.").contains(failure.reference())
                .doesNotContain("SQL").doesNotContain("insert").doesNotContain("base/5");
    }

    @Test
    void aFullServerDiskIsTheServersFaultNotTheRecordings() {
        IOException full = new IOException("/data/work/imports/job-1/s0.tssg: No space left on device");
        BlobStoreException storeFull = new BlobStoreException("Cannot store blob 'a/episodes/b/c'", full);

        assertThat(ImportFailure.isServers(full)).isTrue();
        assertThat(ImportFailure.isServers(storeFull)).isTrue();
        assertThat(ImportFailure.of(storeFull).message()).startsWith("The server's disk is full.")
                .contains("episodes already imported are skipped").doesNotContain("/data/work");
        assertThat(ImportFailure.isServers(new IOException("session/broken.tslines: line 2 has 2 columns, expected 3")))
                .as("a recording's own fault keeps its message").isFalse();
    }

    @Test
    void anythingElseNamesOnlyTheReference() {
        ImportFailure bug = ImportFailure.of(new IllegalStateException("SQL [update import_job set x = ?]; boom"));

        assertThat(bug.cause()).isEqualTo(JobFailure.Cause.OTHER);
        assertThat(bug.message()).contains("error reference " + bug.reference()).contains("server log")
                .doesNotContain("SQL").doesNotContain("boom");
    }
}
