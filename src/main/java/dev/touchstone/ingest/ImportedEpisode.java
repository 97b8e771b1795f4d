package dev.touchstone.ingest;

import java.util.UUID;

/** An episode an import stored: its id and name. */
public record ImportedEpisode(UUID id, String name) {
}
