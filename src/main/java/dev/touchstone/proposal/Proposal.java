package dev.touchstone.proposal;

import java.util.List;
import java.util.Objects;

/**
 * One proposed label, in the terms of the label schema: a phase span or an event instant of one class of one
 * definition.
 *
 * @param type        phase or event
 * @param definition  the schema definition's key, e.g. {@code phase} or {@code contact}
 * @param classKey    the class's key within that definition, e.g. {@code grasp} or {@code contact-on}
 * @param startNanos  phase start, or the event's time
 * @param endNanos    phase end (exclusive), or the event's time again
 * @param source      which proposer made it, e.g. {@code signals.contact}
 * @param version     the proposer's version; a change of rules or defaults gets a new one, so scores per source
 *                    and version stay comparable
 * @param confidence  in [0, 1]; what it means is stated per proposer in docs/proposals.md (not a calibrated
 *                    probability)
 * @param evidence    the spans and channels that caused it
 */
public record Proposal(ProposalType type, String definition, String classKey, long startNanos, long endNanos,
                       String source, String version, double confidence, List<Evidence> evidence) {

    public Proposal {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(classKey, "classKey");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(version, "version");
        evidence = List.copyOf(evidence);
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], got " + confidence);
        }
        if (type == ProposalType.EVENT ? endNanos != startNanos : endNanos <= startNanos) {
            throw new IllegalArgumentException(type == ProposalType.EVENT
                    ? "an event proposal has one time, got " + startNanos + ".." + endNanos
                    : "a phase proposal needs end > start, got " + startNanos + ".." + endNanos);
        }
    }

    /** The event's time (the phase's start for a phase). */
    public long timeNanos() {
        return startNanos;
    }
}
