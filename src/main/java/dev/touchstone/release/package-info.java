/**
 * Releases (issue 9): immutable, versioned snapshots of a project's accepted labels with a quality report and
 * export files a customer downloads (docs/release/releases.md). Making a release copies the accepted tasks into
 * {@code release_item} rows in a background job (db-scheduler, batches by task id), then streams the JSON Lines
 * export and the quality report into the blob store. Later edits of tasks never change a release. Nothing depends
 * on this module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Releases")
package dev.touchstone.release;
