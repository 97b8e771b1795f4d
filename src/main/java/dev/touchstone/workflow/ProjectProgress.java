package dev.touchstone.workflow;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How a project is doing.
 *
 * @param tasksByState      "unstarted", "in progress", "review", "accepted" (gold tasks counted in their state)
 * @param throughput        submissions and accepted tasks per day, the last 14 days (UTC), oldest first
 * @param medianSecondsPerTask median time from claim to submit of submitted assignments, null when none
 * @param activeNow         annotators holding a live lease now
 * @param activeToday       annotators who submitted in the last 24 hours
 */
public record ProjectProgress(Map<String, Integer> tasksByState, List<Day> throughput, Double medianSecondsPerTask,
                              int activeNow, int activeToday, List<AnnotatorStanding> annotators) {

    public record Day(LocalDate day, int submissions, int accepted) {
    }

    /** One annotator on the project: submissions, gold accuracy (null until scored), pause. */
    public record AnnotatorStanding(UUID annotatorId, String name, String email, int submitted, int goldScored,
                                    Double goldAccuracy, boolean paused, String pausedReason) {
    }
}
