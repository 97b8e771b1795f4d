package dev.touchstone.dataset;

import java.util.List;
import java.util.UUID;

/** A committed episode: its id, length and streams, and the notes of its import. */
public record EpisodeSummary(UUID id, UUID datasetId, String name, long durationNanos, List<StreamInfo> streams,
                             List<String> notes) {

    public EpisodeSummary {
        streams = List.copyOf(streams);
        notes = List.copyOf(notes);
    }
}
