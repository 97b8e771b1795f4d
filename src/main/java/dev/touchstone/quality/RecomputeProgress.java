package dev.touchstone.quality;

import java.time.Instant;
import java.util.UUID;

/** Where a rebuild of a project's quality aggregates stands ({@code state} "none" when none ever ran). */
public record RecomputeProgress(UUID projectId, String state, int total, int done, Instant startedAt,
                                Instant finishedAt, String error) {
}
