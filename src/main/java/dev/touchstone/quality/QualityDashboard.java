package dev.touchstone.quality;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A project's quality at a glance (docs/quality/dashboards.md): agreement per definition overall and per day, each
 * annotator's agreement with the consensus and gold accuracy, and confusion matrices of categories and verdicts.
 *
 * @param mergedTasks tasks whose consensus was computed (review or accepted)
 * @param definitions the schema's definitions that have merged tasks, in schema order
 * @param overTime    per definition, one point per UTC day with merged tasks
 * @param annotators  everyone with merged work or gold scores on the project, by name
 * @param confusion   per category (single class) and verdict definition: all annotators first, then each annotator
 */
public record QualityDashboard(UUID projectId, int mergedTasks, List<TypeAgreement> definitions,
                               List<DaySeries> overTime, List<AnnotatorQuality> annotators,
                               List<ConfusionMatrix> confusion, Instant computedAt) {
}
