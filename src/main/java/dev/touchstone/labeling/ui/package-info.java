/**
 * Label schema pages and the labeling workspace. A named interface because work distribution's pages (an
 * annotator's assignment, a QA lead's edit of a consensus) embed {@link dev.touchstone.labeling.ui.LabelWorkspace}.
 */
@org.springframework.modulith.NamedInterface("ui")
package dev.touchstone.labeling.ui;
