package dev.touchstone.workflow;

import java.util.UUID;

/**
 * A task's labels were accepted: by consensus without review ({@code acceptedBy} null), by a QA lead as merged, or
 * with the QA lead's edits ({@code edited}). Published in the accepting transaction.
 */
public record TaskAccepted(UUID organizationId, UUID taskId, UUID projectId, String projectName, UUID episodeId,
                           UUID acceptedBy, boolean edited) {
}
