/**
 * Datasets and episodes: what Touchstone stores of a robot demonstration once it has been imported. The root
 * package is the API: {@link dev.touchstone.dataset.DatasetService} (datasets, the episodes grid, episode pages),
 * {@link dev.touchstone.dataset.EpisodeStore} and {@link dev.touchstone.dataset.EpisodeRecorder} (how importers
 * write an episode atomically), and the records they return. Stream data layouts live in sub-packages: signal
 * files with a min/max pyramid ({@code signal}), point-cloud frames ({@code pointcloud}) and frame packs for
 * point-cloud and depth streams ({@code frames}); videos are stored as browser-playable MP4 with a frame index.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Datasets and episodes", allowedDependencies = {
        "common", "organization", "storage"})
package dev.touchstone.dataset;
