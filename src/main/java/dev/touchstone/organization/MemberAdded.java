package dev.touchstone.organization;

import java.util.Set;
import java.util.UUID;

/** A person became a member; {@code newAccount} tells whether their login was created just now. */
public record MemberAdded(UUID organizationId, UUID userId, String email, Set<Role> roles, boolean newAccount,
                          UUID actorUserId) {
}
