package dev.touchstone.quality;

import java.time.Instant;
import java.util.UUID;

/** A merged task with low agreement on a definition (task agreement, or one annotator's agreement with consensus). */
public record LowTask(UUID taskId, UUID episodeId, String episodeName, String definition, double agreement,
                      Instant completedAt) {
}
