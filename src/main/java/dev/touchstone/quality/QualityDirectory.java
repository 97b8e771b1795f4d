package dev.touchstone.quality;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * What quality shows about things other modules own: projects, the episode a task labels, annotators' names. The
 * module that owns projects and tasks implements it (workflow), so quality reads only its own tables and never
 * depends on workflow.
 */
public interface QualityDirectory {

    /** Whether the project is one of the organization's. */
    boolean projectExists(UUID organizationId, UUID projectId);

    /** The episode each of these tasks (of the organization) labels; tasks not found are left out. */
    Map<UUID, TaskEpisode> taskEpisodes(UUID organizationId, Collection<UUID> taskIds);

    /** The display names of these people; ids not found are left out. */
    Map<UUID, String> names(Collection<UUID> userIds);

    /** The episode a task labels. */
    record TaskEpisode(UUID episodeId, String episodeName) {
    }
}
