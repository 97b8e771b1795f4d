/**
 * Curation of episodes: their factors and coverage, pairs of episodes, and the paired player that shows two
 * episodes on one clock ({@code ui/PairedPlayerView}, docs/player.md "Paired player"). The paired player reads
 * episodes through {@code dataset}, builds its views from the player's components, and reads phases and events from
 * accepted labels ({@code player.AcceptedLabelSource}) or the signal proposers ({@code proposal}) over the stored
 * signals ({@code dataset :: signal}, {@code media.BlobChannel}, {@code storage}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Curation", allowedDependencies = {
        "common", "dataset", "dataset :: signal", "media", "player", "player :: views", "proposal",
        "storage"})
package dev.touchstone.curation;
