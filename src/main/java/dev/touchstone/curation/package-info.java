/**
 * Curation (issue 22, docs/curation.md): what to collect next and which episodes to review together. Episode pairs
 * ({@link dev.touchstone.curation.EpisodePairs}, V28): a simulated episode and its real twin, a policy rollout and its
 * demonstration, or two takes of one task, paired by hand, by a shared metadata key or over the API ({@code api});
 * the dataset's pairs page is in {@code ui}. Episodes, their names and metadata come from the dataset module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Curation", allowedDependencies = {
        "audit", "common", "dataset", "organization"})
package dev.touchstone.curation;
