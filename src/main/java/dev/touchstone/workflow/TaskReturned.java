package dev.touchstone.workflow;

import java.util.List;
import java.util.UUID;

/** A QA lead returned submitted work of a task to its annotators with a comment. */
public record TaskReturned(UUID organizationId, UUID taskId, UUID projectId, String projectName, UUID episodeId,
                           List<UUID> assignmentIds, List<UUID> annotatorIds, UUID returnedBy, String comment) {

    public TaskReturned {
        assignmentIds = List.copyOf(assignmentIds);
        annotatorIds = List.copyOf(annotatorIds);
    }
}
