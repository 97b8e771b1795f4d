package dev.touchstone.labeling;

import java.util.List;
import java.util.UUID;

/**
 * A draft as the workspace loads it: every live label with the revision it last changed at. {@code closed}: its
 * assignment ended (expired or skipped); it is kept but takes no more changes.
 */
public record Draft(UUID id, UUID episodeId, UUID schemaVersionId, long durationNanos, long revision, boolean submitted,
                    boolean closed, List<StoredLabel> labels) {

    public record StoredLabel(Label label, long revision) {
    }
}
