package dev.touchstone.curation;

import java.util.Map;

/**
 * One row of an upload: the episode (its id, or its name in the dataset) and its values by factor key; an empty value
 * removes the episode's value of that factor.
 */
public record EpisodeFactorValues(String episode, Map<String, String> values) {

    public EpisodeFactorValues {
        values = values == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }
}
