package dev.touchstone.quality;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A project's agreement numbers as the QA dashboard shows them. */
public record QualityDashboard(UUID projectId, int mergedTasks, List<TypeAgreement> definitions,
                               List<DaySeries> overTime, List<AnnotatorQuality> annotators,
                               List<ConfusionMatrix> confusion, Instant computedAt) {
}
