package dev.touchstone.ingest;

import java.util.UUID;

/** An import ended (succeeded, failed or cancelled). */
public record ImportFinished(UUID organizationId, UUID jobId, UUID datasetId, ImportState state, int episodesDone,
                             int episodesFailed, String error) {
}
