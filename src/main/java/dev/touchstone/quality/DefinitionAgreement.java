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
 * @param phase      for phases with two or more submissions: the numbers behind {@code agreement} (the lowest
 *                   per-class α_U, 0 when below chance); null otherwise and in rows stored before it existed
 */
public record DefinitionAgreement(String definition, LabelType type, Double agreement, String measure,
                                  List<String> ties, List<UUID> byTieRule, Phase phase) {

    /**
     * Phase agreement of a task (docs/workflow/consensus.md, "Agreement per task").
     *
     * @param uAlpha          Krippendorff's α_U over all classes (NaN serialises as null: undefined)
     * @param weakestClass    the class (and track, with several) with the lowest α_U
     * @param weakestUAlpha   its α_U, unclamped (may be below 0: worse than chance)
     * @param boundaryErrorMs mean |Δt| of one-to-one matched boundaries over the annotator pairs, in ms; null when no
     *                        pair has boundaries on both sides
     * @param f1At10          mean pairwise F1@10 of segments (likewise 25, 50), kept beside α_U for comparison
     */
    public record Phase(Double uAlpha, String weakestClass, Double weakestUAlpha, Double boundaryErrorMs,
                        Double f1At10, Double f1At25, Double f1At50) {

        /** "uα 0.96 over all classes; mean boundary error 1,500 ms; F1@10/25/50 1.00/1.00/0.50". */
        public String text() {
            StringBuilder out = new StringBuilder();
            out.append("uα ").append(uAlpha == null ? "undefined" : two(uAlpha)).append(" over all classes");
            if (boundaryErrorMs != null) {
                out.append("; mean boundary error ").append(ms(boundaryErrorMs));
            }
            if (f1At10 != null && f1At25 != null && f1At50 != null) {
                out.append("; F1@10/25/50 ").append(two(f1At10)).append('/').append(two(f1At25)).append('/')
                        .append(two(f1At50));
            }
            return out.toString();
        }
    }

    /** Two decimals, as every agreement is shown. */
    public static String two(double value) {
        return String.format(java.util.Locale.ROOT, "%.2f", value);
    }

    /** Milliseconds with a thousands separator: "1,500 ms". */
    public static String ms(double value) {
        return String.format(java.util.Locale.ROOT, "%,.0f ms", value);
    }

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
        this(definition, type, agreement, measure, List.of(), List.of(), null);
    }

    /** Whether anyone labelled the definition (else {@link #agreement} is null). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean labelled() {
        return agreement != null;
    }
}
