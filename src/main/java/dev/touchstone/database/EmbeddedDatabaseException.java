package dev.touchstone.database;

/**
 * Why the embedded database could not be used, in words an operator can act on: the message says what happened, the
 * action what to do about it. Each cause has its own action, so the advice names the cause that occurred.
 */
public class EmbeddedDatabaseException extends RuntimeException {

    private final String action;

    public EmbeddedDatabaseException(String message, String action, Throwable cause) {
        super(message, cause);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
