package dev.touchstone.dataset;

import java.util.UUID;

/** An episode became visible: all its streams are stored. */
public record EpisodeImported(UUID organizationId, UUID datasetId, UUID episodeId, String name, int streamCount,
                             long durationNanos) {
}
