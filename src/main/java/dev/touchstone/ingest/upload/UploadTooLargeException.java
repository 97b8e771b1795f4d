package dev.touchstone.ingest.upload;

/** More bytes than allowed (answered 413): above the server's upload limit, or past the upload's declared length. */
public class UploadTooLargeException extends RuntimeException {

    public UploadTooLargeException(String message) {
        super(message);
    }
}
