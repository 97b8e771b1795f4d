/**
 * Curation (issue 22, docs/curation.md): a dataset's design factors and the coverage planner. The root package is the
 * API: {@link dev.touchstone.curation.FactorService} (declarations and values: from episode metadata, from accepted
 * value labels of a project, or uploaded as CSV or JSON), {@link dev.touchstone.curation.CoverageService} (grids of
 * two or three factors, drill-down, targets and their shortfall, the collection plan, diversity figures) and the
 * records they return. The coverage table is the module's own: {@code CoverageEvents} keeps it current from the
 * events of imports ({@code dataset.EpisodeImported}), reviews ({@code workflow.TaskAccepted}) and quality verdicts
 * ({@code proposal.QualityVerdictProposed}); it reads no other module's tables.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Curation", allowedDependencies = {
        "common", "dataset", "labeling", "organization", "proposal", "workflow"})
package dev.touchstone.curation;
