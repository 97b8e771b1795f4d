package dev.touchstone.quality;

import dev.touchstone.labeling.LabelType;

/**
 * A proposal source at one version on one label definition against the project's gold answers only: the gold half
 * of a {@link SourceScore}, with the same numbers (docs/quality/agreement.md, "Proposal sources").
 */
public record SourceGold(String source, String version, String definition, LabelType type, SourceMeasures gold) {
}
