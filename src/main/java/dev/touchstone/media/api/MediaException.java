package dev.touchstone.media.api;

import org.springframework.http.HttpStatus;

/** A request the media plane answers with a status and a sentence, never with a stack trace. */
final class MediaException extends RuntimeException {

    private final HttpStatus status;

    MediaException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    static MediaException badRequest(String message) {
        return new MediaException(HttpStatus.BAD_REQUEST, message);
    }

    static MediaException notFound(String message) {
        return new MediaException(HttpStatus.NOT_FOUND, message);
    }

    HttpStatus status() {
        return status;
    }
}
