package dev.touchstone.organization;

import java.util.UUID;

public record PasswordChanged(UUID organizationId, UUID userId) {
}
