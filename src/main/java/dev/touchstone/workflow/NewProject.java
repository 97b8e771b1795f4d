package dev.touchstone.workflow;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * What a project manager sets when creating a project. One task is made per episode of the dataset, or, when
 * {@code windowNanos} is set, one per window of that length (the last one shorter) for episodes longer than it.
 *
 * @param annotatorIds when not empty, only these annotators may work on the project
 */
public record NewProject(String name, UUID datasetId, UUID schemaVersionId, int overlap, double goldRate,
                         int leaseSeconds, int priority, Instant deadline, Long windowNanos, Set<UUID> annotatorIds) {

    public static final long MIN_WINDOW_NANOS = 1_000_000_000L;

    public NewProject {
        annotatorIds = annotatorIds == null ? Set.of() : Set.copyOf(annotatorIds);
    }

    /** Whole episodes, open to every annotator, no deadline. */
    public static NewProject of(String name, UUID datasetId, UUID schemaVersionId, int overlap, double goldRate,
                                int leaseSeconds) {
        return new NewProject(name, datasetId, schemaVersionId, overlap, goldRate, leaseSeconds, 0, null, null,
                Set.of());
    }

    public NewProject withWindow(long nanos) {
        return new NewProject(name, datasetId, schemaVersionId, overlap, goldRate, leaseSeconds, priority, deadline,
                nanos, annotatorIds);
    }

    public NewProject withPriority(int newPriority) {
        return new NewProject(name, datasetId, schemaVersionId, overlap, goldRate, leaseSeconds, newPriority,
                deadline, windowNanos, annotatorIds);
    }

    public NewProject restrictedTo(Set<UUID> annotators) {
        return new NewProject(name, datasetId, schemaVersionId, overlap, goldRate, leaseSeconds, priority, deadline,
                windowNanos, annotators);
    }
}
