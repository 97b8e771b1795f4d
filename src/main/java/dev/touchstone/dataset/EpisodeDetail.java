package dev.touchstone.dataset;

import java.util.List;
import java.util.Map;

/** An episode with its streams, for the episode page and the player. */
public record EpisodeDetail(EpisodeRow episode, String datasetName, Map<String, String> metadata,
                            String groundTruth, List<String> notes, List<StreamInfo> streams) {

    public EpisodeDetail {
        metadata = Map.copyOf(metadata);
        notes = List.copyOf(notes);
        streams = List.copyOf(streams);
    }
}
