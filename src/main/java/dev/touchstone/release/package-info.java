/**
 * Releases (issue 9): immutable, versioned snapshots of a project's accepted labels with a quality report and
 * export files a customer downloads (docs/release/releases.md, docs/release/formats.md). Making a release copies the
 * accepted tasks into {@code release_item} rows in a background job (db-scheduler, batches by task id), then streams
 * the JSON Lines export, the quality report, a LeRobot v3.0 dataset with the labels as columns and COCO boxes per
 * camera into the blob store. Later edits of tasks never change a release. Only the demo depends on this module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Releases", allowedDependencies = {
        "audit", "common", "dataset", "dataset :: frames", "dataset :: signal", "labeling", "media", "organization",
        "quality", "quality :: engine", "storage", "workflow"})
package dev.touchstone.release;
