package dev.touchstone.release;

import java.util.UUID;

/** A release's build failed; {@code error} is the message its page shows. Published outside a transaction. */
public record ReleaseFailed(UUID organizationId, UUID releaseId, UUID projectId, String projectName, String version,
                            String error) {
}
