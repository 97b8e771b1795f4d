package dev.touchstone.ingest;

import java.util.UUID;

/** Somebody started an import. */
public record ImportStarted(UUID organizationId, UUID jobId, UUID datasetId, ImportSourceKind sourceKind,
                            String source) {
}
