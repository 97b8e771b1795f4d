package dev.touchstone.proposal;

import java.time.Instant;
import java.util.UUID;

/**
 * One call of a project's ML backend for an episode and what came of it.
 *
 * @param stored     true when the answer was stored as a proposal set; false for a failure
 * @param attempts   requests made (retries after a timeout, a refused connection or a 5xx answer)
 * @param httpStatus the last answer's status, or null when none came
 * @param message    why it failed, for the project manager (null when stored)
 * @param labels     how many labels were stored
 */
public record MlBackendCall(UUID id, UUID projectId, UUID episodeId, String url, boolean stored, int attempts,
                            Integer httpStatus, String message, String source, String version, int labels,
                            long durationMillis, Instant createdAt) {
}
