package dev.touchstone.ingest.upload;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Deletes abandoned uploads: rows whose expiry passed (nobody created, patched or imported them for
 * {@code touchstone.upload.expire-after}) with their files, and files whose row is gone (a crash between deleting
 * the two) once they are an hour old. Runs every {@code touchstone.upload.sweep-interval} on every replica; the
 * deletes are conditional, so replicas sweeping at once do no harm.
 */
@Component
class UploadSweeper {

    private static final Logger log = LoggerFactory.getLogger(UploadSweeper.class);
    /** A file without a row is left this long: its row may be on its way (created just before the file). */
    static final Duration ORPHAN_GRACE = Duration.ofHours(1);
    private static final int BATCH = 500;

    private final UploadRepository uploads;
    private final UploadFiles files;
    private final Clock clock;

    UploadSweeper(UploadRepository uploads, UploadFiles files, Clock clock) {
        this.uploads = uploads;
        this.files = files;
        this.clock = clock;
    }

    /** What one sweep deleted. */
    record Swept(int uploads, int orphanFiles, long bytes) {
    }

    @Scheduled(fixedDelayString = "${touchstone.upload.sweep-interval:10m}",
            initialDelayString = "${touchstone.upload.sweep-interval:10m}")
    void scheduled() {
        try {
            Swept swept = sweep();
            if (swept.uploads() + swept.orphanFiles() > 0) {
                log.info("Swept {} expired uploads and {} orphaned upload files ({} bytes)", swept.uploads(),
                        swept.orphanFiles(), swept.bytes());
            }
        } catch (RuntimeException | IOException e) {
            log.warn("The upload sweep failed; it runs again later: {}", e.toString());
        }
    }

    Swept sweep() throws IOException {
        Instant now = clock.instant();
        int expired = 0;
        long bytes = 0;
        List<UploadRepository.Expired> batch;
        do {
            batch = uploads.expired(now, BATCH);
            for (UploadRepository.Expired upload : batch) {
                if (uploads.deleteExpired(upload.id(), now)) {
                    bytes += files.delete(upload.organizationId(), upload.id());
                    expired++;
                }
            }
        } while (batch.size() == BATCH);
        List<UploadFiles.Found> onDisk = files.all();
        Set<UUID> known = uploads.existing(onDisk.stream().map(UploadFiles.Found::uploadId).toList());
        int orphans = 0;
        for (UploadFiles.Found file : onDisk) {
            if (!known.contains(file.uploadId()) && file.modified().isBefore(now.minus(ORPHAN_GRACE))) {
                bytes += files.delete(file.organizationId(), file.uploadId());
                orphans++;
            }
        }
        return new Swept(expired, orphans, bytes);
    }
}
