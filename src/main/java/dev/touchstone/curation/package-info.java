/**
 * Curation (issue 22, docs/curation.md): what to collect next and which episodes to review together. Episode pairs
 * ({@link dev.touchstone.curation.EpisodePairs}, V28): a simulated episode and its real twin, a policy rollout and its
 * demonstration, or two takes of one task, paired by hand, by a shared metadata key or over the API ({@code api});
 * the dataset's pairs page is in {@code ui}. Episodes, their names and metadata come from the dataset module.
 * The paired player ({@code ui/PairedPlayer*}, docs/player.md "Paired player") shows two episodes on one clock with
 * the player's components, and reads phases and events from accepted labels ({@code player.AcceptedLabelSource}) or
 * the signal proposers ({@code proposal}) over the stored signals ({@code dataset :: signal}, {@code media},
 * {@code storage}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Curation", allowedDependencies = {
        "audit", "common", "dataset", "dataset :: signal", "media", "organization", "player", "player :: views",
        "proposal", "storage"})
package dev.touchstone.curation;
