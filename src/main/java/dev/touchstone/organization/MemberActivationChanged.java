package dev.touchstone.organization;

import java.util.UUID;

/** A member was deactivated ({@code active == false}) or reinstated. */
public record MemberActivationChanged(UUID organizationId, UUID userId, boolean active, UUID actorUserId) {
}
