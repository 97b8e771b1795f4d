package dev.touchstone.organization;

import java.util.Set;
import java.util.UUID;

public record MemberRolesChanged(UUID organizationId, UUID userId, Set<Role> before, Set<Role> after,
                                 UUID actorUserId) {
}
