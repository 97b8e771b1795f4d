package dev.touchstone.database;

/** Why the embedded database could not be used, in words an operator can act on. */
public class EmbeddedDatabaseException extends RuntimeException {

    public EmbeddedDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
