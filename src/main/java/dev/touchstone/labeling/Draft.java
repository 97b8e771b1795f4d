package dev.touchstone.labeling;

import java.util.List;
import java.util.UUID;

/**
 * A draft as the workspace loads it: every live label with the revision it last changed at. {@code closed}: its
 * assignment ended (expired or skipped); it is kept but takes no more changes. {@code proposals}: the proposals its
 * workspace was shown ({@link DraftService#offerProposals}) with what became of each, in the order they were offered.
 */
public record Draft(UUID id, UUID episodeId, UUID schemaVersionId, long durationNanos, long revision, boolean submitted,
                    boolean closed, List<StoredLabel> labels, List<ProposalOutcome> proposals) {

    public Draft {
        proposals = proposals == null ? List.of() : List.copyOf(proposals);
    }

    public record StoredLabel(Label label, long revision) {
    }
}
