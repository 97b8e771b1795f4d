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

    /**
     * Submissions are counted into the gold accuracy an annotator sees only in whole blocks of this many, oldest
     * first (docs/workflow/review.md, "What annotators see of gold"): the figure changes only with the submission
     * that completes a block, never with a gold submission as such, so no change points at one task.
     */
    public static final int GOLD_BLOCK = 20;

    /** The annotator sees a gold accuracy only once the whole blocks hold at least this many scored gold tasks. */
    public static final int GOLD_MIN_SHOWN = 5;

    /**
     * Own numbers on one project.
     *
     * @param goldScored   scored gold tasks among the submissions the shown figure covers (whole blocks only)
     * @param goldAccuracy their mean score; null while fewer than {@link #GOLD_MIN_SHOWN} are covered
     * @param goldCovers   the submissions the figure covers: a multiple of {@link #GOLD_BLOCK}
     * @param paused       the annotator (not the project) is paused here, {@code pausedReason} says why
     * @param projectPaused the project itself hands out no work at the moment
     */
    public record Standing(UUID projectId, String projectName, int submitted, int goldScored, Double goldAccuracy,
                           int goldCovers, boolean paused, String pausedReason, boolean projectPaused) {
    }

    public record ReturnedWork(UUID assignmentId, String projectName, String episodeName, String comment,
                               Instant returnedAt) {
    }
}
