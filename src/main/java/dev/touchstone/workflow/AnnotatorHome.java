package dev.touchstone.workflow;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The annotator's home page: their standing per project, work returned to them with the QA lead's comments, and
 * how much they did today.
 */
public record AnnotatorHome(List<Standing> projects, List<ReturnedWork> returned, int submittedToday,
                            int submittedTotal) {

    /** Own numbers on one project; gold accuracy is null until a gold submission was scored. */
    public record Standing(UUID projectId, String projectName, int submitted, int goldScored, Double goldAccuracy,
                           boolean paused, String pausedReason) {
    }

    public record ReturnedWork(UUID assignmentId, String projectName, String episodeName, String comment,
                               Instant returnedAt) {
    }
}
