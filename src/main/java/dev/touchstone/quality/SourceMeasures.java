package dev.touchstone.quality;

import java.util.List;

/**
 * How one proposal source (at one version) did on one label definition against one kind of reference (gold answers
 * or accepted labels), pooled over the episodes compared (docs/quality/agreement.md, "Proposal sources"). Exactly one
 * of {@code phase}, {@code events}, {@code values} is set when scored; none when {@code notScored} says why not.
 *
 * @param episodes        reference tasks compared: each an episode (or a window of a long episode) that has both a
 *                        reference of this kind and proposals of the source
 * @param referenceLabels the reference's labels of the definition on them
 * @param proposedLabels  the source's labels of the definition on them
 * @param notScored       why there is no number ("no reference", "proposed none", ...), null when scored
 * @param trend           the headline number ({@link #headline()}) per UTC day on which the proposals were made
 */
public record SourceMeasures(int episodes, int referenceLabels, int proposedLabels, String notScored, Phase phase,
                             Events events, Values values, List<DayPoint> trend) {

    public static final String NO_REFERENCE = "no reference";
    public static final String PROPOSED_NONE = "proposed none";
    public static final String NOT_SCORED_TYPE = "not scored for this label type";

    public SourceMeasures {
        trend = List.copyOf(trend);
    }

    static SourceMeasures notScored(int episodes, int referenceLabels, int proposedLabels, String why) {
        return new SourceMeasures(episodes, referenceLabels, proposedLabels, why, null, null, null, List.of());
    }

    /**
     * Phases, pooled over the compared episodes and tracks laid end to end.
     *
     * @param uAlpha                α_U of the reference and the source as two raters; null when undefined
     * @param f1At10                MS-TCN segmental F1 at IoU 0.10 (likewise 0.25, 0.50)
     * @param boundaryErrorMedianMs median |Δt| of the one-to-one matched boundaries; null when none matched
     * @param matchedBoundaries     the number of matched boundary pairs the median is taken over
     */
    public record Phase(Double uAlpha, double f1At10, double f1At25, double f1At50, Double boundaryErrorMedianMs,
                        int matchedBoundaries) {
    }

    /**
     * Events, matched one to one per class within the definition's tolerance.
     *
     * @param f1             2 matched / (reference events + proposed events)
     * @param precision      matched / proposed events
     * @param recall         matched / reference events
     * @param offsetMedianMs median |Δt| of the matched pairs; null without a pair
     */
    public record Events(double f1, double precision, double recall, int matched, Double offsetMedianMs,
                         int toleranceMs) {
    }

    /**
     * Episode values (single categories, verdicts, ratings, numbers) on the episodes where both sides have one.
     *
     * @param alpha    Krippendorff's alpha of the reference and the source as two coders, at the definition's level;
     *                 null when undefined (e.g. every value the same)
     * @param accuracy the share of those pairs that agree (same class, same verdict, same rating, numbers within 5 %)
     * @param pairs    how many episodes had a value on both sides
     */
    public record Values(Double alpha, double accuracy, int pairs) {
    }

    /** Whether there is a number (else {@link #notScored()} says why). */
    public boolean scored() {
        return notScored == null;
    }

    /** Phase F1@50, event F1 or value accuracy; null when not scored. */
    public Double headline() {
        if (phase != null) {
            return phase.f1At50();
        }
        if (events != null) {
            return events.f1();
        }
        return values == null ? null : values.accuracy();
    }

    /**
     * The numbers as the Agreement screen shows them: "uα 0.85 · F1@10/25/50 1.00/1.00/0.50 · boundary error median
     * 150 ms (4 boundaries)", "F1 0.80 (P 0.67, R 1.00; 2 matched within ±100 ms) · median |Δt| 30 ms",
     * "alpha 0.40 · accuracy 0.75 (3 of 4)", or "n/a: no reference".
     */
    public String text() {
        if (!scored()) {
            return "n/a: " + notScored;
        }
        if (phase != null) {
            return "uα " + (phase.uAlpha() == null ? "undefined" : DefinitionAgreement.two(phase.uAlpha()))
                    + " · F1@10/25/50 " + DefinitionAgreement.two(phase.f1At10()) + "/"
                    + DefinitionAgreement.two(phase.f1At25()) + "/" + DefinitionAgreement.two(phase.f1At50())
                    + (phase.boundaryErrorMedianMs() == null ? " · no boundary matched"
                    : " · boundary error median " + DefinitionAgreement.ms(phase.boundaryErrorMedianMs()) + " ("
                    + phase.matchedBoundaries() + (phase.matchedBoundaries() == 1 ? " boundary)" : " boundaries)"));
        }
        if (events != null) {
            return "F1 " + DefinitionAgreement.two(events.f1()) + " (P " + DefinitionAgreement.two(events.precision())
                    + ", R " + DefinitionAgreement.two(events.recall()) + "; " + events.matched()
                    + " matched within ±" + events.toleranceMs() + " ms)"
                    + (events.offsetMedianMs() == null ? ""
                    : " · median |Δt| " + DefinitionAgreement.ms(events.offsetMedianMs()));
        }
        return "alpha " + (values.alpha() == null ? "undefined" : DefinitionAgreement.two(values.alpha()))
                + " · accuracy " + DefinitionAgreement.two(values.accuracy()) + " ("
                + Math.round(values.accuracy() * values.pairs()) + " of " + values.pairs() + ")";
    }

    /** "3 episodes · 6 reference / 5 proposed labels". */
    public String compared() {
        return episodes + (episodes == 1 ? " episode" : " episodes") + " · " + referenceLabels + " reference / "
                + proposedLabels + " proposed labels";
    }
}
