package dev.touchstone.workflow;

import java.time.Instant;
import java.util.UUID;

/**
 * A project as managers see it.
 *
 * @param overlap      N: how many annotators label each task
 * @param goldRate     share of claims that should be gold tasks (0..1)
 * @param leaseSeconds idle time after which an assignment expires
 * @param restricted   only the named annotators may work on it
 * @param tasks        number of tasks; {@code completeTasks} of them have N submissions
 */
public record Project(UUID id, String name, UUID datasetId, UUID schemaVersionId, int overlap, double goldRate,
                      int leaseSeconds, int priority, Instant deadline, boolean restricted, ProjectState state,
                      Instant createdAt, int tasks, int completeTasks) {
}
