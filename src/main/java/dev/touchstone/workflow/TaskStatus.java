package dev.touchstone.workflow;

import java.time.Instant;
import java.util.UUID;

/**
 * A task with where it stands, as the JSON API lists it (docs/workflow/api.md).
 *
 * @param state             {@link #UNSTARTED}, {@link #IN_PROGRESS}, {@link #REVIEW} or {@link #ACCEPTED}: the same
 *                          four states as the project's progress counts ({@link ProjectProgress#tasksByState})
 * @param excluded          excluded from labeling and releases by triage (it keeps its state)
 * @param activeAssignments live, submitted and returned assignments (at most {@code overlap})
 * @param submitted         submissions in (the task is complete at {@code overlap})
 * @param reviewReason      why it waits for review (or was reviewed); null while labeling
 */
public record TaskStatus(UUID id, UUID projectId, UUID episodeId, String episodeName, Long windowStartNanos,
                         Long windowEndNanos, String state, boolean gold, boolean excluded, int priority, int overlap,
                         int activeAssignments, int submitted, String reviewReason, Instant createdAt,
                         Instant completedAt, Instant acceptedAt) {

    /** Nobody holds or submitted it. */
    public static final String UNSTARTED = "unstarted";
    /** Being labeled: held, partly submitted, or returned for rework. */
    public static final String IN_PROGRESS = "in_progress";
    /** Complete and waiting for a QA lead. */
    public static final String REVIEW = "review";
    /** Accepted: its final labels are what releases take. */
    public static final String ACCEPTED = "accepted";

    public static final java.util.List<String> STATES = java.util.List.of(UNSTARTED, IN_PROGRESS, REVIEW, ACCEPTED);
}
