package dev.touchstone.dataset.signal;

import java.io.IOException;

/** A signal file that cannot be read: wrong magic or version, damaged header, or truncated. */
public class SignalFormatException extends IOException {

    public SignalFormatException(String message) {
        super(message);
    }
}
