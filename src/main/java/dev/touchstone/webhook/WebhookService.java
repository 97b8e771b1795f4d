package dev.touchstone.webhook;

import dev.touchstone.audit.AuditService;
import dev.touchstone.common.CursorPage;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.organization.TouchstoneUser;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The organization's webhooks, for its admins (docs/webhooks.md): register an endpoint (its secret is returned
 * once), list and delete endpoints, list an endpoint's deliveries, replay a delivery, send a test ping. Another
 * organization's endpoints and deliveries are "not found". Registering, deleting and replaying are audited.
 */
@Service
@PreAuthorize(Ability.Expressions.WEBHOOKS)
public class WebhookService {

    public static final int MAX_DESCRIPTION = 200;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebhookRepository repository;
    private final WebhookGuard guard;
    private final WebhookDispatcher dispatcher;
    private final WebhookEvents events;
    private final CurrentOrganization current;
    private final AuditService audit;
    private final Clock clock;

    WebhookService(WebhookRepository repository, WebhookGuard guard, WebhookDispatcher dispatcher,
                   WebhookEvents events, CurrentOrganization current, AuditService audit, Clock clock) {
        this.repository = repository;
        this.guard = guard;
        this.dispatcher = dispatcher;
        this.events = events;
        this.current = current;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Registers an endpoint, active at once.
     *
     * @param url         where to POST: http or https, a host that resolves to a public address (or one the operator
     *                    allows)
     * @param eventTypes  what it hears, at least one
     * @param description what it is for, at most 200 characters; may be empty
     * @throws IllegalArgumentException saying what is wrong with the URL, the types or the description
     */
    @Transactional
    public CreatedWebhook create(String url, Collection<WebhookEventType> eventTypes, String description) {
        TouchstoneUser me = current.requireUser();
        URI uri = guard.parse(url);
        if (eventTypes == null || eventTypes.isEmpty()) {
            throw new IllegalArgumentException("eventTypes needs at least one type: what the endpoint hears");
        }
        String d = description == null ? "" : description.strip();
        if (d.length() > MAX_DESCRIPTION) {
            throw new IllegalArgumentException("description is at most " + MAX_DESCRIPTION + " characters");
        }
        String secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
        List<String> types = EnumSet.copyOf(eventTypes).stream().map(WebhookEventType::key).toList();
        WebhookEndpoint endpoint = repository.insertEndpoint(me.organization().id(), uri.toString(), secret, d, types,
                me.userId(), clock.instant().truncatedTo(ChronoUnit.MICROS));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("url", endpoint.url());
        details.put("eventTypes", types);
        audit.record("webhook.created", "webhook", endpoint.id().toString(), details);
        return new CreatedWebhook(endpoint, secret);
    }

    /** A page of the organization's endpoints, newest first. */
    @Transactional(readOnly = true)
    public CursorPage<WebhookEndpoint> endpoints(Integer limit, String cursor) {
        int n = CursorPage.limit(limit);
        Key after = Key.of(cursor);
        return CursorPage.of(repository.endpoints(current.id(), after.at(), after.id(), n + 1), n,
                e -> e.createdAt() + "|" + e.id());
    }

    @Transactional(readOnly = true)
    public WebhookEndpoint endpoint(UUID endpointId) {
        return repository.endpoint(current.id(), endpointId)
                .orElseThrow(() -> new NotFoundInOrganizationException("Webhook"));
    }

    /** Deletes the endpoint: nothing more is sent to it, and its deliveries go with it. */
    @Transactional
    public void delete(UUID endpointId) {
        WebhookEndpoint endpoint = endpoint(endpointId);
        repository.deleteEndpoint(current.id(), endpointId);
        audit.record("webhook.deleted", "webhook", endpointId.toString(), Map.of("url", endpoint.url()));
    }

    /** A page of the endpoint's deliveries, newest first. */
    @Transactional(readOnly = true)
    public CursorPage<WebhookDelivery> deliveries(UUID endpointId, Integer limit, String cursor) {
        endpoint(endpointId);
        int n = CursorPage.limit(limit);
        Key after = Key.of(cursor);
        return CursorPage.of(repository.deliveries(current.id(), endpointId, after.at(), after.id(), n + 1), n,
                d -> d.createdAt() + "|" + d.id());
    }

    @Transactional(readOnly = true)
    public WebhookDelivery delivery(UUID deliveryId) {
        return repository.delivery(current.id(), deliveryId)
                .orElseThrow(() -> new NotFoundInOrganizationException("Webhook delivery"));
    }

    /**
     * Sends a delivery's payload again, as a new delivery (its own attempts; the payload, and so the event id, the
     * same), whatever the first one's state; the first one stays as it was.
     */
    @Transactional
    public WebhookDelivery replay(UUID deliveryId) {
        UUID org = current.id();
        WebhookRepository.Sent sent = repository.sent(org, deliveryId)
                .orElseThrow(() -> new NotFoundInOrganizationException("Webhook delivery"));
        WebhookDelivery replay = repository.insertDelivery(org, sent.endpointId(), sent.eventId(), sent.eventType(),
                sent.payload(), clock.instant(), sent.id());
        audit.record("webhook.delivery.replayed", "webhook", sent.endpointId().toString(),
                Map.of("delivery", deliveryId.toString(), "replay", replay.id().toString(),
                        "eventType", sent.eventType()));
        dispatcher.nudgeAfterCommit();
        return replay;
    }

    /** Sends the endpoint a {@code ping} event (whatever it subscribes to), to try a receiver. */
    @Transactional
    public WebhookDelivery ping(UUID endpointId) {
        UUID org = current.id();
        endpoint(endpointId);
        Instant now = clock.instant();
        UUID eventId = UUID.randomUUID();
        String payload = events.payload(eventId, WebhookEventType.PING, now, org,
                Map.of("webhookId", endpointId, "message", "A test delivery sent by an admin"));
        WebhookDelivery delivery = repository.insertDelivery(org, endpointId, eventId, WebhookEventType.PING, payload,
                now, null);
        dispatcher.nudgeAfterCommit();
        return delivery;
    }

    /** The secret's first characters, which lists show. */
    static String prefix(String secret) {
        return secret.substring(0, Math.min(secret.length(), 12));
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** A list's cursor: the last item's (createdAt, id). */
    private record Key(Instant at, UUID id) {
        static Key of(String cursor) {
            String key = CursorPage.decode(cursor);
            if (key == null) {
                return new Key(null, null);
            }
            int bar = key.indexOf('|');
            try {
                return new Key(Instant.parse(key.substring(0, bar)), UUID.fromString(key.substring(bar + 1)));
            } catch (DateTimeParseException | IllegalArgumentException | StringIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("cursor is not one this API made; follow nextCursor from a page");
            }
        }
    }
}
