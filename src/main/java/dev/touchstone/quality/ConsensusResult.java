package dev.touchstone.quality;

import dev.touchstone.labeling.Label;

import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link Consensus#merge}.
 *
 * @param labels    the merged labels, valid under {@code LabelRules.problems}; ids are deterministic
 * @param agreement per definition key of the schema, in the schema's order
 * @param notes     for the reviewer: ties broken, values dropped or left to a reviewer, clusters without quorum
 */
public record ConsensusResult(List<Label> labels, Map<String, DefinitionAgreement> agreement, List<String> notes) {
    public ConsensusResult {
        labels = List.copyOf(labels);
        agreement = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(agreement));
        notes = List.copyOf(notes);
    }
}
