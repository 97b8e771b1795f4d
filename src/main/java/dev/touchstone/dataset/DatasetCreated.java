package dev.touchstone.dataset;

import java.util.UUID;

public record DatasetCreated(UUID organizationId, UUID datasetId, String name) {
}
