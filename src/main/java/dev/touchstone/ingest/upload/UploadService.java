package dev.touchstone.ingest.upload;

import dev.touchstone.ingest.ImportJob;
import dev.touchstone.ingest.ImportProperties;
import dev.touchstone.ingest.ImportService;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resumable uploads of the signed-in member's organization (the tus protocol's core, creation and termination, see
 * docs/ingest/uploads.md) and their import. Bytes go straight from the request to the upload's file at the stored
 * offset in 1 MiB pieces, never whole into memory; the offset in PostgreSQL only ever names bytes that are on disk
 * (the file is forced first), so after a dropped connection or a restart the upload resumes at it. Admins and
 * project managers, like imports.
 */
@Service
@PreAuthorize(Ability.Expressions.MANAGE)
public class UploadService {

    private static final Logger log = LoggerFactory.getLogger(UploadService.class);
    private static final int BUFFER = 1 << 20;
    /**
     * A PATCH stores its offset every this many bytes, not only at its end: a server killed in the middle of a long
     * PATCH loses at most this much.
     */
    static final long CHECKPOINT_BYTES = 64L << 20;

    private final CurrentOrganization current;
    private final UploadRepository uploads;
    private final UploadFiles files;
    private final ImportService imports;
    private final ImportProperties importProperties;
    private final Clock clock;
    private final Duration expireAfter;
    /** Uploads that a request of this replica is writing or importing right now. */
    private final Set<UUID> busy = ConcurrentHashMap.newKeySet();

    UploadService(CurrentOrganization current, UploadRepository uploads, UploadFiles files, ImportService imports,
                  ImportProperties importProperties, Clock clock,
                  @Value("${touchstone.upload.expire-after:24h}") Duration expireAfter) {
        this.current = current;
        this.uploads = uploads;
        this.files = files;
        this.imports = imports;
        this.importProperties = importProperties;
        this.clock = clock;
        this.expireAfter = expireAfter;
    }

    /** The largest upload this server takes ({@code touchstone.import.max-upload-size}). */
    public long maxSize() {
        return importProperties.maxUploadSize().toBytes();
    }

    /**
     * A new, empty upload of {@code length} bytes.
     *
     * @throws IllegalArgumentException for a negative length or an unusable file name
     * @throws UploadTooLargeException  above {@link #maxSize()}
     */
    public Upload create(String fileName, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("Upload-Length must be 0 or more bytes, not " + length);
        }
        if (length > maxSize()) {
            throw new UploadTooLargeException("The upload of " + length + " bytes is larger than this server's limit "
                    + "of " + maxSize() + " bytes (touchstone.import.max-upload-size); ask an admin to import it "
                    + "from the server or from storage");
        }
        String name = ImportService.safeFileName(fileName);
        UUID organizationId = current.id();
        Instant now = clock.instant();
        UUID id = uploads.insert(organizationId, current.requireUser().userId(), name, length, now,
                now.plus(expireAfter));
        files.create(organizationId, id);
        return require(organizationId, id);
    }

    /** @throws NotFoundInOrganizationException for a missing upload or one of another organization */
    public Upload upload(UUID uploadId) {
        return require(current.id(), uploadId);
    }

    private Upload require(UUID organizationId, UUID uploadId) {
        return uploads.upload(organizationId, uploadId)
                .orElseThrow(() -> new NotFoundInOrganizationException("No such upload"));
    }

    /**
     * Appends a PATCH body at {@code offset}. Whatever arrives is kept, also when the body ends early (the
     * connection dropped: {@link UploadInterruptedException}, whose offset is where to resume).
     *
     * @param contentLength the body's declared length, or -1 when sent chunked
     * @return the upload with its new offset
     * @throws UploadConflictException  when {@code offset} is not the stored offset, or the upload was imported
     * @throws UploadTooLargeException  when the body is longer than what the upload still lacks
     * @throws UploadBusyException      while another PATCH of the upload is being received
     */
    public Upload append(UUID uploadId, long offset, long contentLength, InputStream body) {
        UUID organizationId = current.id();
        Upload upload = require(organizationId, uploadId);
        if (upload.importJobId() != null) {
            throw new UploadConflictException("The upload was imported already (import " + upload.importJobId()
                    + "); it takes no more bytes", upload.offset());
        }
        long lacking = upload.length() - upload.offset();
        if (contentLength > lacking) {
            throw new UploadTooLargeException("The body has " + contentLength + " bytes but the upload lacks only "
                    + lacking + " of its " + upload.length());
        }
        if (!busy.add(uploadId)) {
            throw new UploadBusyException("Another PATCH of this upload is still being received; retry once it "
                    + "ended (a dropped connection is noticed within the server's read timeout)");
        }
        try {
            // Read the offset again under the lock: a PATCH that just ended may have moved it.
            upload = require(organizationId, uploadId);
            if (offset != upload.offset()) {
                throw new UploadConflictException("Upload-Offset " + offset + " is not the upload's offset "
                        + upload.offset() + "; ask HEAD for the offset and continue from there", upload.offset());
            }
            return receive(organizationId, upload, contentLength, body);
        } finally {
            busy.remove(uploadId);
        }
    }

    private Upload receive(UUID organizationId, Upload upload, long contentLength, InputStream body) {
        Path file = files.path(organizationId, upload.id());
        long stored = upload.offset();
        long position = stored;
        IOException dropped = null;
        boolean overflow = false;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[BUFFER];
            while (true) {
                int n;
                try {
                    n = body.read(buffer);
                } catch (IOException e) {
                    dropped = e;
                    break;
                }
                if (n < 0) {
                    break;
                }
                if (position + n > upload.length()) {
                    overflow = true;
                    n = (int) (upload.length() - position);
                }
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                while (bytes.hasRemaining()) {
                    position += channel.write(bytes, position);
                }
                if (overflow) {
                    break;
                }
                if (position - stored >= CHECKPOINT_BYTES) {
                    channel.force(false);
                    stored = store(organizationId, upload, stored, position);
                }
            }
            channel.force(false);
            // Bytes past the new offset (an earlier PATCH's that were written but never stored) are not data.
            channel.truncate(position);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("The upload's file " + file + " is gone (swept?); create a new upload", e);
        } catch (IOException e) {
            store(organizationId, upload, stored, stored);
            throw new UncheckedIOException("Cannot write the upload's file " + file + ": " + e.getMessage(), e);
        }
        store(organizationId, upload, stored, position);
        if (overflow) {
            throw new UploadTooLargeException("The body is longer than what the upload lacked; its first "
                    + (position - upload.offset()) + " bytes completed the upload of " + upload.length()
                    + " bytes and the rest was dropped");
        }
        long received = position - upload.offset();
        if (dropped != null || (contentLength >= 0 && received < contentLength)) {
            log.info("Upload {}: the body ended after {} of {} bytes ({}); kept, offset now {}", upload.id(),
                    received, contentLength, dropped == null ? "end of stream" : dropped.toString(), position);
            throw new UploadInterruptedException("The body ended after " + received + " of its " + contentLength
                    + " bytes; they are kept: resume at offset " + position, position, dropped);
        }
        return require(organizationId, upload.id());
    }

    /** Stores the offset (the bytes up to it are forced to disk) and moves the expiry on. */
    private long store(UUID organizationId, Upload upload, long from, long to) {
        Instant now = clock.instant();
        if (!uploads.advance(organizationId, upload.id(), from, to, now, now.plus(expireAfter))) {
            throw new UploadConflictException("The upload changed while this PATCH was received (deleted, imported "
                    + "or written by another server); ask HEAD for its state", from);
        }
        return to;
    }

    /**
     * Deletes an upload and its bytes (tus termination).
     *
     * @throws NotFoundInOrganizationException for a missing upload or one of another organization
     */
    public void delete(UUID uploadId) {
        UUID organizationId = current.id();
        require(organizationId, uploadId);
        if (!busy.add(uploadId)) {
            throw new UploadBusyException("A PATCH or an import of this upload is running; retry once it ended");
        }
        try {
            uploads.delete(organizationId, uploadId);
            files.delete(organizationId, uploadId);
        } finally {
            busy.remove(uploadId);
        }
    }

    /**
     * Queues the import of a complete upload into a dataset. Its file is handed to {@link ImportService} (stored in
     * blob storage by a kernel copy) and then deleted here; the upload row remembers the job.
     *
     * @throws NotFoundInOrganizationException for an upload or dataset that is missing or of another organization
     * @throws UploadConflictException         when the upload lacks bytes or was imported already
     */
    public ImportJob startImport(UUID datasetId, UUID uploadId) {
        UUID organizationId = current.id();
        Upload upload = require(organizationId, uploadId);
        if (upload.importJobId() != null) {
            throw new UploadConflictException("The upload was imported already, by import " + upload.importJobId(),
                    upload.offset());
        }
        if (!upload.complete()) {
            throw new UploadConflictException("The upload has " + upload.offset() + " of its " + upload.length()
                    + " bytes; PATCH the rest before importing it", upload.offset());
        }
        if (!busy.add(uploadId)) {
            throw new UploadBusyException("Another request is importing or deleting this upload");
        }
        try {
            ImportJob job = imports.importUploadedFile(datasetId, upload.fileName(),
                    files.path(organizationId, uploadId));
            if (!uploads.imported(organizationId, uploadId, job.id())) {
                log.warn("Upload {} was taken by another import while import {} was queued", uploadId, job.id());
            }
            files.delete(organizationId, uploadId);
            return job;
        } finally {
            busy.remove(uploadId);
        }
    }
}
