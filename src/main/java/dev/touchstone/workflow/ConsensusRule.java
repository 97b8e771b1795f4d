package dev.touchstone.workflow;

/**
 * How one label type's submissions become the task's answer: {@code AUTO} merges them by the type's rule
 * (docs/workflow/consensus.md); {@code REVIEWER} leaves it to a QA lead whenever the annotators differ (the default
 * for text, which has no meaningful merge).
 */
public enum ConsensusRule {
    AUTO, REVIEWER
}
