package dev.touchstone.workflow;

import java.util.UUID;

/**
 * A task as managers and QA leads see it.
 *
 * @param activeAssignments live, submitted and returned assignments (at most the project's overlap)
 */
public record TaskInfo(UUID id, UUID projectId, UUID episodeId, Long windowStartNanos, Long windowEndNanos,
                       int priority, boolean gold, boolean complete, int activeAssignments, int submitted) {
}
