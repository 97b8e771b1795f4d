package dev.touchstone.quality;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One annotator on a project.
 *
 * @param agreementWithConsensus per definition key: the mean pair score of the annotator's submissions against the
 *                               consensus (the same measure as the per-task agreement)
 * @param goldAccuracy           mean gold score; null without scored gold submissions
 * @param tasks                  merged tasks the annotator submitted to
 * @param goldOverTime           per UTC day: mean gold score and number of gold submissions scored
 */
public record AnnotatorQuality(UUID annotatorId, String name, Map<String, Double> agreementWithConsensus,
                               Double goldAccuracy, int goldScored, int tasks, List<DayPoint> goldOverTime) {
}
