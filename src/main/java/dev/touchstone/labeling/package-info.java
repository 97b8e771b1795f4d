/**
 * Labeling: what may be labeled on an episode (label schemas) and, later, the annotator's workspace and the stored
 * labels. The schema model is plain Java: {@link dev.touchstone.labeling.LabelSchema} with its rules and its JSON
 * exchange format ({@link dev.touchstone.labeling.LabelSchemaJson}, docs/labeling/schema.md), so that import,
 * export, the workspace and the agreement per label type read the same definitions.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Labeling")
package dev.touchstone.labeling;
