/**
 * Quality: how far the people who label robot demonstrations agree with each other. The {@code engine} named
 * interface holds the agreement coefficients as plain Java (no Spring, no database) so the command line, the
 * services here, releases and tests all use the same code: coded values (categories, verdicts, ratings, numbers),
 * phases, events, 2-D boxes, 3-D cuboids and text (docs/quality/agreement.md).
 * <p>
 * The module's own API (this package): {@link dev.touchstone.quality.Consensus#merge} merges a task's N submissions
 * per label type and measures the per-task agreement per definition; {@link dev.touchstone.quality.GoldScoring#score}
 * scores a submission on a gold task (docs/workflow/consensus.md). Workflow hands every merge and gold score to
 * {@link dev.touchstone.quality.QualityFeed}, which keeps per-task and additive per-day quality aggregates in quality's
 * own tables; {@link dev.touchstone.quality.QualityService} reads them for the Agreement screen ({@code ui}) and
 * rebuilds them. What quality needs of data it does not own (merged tasks, projects, episodes, names) it asks
 * through interfaces it owns and workflow implements: {@link dev.touchstone.quality.MergedTasks},
 * {@link dev.touchstone.quality.QualityDirectory}, {@link dev.touchstone.quality.QualityProjects}
 * (docs/quality/dashboards.md).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Quality", allowedDependencies = {
        "common", "labeling", "organization"})
package dev.touchstone.quality;
