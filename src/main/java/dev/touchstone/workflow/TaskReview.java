package dev.touchstone.workflow;

import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.quality.DefinitionAgreement;

import java.util.List;
import java.util.UUID;

/**
 * One task as a QA lead reviews it: each annotator's submitted labels, the merged consensus, the agreement per
 * definition, and why it came to review.
 */
public record TaskReview(UUID taskId, UUID projectId, String projectName, EpisodeDetail episode, LabelSchema schema,
                         String reviewState, String reviewReason, boolean gold, List<AnnotatorWork> work,
                         List<Label> consensus, List<DefinitionAgreement> agreement, List<String> notes,
                         List<Label> goldLabels) {

    /** One annotator's assignment on the task, with the labels of its last submission (empty when none). */
    public record AnnotatorWork(UUID assignmentId, UUID annotatorId, String annotatorName, AssignmentState state,
                                List<Label> labels, String returnComment) {
    }
}
