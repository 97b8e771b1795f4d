package dev.touchstone.proposal;

import java.time.Instant;
import java.util.UUID;

/**
 * The latest "call the ML backend for every episode" of a project, while it runs and after (until the server
 * restarts: it is kept in memory; each call's outcome is recorded in {@link MlBackendCall}s).
 *
 * @param total  episodes to call for
 * @param done   episodes called so far ({@code stored + failed})
 * @param stored calls whose answer was stored
 * @param failed calls that failed (each with its reason among the calls)
 */
public record MlBackendRun(UUID projectId, int total, int done, int stored, int failed, boolean running,
                           Instant startedAt) {
}
