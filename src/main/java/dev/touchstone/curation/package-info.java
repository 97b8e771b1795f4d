/**
 * Curation (issue 22, docs/curation.md): what to collect next and which episodes to review together. The root
 * package is the API: {@link dev.touchstone.curation.FactorService} (a dataset's design factors and their values:
 * from episode metadata, from accepted value labels of a project, or uploaded as CSV or JSON),
 * {@link dev.touchstone.curation.CoverageService} (grids of two or three factors, drill-down, targets and their
 * shortfall, the collection plan, diversity figures) and {@link dev.touchstone.curation.EpisodePairs} (V28: a
 * simulated episode and its real twin, a policy rollout and its demonstration, or two takes of one task, paired by
 * hand, by a shared metadata key or over the API). The coverage table is the module's own: {@code CoverageEvents}
 * keeps it current from the events of imports ({@code dataset.EpisodeImported}), reviews
 * ({@code workflow.TaskAccepted}) and quality verdicts ({@code proposal.QualityVerdictProposed}); it reads no other
 * module's tables. The JSON API is in {@code api}, the coverage and pairs pages in {@code ui}. The paired player
 * ({@code ui/PairedPlayer*}, docs/player.md "Paired player") shows two episodes on one clock with the player's
 * components, and reads phases and events from accepted labels ({@code player.AcceptedLabelSource}) or the signal
 * proposers ({@code proposal}) over the stored signals ({@code dataset :: signal}, {@code media}, {@code storage}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Curation", allowedDependencies = {
        "audit", "common", "dataset", "dataset :: signal", "labeling", "media", "organization", "player",
        "player :: views", "proposal", "storage", "workflow"})
package dev.touchstone.curation;
