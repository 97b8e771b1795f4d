package dev.touchstone.quality;

import java.util.List;
import java.util.UUID;

/**
 * A project's merged tasks and gold scores again, for a rebuild of its quality aggregates: the module that has the
 * submissions implements this (workflow), so quality never depends on it. Called by quality's recompute job, in a
 * transaction per batch and as the member who started the rebuild.
 */
public interface MergedTasks {

    /** How many of the project's tasks are merged (in review or accepted). */
    int count(UUID organizationId, UUID projectId);

    /**
     * The consensus of the next merged tasks after {@code afterTaskId} in task id order, run again from their stored
     * submissions (at most {@code limit}).
     */
    List<MergedTask> remerge(UUID organizationId, UUID projectId, UUID afterTaskId, int limit);

    /** The project's gold scores. */
    List<GoldResult> goldResults(UUID organizationId, UUID projectId);
}
