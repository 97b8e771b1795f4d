package dev.touchstone.labeling;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A label schema in the list: its newest version and whether that version is already in use (then immutable). */
public record SchemaSummary(UUID schemaId, String name, UUID latestVersionId, int latestVersion, int definitions,
                            boolean latestInUse, OffsetDateTime updatedAt) {
}
