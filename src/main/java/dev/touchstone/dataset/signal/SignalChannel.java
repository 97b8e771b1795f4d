package dev.touchstone.dataset.signal;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One channel of a signal stream: its name (for example {@code right_arm/joint_3/position}) and its unit (for
 * example {@code rad}; empty when the recording does not say).
 */
public record SignalChannel(String name, String unit) {

    /** Longest name or unit in UTF-8 bytes; the file stores lengths as 16-bit numbers. */
    public static final int MAX_TEXT_BYTES = 65_535;

    public SignalChannel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A signal channel needs a name");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES
                || unit.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
            throw new IllegalArgumentException("Channel name or unit longer than " + MAX_TEXT_BYTES + " bytes: " + name);
        }
    }
}
