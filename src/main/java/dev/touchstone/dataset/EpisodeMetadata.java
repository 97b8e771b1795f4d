package dev.touchstone.dataset;

import java.util.Map;
import java.util.UUID;

/** An episode's name and metadata, for features that group or pair episodes by what they carry. */
public record EpisodeMetadata(UUID id, UUID datasetId, String name, Map<String, String> metadata) {

    public EpisodeMetadata {
        metadata = Map.copyOf(metadata);
    }
}
