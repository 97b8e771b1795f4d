package dev.touchstone.organization;

import java.util.UUID;

public record OrganizationSwitched(UUID userId, UUID fromOrganizationId, UUID toOrganizationId) {
}
