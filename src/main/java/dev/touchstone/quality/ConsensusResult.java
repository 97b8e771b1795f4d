package dev.touchstone.quality;

import dev.touchstone.labeling.Label;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The outcome of {@link Consensus#merge}.
 *
 * @param labels    the merged labels, valid under {@code LabelRules.problems}; ids are deterministic
 * @param agreement per definition key of the schema, in the schema's order; each also says which merged labels a
 *                  tie rule decided and which outcomes had no strict majority ({@link DefinitionAgreement#ties})
 * @param notes     for the reviewer: ties broken, values dropped or left to a reviewer, clusters without quorum
 */
public record ConsensusResult(List<Label> labels, Map<String, DefinitionAgreement> agreement, List<String> notes) {

    /** How a merged label was decided. */
    public enum DecidedBy {
        /** a strict majority of the voters, or the merge rule of a type without ties (median, clusters) */
        VOTE,
        /** a tie rule picked it (docs/workflow/consensus.md, "tie rule") */
        TIE_RULE;

        public String jsonName() {
            return this == VOTE ? "vote" : "tie-rule";
        }
    }

    public ConsensusResult {
        labels = List.copyOf(labels);
        agreement = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(agreement));
        notes = List.copyOf(notes);
    }

    /** Per merged label id: decided by vote or by a tie rule. */
    public Map<UUID, DecidedBy> decidedBy() {
        return decidedBy(labels, agreement);
    }

    /** {@link #decidedBy()} of stored consensus labels and agreement (labels the agreement does not name: vote). */
    public static Map<UUID, DecidedBy> decidedBy(List<Label> labels, Map<String, DefinitionAgreement> agreement) {
        java.util.Set<UUID> tie = new java.util.HashSet<>();
        agreement.values().forEach(a -> tie.addAll(a.byTieRule()));
        Map<UUID, DecidedBy> out = new java.util.LinkedHashMap<>();
        for (Label l : labels) {
            if (l.id() != null) {
                out.put(l.id(), tie.contains(l.id()) ? DecidedBy.TIE_RULE : DecidedBy.VOTE);
            }
        }
        return out;
    }
}
