package dev.touchstone.workflow;

import dev.touchstone.dataset.EpisodeGrant;
import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * Annotators read the episodes they hold an assignment for, or did (PRODUCT.md): its details for the workspace and
 * its streams over the media endpoints. Any state counts, so a returned or expired task's media stay readable to
 * the person who worked on it.
 */
@Component
class AssignmentEpisodeGrant implements EpisodeGrant {

    private final ReviewRepository repository;

    AssignmentEpisodeGrant(ReviewRepository repository) {
        this.repository = repository;
    }

    @Override
    public boolean grants(UUID organizationId, UUID userId, UUID episodeId) {
        return repository.assignedEpisode(organizationId, userId, episodeId);
    }
}
