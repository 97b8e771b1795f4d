package dev.touchstone.labeling;

/** The schema was saved by someone else since the editor loaded it; saving over it would lose their change. */
public class StaleSchemaException extends RuntimeException {

    public StaleSchemaException(String message) {
        super(message);
    }
}
