package dev.touchstone.ingest.upload;

/**
 * The request does not fit the upload's state (answered 409): a PATCH at another offset than the stored one, an
 * import of an upload that is not complete or was imported already.
 */
public class UploadConflictException extends RuntimeException {

    private final long offset;

    public UploadConflictException(String message, long offset) {
        super(message);
        this.offset = offset;
    }

    /** The upload's stored offset when the conflict was found, for the {@code Upload-Offset} header. */
    public long offset() {
        return offset;
    }
}
