package dev.touchstone.proposal;

import java.time.Instant;
import java.util.UUID;

/** A project's ML backend as a project manager sees it: its URL, never its secret. */
public record MlBackend(UUID projectId, String url, Instant updatedAt) {
}
