package dev.touchstone.ingest.upload;

/**
 * Another PATCH of the same upload is still being received (answered 423 with Retry-After): two writers at once
 * would interleave their bytes. A client whose connection dropped retries after the server noticed the drop.
 */
public class UploadBusyException extends RuntimeException {

    public UploadBusyException(String message) {
        super(message);
    }
}
