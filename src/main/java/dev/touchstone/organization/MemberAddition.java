package dev.touchstone.organization;

import java.util.Optional;

/**
 * The result of adding a member. A new account gets a one-time password that is shown to the admin once and must be
 * changed at first sign-in; an existing account keeps its password.
 */
public record MemberAddition(Member member, Optional<String> oneTimePassword) {
}
