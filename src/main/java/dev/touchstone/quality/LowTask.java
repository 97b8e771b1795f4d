package dev.touchstone.quality;

import java.time.Instant;
import java.util.UUID;

/** A merged task with low agreement on one definition: where a low number on the dashboard comes from. */
public record LowTask(UUID taskId, UUID episodeId, String episodeName, String definition, double agreement,
                      Instant completedAt) {
}
