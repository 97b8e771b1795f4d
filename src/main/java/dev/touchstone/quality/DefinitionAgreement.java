package dev.touchstone.quality;

import dev.touchstone.labeling.LabelType;

import java.util.List;
import java.util.UUID;

/**
 * Agreement of the annotators of one task on one label definition, and how its consensus was decided.
 *
 * @param definition the definition key
 * @param type       its label type
 * @param agreement  in [0, 1], never NaN; {@code null} when nobody labelled the definition ("not labelled"): there
 *                   is nothing to agree on, so it enters no mean, threshold or report (1 with one submission)
 * @param measure    what {@code agreement} is, in words (e.g. "mean pairwise F1@25 of segments, frames of 33.3 ms")
 * @param ties       readable outcomes decided by a tie rule, or backed by no strict majority of the N annotators
 *                   (e.g. "tie between Success, Slip and Fail (1 vote each)"); each sends the task to review
 * @param byTieRule  ids of the merged labels a tie rule decided (the rest were decided by vote)
 */
public record DefinitionAgreement(String definition, LabelType type, Double agreement, String measure,
                                  List<String> ties, List<UUID> byTieRule) {

    public static final String NOT_LABELLED = "not labelled";
    /** What rows stored before "not labelled" existed say instead (with agreement 1). */
    static final String OLD_NOT_LABELLED = "nobody labelled it: all agree on nothing";

    public DefinitionAgreement {
        if (OLD_NOT_LABELLED.equals(measure)) {
            // stored by an earlier version as agreement 1: read it as what it is
            agreement = null;
            measure = NOT_LABELLED;
        }
        if (agreement != null && !(agreement >= 0 && agreement <= 1)) {
            throw new IllegalArgumentException("agreement must be in [0, 1], got " + agreement);
        }
        ties = ties == null ? List.of() : List.copyOf(ties);
        byTieRule = byTieRule == null ? List.of() : List.copyOf(byTieRule);
    }

    public DefinitionAgreement(String definition, LabelType type, Double agreement, String measure) {
        this(definition, type, agreement, measure, List.of(), List.of());
    }

    /** Whether anyone labelled the definition (else {@link #agreement} is null). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean labelled() {
        return agreement != null;
    }
}
