package dev.touchstone.dataset;

import java.util.UUID;

/**
 * Lets members who may not browse datasets (annotators) read single episodes: the work-distribution module grants an
 * annotator the episodes they hold an assignment for, or did. {@link DatasetService#episode} and
 * {@link DatasetService#storedStream} ask every bean of this type for such members.
 */
public interface EpisodeGrant {

    /** Whether this member of this organization may read this episode (its details and its streams' data). */
    boolean grants(UUID organizationId, UUID userId, UUID episodeId);
}
