package dev.touchstone.ingest.upload;

import dev.touchstone.SignIn;
import dev.touchstone.TestClock;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Abandoned uploads expire: an upload nobody touched for the expiry (24 h by default) is deleted with its file by
 * the sweep; one that a PATCH moved on stays; a file whose row is gone is deleted once it is an hour old.
 */
@TouchstoneSpringTest
class UploadSweepTest {

    @Autowired SignIn signIn;
    @Autowired UploadService uploads;
    @Autowired UploadSweeper sweeper;
    @Autowired UploadFiles files;
    @Autowired CurrentOrganization current;
    @Autowired TestClock clock;

    @AfterEach
    void reset() {
        clock.reset();
        signIn.out();
    }

    @Test
    void anUploadUntouchedForTheExpiryIsSweptWithItsFileAndAPatchedOneStays() throws Exception {
        Instant start = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        clock.set(start);
        signIn.as("pm@acme.test");
        UUID organizationId = current.id();
        Upload abandoned = uploads.create("abandoned.bin", 10);
        uploads.append(abandoned.id(), 0, 4, new ByteArrayInputStream(new byte[4]));
        Upload resumed = uploads.create("resumed.bin", 10);
        assertThat(abandoned.expiresAt()).isEqualTo(start.plus(Duration.ofHours(24)));
        Path abandonedFile = files.path(organizationId, abandoned.id());
        assertThat(Files.size(abandonedFile)).isEqualTo(4);

        // 20 h later the second upload gets bytes: its expiry moves to 20 h + 24 h.
        clock.set(start.plus(Duration.ofHours(20)));
        Upload patched = uploads.append(resumed.id(), 0, 3, new ByteArrayInputStream(new byte[3]));
        assertThat(patched.expiresAt()).isEqualTo(start.plus(Duration.ofHours(44)));

        clock.set(start.plus(Duration.ofHours(23)));
        UploadSweeper.Swept early = sweeper.sweep();
        assertThat(uploads.upload(abandoned.id()).offset()).as("not yet expired").isEqualTo(4);

        clock.set(start.plus(Duration.ofHours(24)));
        UploadSweeper.Swept swept = sweeper.sweep();
        assertThat(swept.uploads()).isGreaterThanOrEqualTo(1);
        assertThatThrownBy(() -> uploads.upload(abandoned.id())).isInstanceOf(NotFoundInOrganizationException.class);
        assertThat(Files.exists(abandonedFile)).isFalse();
        assertThat(uploads.upload(resumed.id()).offset()).isEqualTo(3);
        assertThat(Files.size(files.path(organizationId, resumed.id()))).isEqualTo(3);
        assertThat(early.uploads()).isZero();
    }

    @Test
    void aFileWithoutARowIsDeletedOnceItIsAnHourOld() throws Exception {
        signIn.as("pm@acme.test");
        UUID organizationId = current.id();
        UUID stray = UUID.randomUUID();
        files.create(organizationId, stray);
        Path file = files.path(organizationId, stray);
        Instant now = Instant.now();
        clock.set(now);
        Files.setLastModifiedTime(file, FileTime.from(now.minus(Duration.ofMinutes(30))));
        sweeper.sweep();
        assertThat(Files.exists(file)).as("younger than the grace").isTrue();
        Files.setLastModifiedTime(file, FileTime.from(now.minus(Duration.ofMinutes(61))));
        assertThat(sweeper.sweep().orphanFiles()).isGreaterThanOrEqualTo(1);
        assertThat(Files.exists(file)).isFalse();
    }
}
