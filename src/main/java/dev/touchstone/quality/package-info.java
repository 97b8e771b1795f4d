/**
 * Quality: how far the people who label robot demonstrations agree with each other. The {@code engine} named
 * interface holds the agreement coefficients as plain Java (no Spring, no database) so the command line, the
 * services here, releases and tests all use the same code: coded values (categories, verdicts, ratings, numbers),
 * phases, events, 2-D boxes, 3-D cuboids and text (docs/quality/agreement.md).
 * <p>
 * The module's own API (this package): {@link dev.touchstone.quality.Consensus#merge} merges a task's N submissions
 * per label type and measures the per-task agreement per definition; {@link dev.touchstone.quality.GoldScoring#score}
 * scores a submission on a gold task (docs/workflow/consensus.md). {@link dev.touchstone.quality.QualityRecorder}
 * keeps per-task and additive per-day quality aggregates as workflow merges tasks and scores gold;
 * {@link dev.touchstone.quality.QualityService} reads them for dashboards; workflow implements
 * {@link dev.touchstone.quality.QualityRecomputeJobs} to rebuild them (docs/quality/dashboards.md).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Quality", allowedDependencies = {
        "labeling", "organization"})
package dev.touchstone.quality;
