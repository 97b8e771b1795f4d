package dev.touchstone.workflow;

import java.util.UUID;

/** An annotator was paused on a project because their gold accuracy fell below the project's minimum. */
public record AnnotatorPaused(UUID organizationId, UUID projectId, String projectName, UUID annotatorId,
                              String reason) {
}
