package dev.touchstone.labeling;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One version of a label schema. {@code inUse}: something refers to it, so it will never change; saving the schema
 * then makes the next version.
 */
public record SchemaVersion(UUID id, UUID schemaId, int version, LabelSchema schema, boolean inUse,
                            OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    public String name() {
        return schema.name();
    }
}
