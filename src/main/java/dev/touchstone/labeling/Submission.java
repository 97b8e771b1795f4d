package dev.touchstone.labeling;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A submitted draft: a frozen copy of its labels at {@code revision}. */
public record Submission(UUID id, UUID draftId, long revision, int labels, OffsetDateTime submittedAt) {
}
