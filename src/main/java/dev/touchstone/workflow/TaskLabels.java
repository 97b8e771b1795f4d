package dev.touchstone.workflow;

import dev.touchstone.labeling.Label;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The labels of one task (docs/workflow/api.md): each annotator's last submission, the merged consensus, and the
 * accepted labels.
 *
 * @param state       the task's state ({@link TaskStatus#state})
 * @param submissions one per assignment that submitted, by annotator name; a returned one keeps its last submission
 * @param consensus   the merge of the submissions (docs/workflow/consensus.md); null until the task is complete and
 *                    merged
 * @param accepted    the labels a QA lead accepted (or the consensus accepted without review); null unless accepted
 */
public record TaskLabels(UUID taskId, String state, List<SubmittedLabels> submissions, List<Label> consensus,
                         List<Label> accepted) {

    /**
     * @param assignmentState "submitted", or "returned" / "live" when a QA lead returned it and it is being reworked
     */
    public record SubmittedLabels(UUID assignmentId, UUID annotatorId, String annotatorName, String assignmentState,
                                  Instant submittedAt, List<Label> labels) {
    }
}
