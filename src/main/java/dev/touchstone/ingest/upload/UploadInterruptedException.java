package dev.touchstone.ingest.upload;

/**
 * The body of a PATCH ended before its declared length (the connection dropped). What arrived is kept: the upload's
 * offset says where to resume.
 */
public class UploadInterruptedException extends RuntimeException {

    private final long offset;

    public UploadInterruptedException(String message, long offset, Throwable cause) {
        super(message, cause);
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }
}
