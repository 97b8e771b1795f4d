package dev.touchstone.quality;

import java.util.UUID;

/**
 * Who can rebuild a project's quality aggregates: the module that has the submissions (workflow implements this, so
 * quality never depends on workflow). {@link QualityService#recompute} hands the request over.
 */
public interface QualityRecomputeJobs {

    /**
     * Starts rebuilding the project's aggregates in the background, or answers the rebuild already running. Called
     * with the requesting member signed in.
     */
    QualityRecorder.RecomputeProgress start(UUID organizationId, UUID projectId);
}
