package dev.touchstone.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A registered endpoint. The secret itself is never part of it (it is returned once, in {@link CreatedWebhook});
 * {@code secretPrefix} lets an admin tell which secret a receiver holds.
 *
 * @param active                  false while an admin has paused it: its events are stored but not sent until it is
 *                                resumed
 * @param previousSecretExpiresAt after a rotation, until when deliveries are signed with the previous secret too;
 *                                null when there is no previous secret
 */
public record WebhookEndpoint(UUID id, String url, String description, List<String> eventTypes, boolean active,
                              String secretPrefix, Instant previousSecretExpiresAt, Instant createdAt) {

    public WebhookEndpoint {
        eventTypes = List.copyOf(eventTypes);
    }
}
