package dev.touchstone.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A registered endpoint. The secret itself is never part of it (it is returned once, in {@link CreatedWebhook});
 * {@code secretPrefix} lets an admin tell which secret a receiver holds.
 */
public record WebhookEndpoint(UUID id, String url, String description, List<String> eventTypes, boolean active,
                              String secretPrefix, Instant createdAt) {

    public WebhookEndpoint {
        eventTypes = List.copyOf(eventTypes);
    }
}
