package dev.touchstone.release;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The quality report of a release, computed from its frozen items when it is built (and stored with it, and written
 * as {@code quality-report.json}).
 *
 * @param tasks             tasks in the release
 * @param filteredOut       accepted tasks left out by the verdict filter
 * @param definitions       agreement per label definition of the included types
 * @param annotatorsPerTask how many tasks had n annotators' versions (n → tasks)
 * @param annotators        who labelled what, with their gold accuracy on the project
 */
public record ReleaseReport(UUID releaseId, String version, UUID projectId, String projectName, Schema schema,
                            int tasks, int filteredOut, int goldTasks, List<DefinitionQuality> definitions,
                            Map<Integer, Integer> annotatorsPerTask, List<AnnotatorQuality> annotators,
                            Instant generatedAt) {

    /** The label schema version every task of the release was labelled with. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "ReleaseReportSchema")
    public record Schema(UUID versionId, String name, int version) {
    }

    /**
     * Agreement on one definition over the release's tasks.
     *
     * @param measure          the per-task measure; "not labelled" when no task of the release labelled it
     * @param tasks            tasks that labelled it (a task nobody labelled it on has no agreement and is not
     *                         counted)
     * @param meanAgreement    mean of the tasks' agreement (0..1; the measure per type is named in {@code measure});
     *                         null when not labelled
     * @param ciLower          lower end of the 95 % Wilson interval of the mean (docs/quality/dashboards.md,
     *                         "Intervals"); null below {@code Intervals.MIN_TASKS} tasks ("too few tasks")
     * @param alpha            Krippendorff's alpha over tasks for coded definitions (category with one class,
     *                         verdict, rating, number) with at least two versions per task; null otherwise
     * @param alphaLevel       nominal, ordinal or interval
     * @param alphaCiLower     lower end of the 95 % bias-corrected bootstrap interval of alpha; null when alpha is
     *                         undefined, below {@code Intervals.MIN_TASKS} pairable tasks, or when the interval would
     *                         not contain alpha
     */
    public record DefinitionQuality(String definition, String name, String type, String measure, int tasks,
                                    Double meanAgreement, Double ciLower, Double ciUpper, Double alpha,
                                    String alphaLevel, Double alphaCiLower, Double alphaCiUpper, Long alphaUnits) {
    }

    /**
     * @param tasks        tasks of the release with this annotator's version
     * @param goldScored   gold submissions scored on the project
     * @param goldAccuracy mean gold score on the project when the release was built, null without any
     */
    public record AnnotatorQuality(UUID annotatorId, String name, int tasks, int goldScored, Double goldAccuracy) {
    }
}
