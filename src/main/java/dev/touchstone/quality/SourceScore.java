package dev.touchstone.quality;

import dev.touchstone.labeling.LabelType;

/**
 * A proposal source at one version on one label definition of the project's schema, against gold answers and
 * against accepted labels (docs/quality/agreement.md, "Proposal sources").
 *
 * @param name    the definition's name
 * @param measure what the numbers are, in words
 */
public record SourceScore(String source, String version, String definition, String name, LabelType type,
                          String measure, SourceMeasures gold, SourceMeasures consensus) {
}
