package dev.touchstone.webhook;

/** A new endpoint with its signing secret: the only time the secret is shown. */
public record CreatedWebhook(WebhookEndpoint endpoint, String secret) {
}
