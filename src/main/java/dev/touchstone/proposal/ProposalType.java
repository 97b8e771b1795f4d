package dev.touchstone.proposal;

/** The label types a proposer can fill in, named as in the label schema ({@code docs/labeling/schema.md}). */
public enum ProposalType {
    /** A span of a phase definition: [startNanos, endNanos). */
    PHASE,
    /** An instant of an event definition: startNanos == endNanos. */
    EVENT
}
