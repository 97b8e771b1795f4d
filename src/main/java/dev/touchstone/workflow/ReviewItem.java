package dev.touchstone.workflow;

import java.time.Instant;
import java.util.UUID;

/** A task waiting in the QA lead's review inbox, with its lowest agreement and why it is there. */
public record ReviewItem(UUID taskId, UUID projectId, String projectName, UUID episodeId, String episodeName,
                         Instant completedAt, String reason, Double lowestAgreement) {
}
