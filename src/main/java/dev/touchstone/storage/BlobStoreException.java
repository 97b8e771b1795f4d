package dev.touchstone.storage;

/** A blob store operation failed: I/O, the object store refused or was unreachable, or a request was invalid. */
public class BlobStoreException extends RuntimeException {

    public BlobStoreException(String message) {
        super(message);
    }

    public BlobStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
