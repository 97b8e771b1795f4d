package dev.touchstone.release;

import java.util.UUID;

/** A release's files are written and it can be downloaded. Published by the build job, outside a transaction. */
public record ReleaseReady(UUID organizationId, UUID releaseId, UUID projectId, String projectName, String version) {
}
