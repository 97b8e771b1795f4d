package dev.touchstone.quality;

import dev.touchstone.labeling.Label;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
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

    /**
     * The reference labels of the project's tasks on these episodes, to score proposal sources against
     * (docs/quality/agreement.md, "Proposal sources"): tasks with a gold answer and accepted tasks; episodes of
     * another organization or project give nothing.
     */
    List<ReferenceTask> referenceLabels(UUID organizationId, UUID projectId, Collection<UUID> episodeIds);

    /** The episode a task labels. */
    record TaskEpisode(UUID episodeId, String episodeName) {
    }

    /**
     * A task's reference labels, in episode time.
     *
     * @param windowStartNanos the task's window of a long episode, or null (with {@code windowEndNanos}) for the
     *                         whole episode
     * @param frameNanos       the frame length its phases are compared on (as for the annotators' agreement)
     * @param gold             the gold answer, or null when the task has none
     * @param accepted         the accepted labels (the consensus or a QA lead's edit of it), or null when the task is
     *                         not accepted or its accepted labels are the same as its gold answer (counted once, as
     *                         gold)
     */
    record ReferenceTask(UUID taskId, UUID episodeId, Long windowStartNanos, Long windowEndNanos, long durationNanos,
                         long frameNanos, List<Label> gold, List<Label> accepted) {

        public ReferenceTask {
            gold = gold == null ? null : List.copyOf(gold);
            accepted = accepted == null ? null : List.copyOf(accepted);
        }
    }
}
