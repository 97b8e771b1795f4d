package dev.touchstone.quality.engine;

import java.util.Locale;

/** Level of measurement; for Krippendorff's alpha it selects the difference function (metric). */
public enum Level {
    /** Values are names: any two different values differ by 1. */
    NOMINAL,
    /** Values are ranks: differences grow with the number of values coded between them (Krippendorff 2011). */
    ORDINAL,
    /** Values are numbers on a scale without a true zero: squared difference. */
    INTERVAL,
    /** Values are non-negative numbers with a true zero: squared difference relative to the sum. */
    RATIO;

    /** The lower-case name used in exported data and the command line. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code nominal|ordinal|interval|ratio}; throws with the accepted names otherwise. */
    public static Level parse(String name) {
        for (Level level : values()) {
            if (level.jsonName().equals(name)) {
                return level;
            }
        }
        throw new IllegalArgumentException("unknown level '" + name + "' (expected nominal, ordinal, interval or ratio)");
    }

    /** Whether the level needs numeric values (interval and ratio). */
    public boolean numeric() {
        return this == INTERVAL || this == RATIO;
    }
}
