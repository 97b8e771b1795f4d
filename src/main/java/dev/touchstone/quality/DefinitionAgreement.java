package dev.touchstone.quality;

import dev.touchstone.labeling.LabelType;

/**
 * Agreement of the annotators of one task on one label definition.
 *
 * @param definition the definition key
 * @param type       its label type
 * @param agreement  in [0, 1], never NaN (1 when nobody labelled the definition or there was one submission)
 * @param measure    what {@code agreement} is, in words (e.g. "mean pairwise F1@25 over frames")
 */
public record DefinitionAgreement(String definition, LabelType type, double agreement, String measure) {
}
