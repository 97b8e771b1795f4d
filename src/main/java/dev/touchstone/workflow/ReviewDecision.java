package dev.touchstone.workflow;

/** A QA lead's decision on a task waiting for review: accept its consensus, or return all its work with a comment. */
public enum ReviewDecision {
    ACCEPT, RETURN
}
