package dev.touchstone.workflow.api;

/** A well-formed JSON body with values the API refuses (answered 422 by {@link WorkApiErrors}). */
class InvalidBodyException extends RuntimeException {

    InvalidBodyException(String message) {
        super(message);
    }

    /** Runs a service call whose {@link IllegalArgumentException} means "the body's values are refused". */
    static <T> T checking(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidBodyException(e.getMessage());
        }
    }
}
