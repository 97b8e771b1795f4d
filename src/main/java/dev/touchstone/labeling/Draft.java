package dev.touchstone.labeling;

import java.util.List;
import java.util.UUID;

/** A draft as the workspace loads it: every live label with the revision it last changed at. */
public record Draft(UUID id, UUID episodeId, UUID schemaVersionId, long durationNanos, long revision, boolean submitted,
                    List<StoredLabel> labels) {

    public record StoredLabel(Label label, long revision) {
    }
}
