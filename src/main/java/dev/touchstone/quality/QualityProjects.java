package dev.touchstone.quality;

import dev.touchstone.labeling.LabelType;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The projects the Agreement screen shows, their agreement targets and where a task's review opens: the module that
 * owns projects implements it (workflow), with its own role checks, so quality's screen never depends on workflow.
 */
public interface QualityProjects {

    /** The signed-in member's organization's projects. */
    List<QualityProject> projects();

    /** The project's agreement thresholds and minimum gold accuracy. */
    QualityTargets targets(UUID projectId);

    /** The application route (relative, as a router link's href) where a merged task's review opens. */
    String reviewLocation(UUID taskId);

    /**
     * A project as the Agreement screen shows it.
     *
     * @param tasks number of tasks; {@code completeTasks} of them have all {@code overlap} submissions
     */
    record QualityProject(UUID id, String name, UUID schemaVersionId, int overlap, int tasks, int completeTasks) {
    }

    /**
     * What the project's numbers are coloured against.
     *
     * @param thresholds      the agreement threshold of every label type
     * @param minGoldAccuracy annotators whose mean gold score falls below this are paused on the project
     */
    record QualityTargets(Map<LabelType, Double> thresholds, double minGoldAccuracy) {

        public double threshold(LabelType type) {
            return thresholds.get(type);
        }
    }
}
