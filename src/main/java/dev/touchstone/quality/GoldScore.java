package dev.touchstone.quality;

import java.util.Map;

/**
 * A submission's score against a gold task's reference labels.
 *
 * @param perDefinition per definition key labelled by the reference or the submission (schema order), in [0, 1]
 * @param overall       mean of {@code perDefinition}; 1 when neither side labelled anything
 */
public record GoldScore(Map<String, Double> perDefinition, double overall) {
    public GoldScore {
        perDefinition = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(perDefinition));
    }
}
