package dev.touchstone.organization;

/** A change that would break a rule of the organization (e.g. leave it without an active admin). */
public class MembershipRuleException extends RuntimeException {

    public MembershipRuleException(String message) {
        super(message);
    }
}
