package dev.touchstone.curation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Two episodes of one dataset that are reviewed together (docs/curation.md, "Pairs").
 *
 * @param kind        {@link #SIM_REAL}, {@link #ROLLOUT_DEMO} or {@link #TAKES}
 * @param first       for sim-real the simulated episode, for rollout-demo the policy rollout, for takes the first take
 * @param second      for sim-real the real episode, for rollout-demo the demonstration, for takes the second take
 * @param key         the metadata value both episodes share when they were paired by key, or null
 * @param offsetNanos what the paired player adds to the second episode's clock to line it up with the first
 */
public record EpisodePair(UUID id, UUID datasetId, String kind, UUID first, UUID second, String key,
                          long offsetNanos, Instant createdAt) {

    public static final String SIM_REAL = "sim-real";
    public static final String ROLLOUT_DEMO = "rollout-demo";
    public static final String TAKES = "takes";
    public static final List<String> KINDS = List.of(SIM_REAL, ROLLOUT_DEMO, TAKES);

    /** The episode paired with this one in this pair. */
    public UUID partnerOf(UUID episodeId) {
        if (episodeId.equals(first)) {
            return second;
        }
        if (episodeId.equals(second)) {
            return first;
        }
        throw new IllegalArgumentException("episode " + episodeId + " is not in pair " + id);
    }
}
