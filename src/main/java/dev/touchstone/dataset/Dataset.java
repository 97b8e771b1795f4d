package dev.touchstone.dataset;

import java.time.Instant;
import java.util.UUID;

/** A named collection of episodes inside an organization, with its episode count and total duration. */
public record Dataset(UUID id, String name, String description, Instant createdAt, long episodeCount,
                      long totalDurationNanos) {
}
