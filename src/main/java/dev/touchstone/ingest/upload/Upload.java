package dev.touchstone.ingest.upload;

import java.time.Instant;
import java.util.UUID;

/**
 * A resumable upload as its organization sees it.
 *
 * @param length      the size the uploader declared when creating it (tus {@code Upload-Length})
 * @param offset      the bytes the server holds durably (tus {@code Upload-Offset}); a resumed upload continues here
 * @param expiresAt   when an upload nobody touched meanwhile is deleted with its bytes; every PATCH moves it on
 * @param importJobId the import that took its bytes, or null while none did
 */
public record Upload(UUID id, String fileName, long length, long offset, String createdBy, Instant createdAt,
                     Instant updatedAt, Instant expiresAt, UUID importJobId) {

    /** Every declared byte arrived. */
    public boolean complete() {
        return offset == length;
    }
}
