package dev.touchstone.dataset;

import java.time.Instant;
import java.util.UUID;

/** One line of the episodes grid. */
public record EpisodeRow(UUID id, UUID datasetId, String name, String robot, String task, String operator,
                         long durationNanos, int streamCount, String sourceFormat, String sourceFile,
                         Instant recordedAt, Instant importedAt, UUID importJobId) {
}
