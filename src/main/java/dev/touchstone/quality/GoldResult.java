package dev.touchstone.quality;

import java.time.Instant;
import java.util.UUID;

/** The score of one gold submission (one gold assignment), as workflow hands it to {@link QualityFeed}. */
public record GoldResult(UUID organizationId, UUID projectId, UUID annotatorId, UUID assignmentId, UUID taskId,
                         GoldScore score, Instant scoredAt) {
}
