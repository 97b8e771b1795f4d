package dev.touchstone.ingest.mcap;

/**
 * A message whose bytes do not decode as its type says (cut short, a length that does not fit, an encapsulation
 * this reader does not handle). The importer adds which file, topic and time the message came from.
 */
public class DecodeException extends RuntimeException {

    public DecodeException(String message) {
        super(message);
    }
}
