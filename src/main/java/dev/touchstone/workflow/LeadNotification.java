package dev.touchstone.workflow;

import java.time.Instant;
import java.util.UUID;

/** A message for QA leads (an annotator paused by gold accuracy), shown until one of them dismisses it. */
public record LeadNotification(UUID id, String kind, String message, String subjectType, String subjectId,
                           Instant createdAt) {
}
