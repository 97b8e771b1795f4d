package dev.touchstone.labeling;

import java.util.List;
import java.util.UUID;

/**
 * A draft was submitted. Published inside the submitting transaction, so a listener that refuses (an assignment
 * whose lease ended) rolls the submission back. {@code assignmentId} is set for an annotator's work on a task,
 * {@code reviewTaskId} for a QA lead's edit of a task's consensus; both are null for a direct draft.
 */
public record DraftSubmitted(UUID organizationId, UUID draftId, UUID ownerId, UUID assignmentId, UUID reviewTaskId,
                             UUID submissionId, List<Label> labels) {

    public DraftSubmitted {
        labels = List.copyOf(labels);
    }
}
