package dev.touchstone.proposal;

import java.util.List;
import java.util.Objects;

/**
 * A proposed value of an episode-scoped definition: a suggested verdict (schema type {@code verdict}: {@code
 * accept}, and reason codes in {@code classes} when rejecting) or a category ({@code grasp_outcome}: one class in
 * {@code classes}, {@code accept} null). The counterpart of {@code labeling.Label.Value}, as {@link Proposal} is of
 * phases and events; a separate record so that {@link Proposal}'s contract (a span or an instant) stays as it is.
 *
 * @param definition the schema definition's key, e.g. {@code quality}
 * @param classes    the reason codes (verdict) or the chosen class (category)
 * @param accept     for a verdict: true = accept, false = reject; null for a category
 * @param source     e.g. {@code signals.verdict}
 * @param version    the rules' version
 * @param confidence in [0, 1], defined per source in docs/proposals.md
 * @param score      the number the value was decided from (verdict: the worst flag over its threshold, ≥ 1 is a
 *                   reject); higher = worse; what ranks episodes for review
 * @param evidence   the spans behind it (the rejecting flags' spans)
 */
public record ValueProposal(String definition, List<String> classes, Boolean accept, String source, String version,
                            double confidence, double score, List<Evidence> evidence) {

    public ValueProposal {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(version, "version");
        classes = List.copyOf(classes);
        evidence = List.copyOf(evidence);
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
        }
    }
}
