package dev.touchstone.webhook;

import java.time.Instant;
import java.util.UUID;

/**
 * One event sent (or to be sent) to one endpoint, with how its attempts went.
 *
 * @param eventId         the payload's {@code id}: shared by every endpoint that heard the event and by replays
 * @param attempts        POSTs made so far
 * @param lastStatus      the last answer's HTTP status, or null when there was none (see {@code lastError})
 * @param lastError       why the last attempt had no answer (refused address, connection refused, timeout)
 * @param responseSnippet the first 500 characters of the last answer's body
 * @param nextAttemptAt   when it is tried (again); null once it succeeded or failed
 * @param replayOf        the delivery this one repeats, for a replay
 */
public record WebhookDelivery(UUID id, UUID endpointId, UUID eventId, String eventType, State state, int attempts,
                              Integer lastStatus, String lastError, String responseSnippet, Instant lastAttemptAt,
                              Instant nextAttemptAt, Instant createdAt, UUID replayOf) {

    public enum State {
        /** Waiting for its first or next attempt. */
        PENDING,
        /** A receiver answered 2xx. */
        SUCCEEDED,
        /** Given up: the last allowed attempt had no 2xx answer. */
        FAILED;

        /** In the database and the API: {@code pending}, {@code succeeded}, {@code failed}. */
        @com.fasterxml.jackson.annotation.JsonValue
        public String db() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static State of(String db) {
            return valueOf(db.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
