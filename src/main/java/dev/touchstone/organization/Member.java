package dev.touchstone.organization;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A person as seen from one organization: their roles there and whether they may still sign in to it. */
public record Member(UUID userId, String email, String displayName, Set<Role> roles, boolean active,
                     Instant joinedAt) {
}
