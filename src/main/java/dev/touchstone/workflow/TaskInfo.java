package dev.touchstone.workflow;

import java.util.UUID;

/**
 * A task as managers and QA leads see it.
 *
 * @param episodeName       the episode's name, what people know the task by
 * @param activeAssignments live, submitted and returned assignments (at most the project's overlap)
 */
public record TaskInfo(UUID id, UUID projectId, UUID episodeId, String episodeName, Long windowStartNanos, Long windowEndNanos,
                       int priority, boolean gold, boolean complete, int activeAssignments, int submitted) {
}
