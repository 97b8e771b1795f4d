package dev.touchstone.quality;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One annotator on a project: agreement with the consensus per definition key, and gold accuracy. */
public record AnnotatorQuality(UUID annotatorId, String name, Map<String, Double> agreementWithConsensus,
                               Double goldAccuracy, int goldScored, int tasks, List<DayPoint> goldOverTime) {
}
