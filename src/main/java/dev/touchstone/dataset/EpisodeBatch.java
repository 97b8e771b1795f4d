package dev.touchstone.dataset;

import java.time.Instant;
import java.util.UUID;

/** The episodes one import brought into a dataset: when the first appeared and how many there are. */
public record EpisodeBatch(UUID importJobId, Instant firstImportedAt, int episodes) {
}
