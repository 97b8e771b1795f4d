/**
 * Labeling: what may be labeled on an episode (label schemas), the labels themselves, and the annotator's workspace.
 * The schema model is plain Java: {@link dev.touchstone.labeling.LabelSchema} with its rules and its JSON
 * exchange format ({@link dev.touchstone.labeling.LabelSchemaJson}, docs/labeling/schema.md), so that import,
 * export, the workspace and the agreement per label type read the same definitions. Labels ({@link
 * dev.touchstone.labeling.Label}, checked by {@link dev.touchstone.labeling.LabelRules}; docs/labeling/labels.md) are
 * kept as drafts by {@link dev.touchstone.labeling.DraftService} (delta saves, conflicts, idempotent submission,
 * which publishes {@link dev.touchstone.labeling.DraftSubmitted}); the workspace's autosave calls the drafts JSON API
 * in {@code api} (docs/labeling/api.md). {@link dev.touchstone.labeling.LabelWorkspace}, the workspace component
 * around a player, is API because workflow's pages embed it; {@code ui} holds the schema pages and the labeling
 * workspace's own page (docs/labeling/workspace.md).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Labeling", allowedDependencies = {
        "audit", "common", "dataset", "organization", "player"})
package dev.touchstone.labeling;
