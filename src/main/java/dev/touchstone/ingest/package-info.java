/**
 * Episodes in: turning robot recordings into Touchstone episodes and streams. {@link
 * dev.touchstone.ingest.ImportService} and {@link dev.touchstone.ingest.SystemImports} queue import jobs (db-scheduler)
 * that run with progress and cancel; importers behind {@link dev.touchstone.ingest.EpisodeImporter} read MCAP
 * ({@code mcap}), LeRobot ({@code lerobot}), HDF5 ({@code hdf5}), point clouds ({@code pointcloud}), videos
 * ({@code video}) and NPY bundles ({@code bundle}); {@code generator} makes synthetic episodes. Each episode is
 * written atomically through {@link dev.touchstone.dataset.EpisodeRecorder}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Episode ingest", allowedDependencies = {
        "common", "dataset", "dataset :: pointcloud", "dataset :: signal", "organization", "storage"})
package dev.touchstone.ingest;
