package dev.touchstone.workflow;

import java.time.Instant;
import java.util.UUID;

/**
 * A task given to one annotator, as the annotator sees it. It never says whether the task is gold.
 *
 * @param windowStartNanos start of the task's time window in the episode, or null for the whole episode
 * @param leaseExpiresAt   when the assignment expires unless a heartbeat extends it
 */
public record Assignment(UUID id, UUID taskId, UUID projectId, String projectName, UUID episodeId,
                         Long windowStartNanos, Long windowEndNanos, AssignmentState state, Instant leaseExpiresAt) {
}
