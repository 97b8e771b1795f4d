package dev.touchstone.webhook;

import dev.touchstone.audit.AuditService;
import dev.touchstone.common.CursorPage;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.organization.TouchstoneUser;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
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
 * once), list, edit, pause, resume and delete endpoints, rotate an endpoint's secret (the new one returned once, the
 * old one signing too for a grace period), list an endpoint's deliveries, replay a delivery, send a test ping.
 * Another organization's endpoints and deliveries are "not found". Every change and replay is audited.
 */
@Service
@PreAuthorize(Ability.Expressions.WEBHOOKS)
public class WebhookService {

    public static final int MAX_DESCRIPTION = 200;
    /** The longest grace period a rotation may give the previous secret. */
    public static final Duration MAX_GRACE = Duration.ofDays(7);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebhookRepository repository;
    private final WebhookGuard guard;
    private final WebhookDispatcher dispatcher;
    private final WebhookEvents events;
    private final CurrentOrganization current;
    private final AuditService audit;
    private final Clock clock;
    private final Duration rotationGrace;

    WebhookService(WebhookRepository repository, WebhookGuard guard, WebhookDispatcher dispatcher,
                   WebhookEvents events, CurrentOrganization current, AuditService audit, Clock clock,
                   @Value("${touchstone.webhook.rotation-grace:24h}") Duration rotationGrace) {
        if (rotationGrace.isNegative() || rotationGrace.compareTo(MAX_GRACE) > 0) {
            throw new IllegalArgumentException("touchstone.webhook.rotation-grace must be between 0 and 7 days");
        }
        this.rotationGrace = rotationGrace;
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
        List<String> types = types(eventTypes);
        String d = description(description);
        String secret = newSecret();
        WebhookEndpoint endpoint = repository.insertEndpoint(me.organization().id(), uri.toString(), secret, d, types,
                me.userId(), clock.instant().truncatedTo(ChronoUnit.MICROS));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("url", endpoint.url());
        details.put("eventTypes", types);
        audit.record("webhook.created", "webhook", endpoint.id().toString(), details);
        return new CreatedWebhook(endpoint, secret);
    }

    /** The default grace period of a rotation ({@code touchstone.webhook.rotation-grace}). */
    public Duration rotationGrace() {
        return rotationGrace;
    }

    /**
     * Changes what is given (null: unchanged). A new URL is checked as at registration; deliveries still pending go to
     * the new URL at their next attempt.
     *
     * @throws IllegalArgumentException saying what is wrong with the URL, the types or the description
     */
    @Transactional
    public WebhookEndpoint update(UUID endpointId, String url, Collection<WebhookEventType> eventTypes,
                                  String description) {
        WebhookEndpoint before = endpoint(endpointId);
        String u = url == null ? null : guard.parse(url).toString();
        List<String> types = eventTypes == null ? null : types(eventTypes);
        String d = description == null ? null : description(description);
        WebhookEndpoint after = repository.updateEndpoint(current.id(), endpointId, u, types, d,
                        clock.instant().truncatedTo(ChronoUnit.MICROS))
                .orElseThrow(() -> new NotFoundInOrganizationException("Webhook"));
        Map<String, Object> details = new LinkedHashMap<>();
        if (!before.url().equals(after.url())) {
            details.put("url", Map.of("from", before.url(), "to", after.url()));
        }
        if (!before.eventTypes().equals(after.eventTypes())) {
            details.put("eventTypes", Map.of("from", before.eventTypes(), "to", after.eventTypes()));
        }
        if (!before.description().equals(after.description())) {
            details.put("description", Map.of("from", before.description(), "to", after.description()));
        }
        if (!details.isEmpty()) {
            audit.record("webhook.updated", "webhook", endpointId.toString(), details);
        }
        return after;
    }

    /**
     * Pauses the endpoint: nothing is sent to it, retries included, until it is resumed. Its events are still stored
     * as pending deliveries (docs/webhooks.md, Pausing).
     */
    @Transactional
    public WebhookEndpoint pause(UUID endpointId) {
        WebhookEndpoint endpoint = repository.setActive(current.id(), endpointId, false,
                        clock.instant().truncatedTo(ChronoUnit.MICROS))
                .orElseThrow(() -> new NotFoundInOrganizationException("Webhook"));
        audit.record("webhook.paused", "webhook", endpointId.toString(), Map.of("url", endpoint.url()));
        return endpoint;
    }

    /** Resumes the endpoint: every delivery held while it was paused (and any waiting for a retry) is sent now. */
    @Transactional
    public WebhookEndpoint resume(UUID endpointId) {
        UUID org = current.id();
        Instant now = clock.instant();
        WebhookEndpoint endpoint = repository.setActive(org, endpointId, true, now.truncatedTo(ChronoUnit.MICROS))
                .orElseThrow(() -> new NotFoundInOrganizationException("Webhook"));
        int released = repository.releasePending(org, endpointId, now);
        audit.record("webhook.resumed", "webhook", endpointId.toString(),
                Map.of("url", endpoint.url(), "pendingDeliveries", released));
        dispatcher.nudgeAfterCommit();
        return endpoint;
    }

    /**
     * Gives the endpoint a new secret, returned this once. For {@code grace} (null: {@link #rotationGrace()}; zero:
     * none) deliveries are signed with the new and the old secret, so the receiver can switch at any moment in
     * between; a secret older than the one replaced stops signing at once.
     *
     * @throws IllegalArgumentException for a negative grace or one longer than 7 days
     */
    @Transactional
    public CreatedWebhook rotateSecret(UUID endpointId, Duration grace) {
        Duration g = grace == null ? rotationGrace : grace;
        if (g.isNegative() || g.compareTo(MAX_GRACE) > 0) {
            throw new IllegalArgumentException("graceHours must be between 0 and " + MAX_GRACE.toHours()
                    + ": how long the old secret keeps signing");
        }
        endpoint(endpointId);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String secret = newSecret();
        WebhookEndpoint endpoint = repository.rotateSecret(current.id(), endpointId, secret,
                        g.isZero() ? null : now.plus(g), now)
                .orElseThrow(() -> new NotFoundInOrganizationException("Webhook"));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("secretPrefix", endpoint.secretPrefix());
        details.put("previousSecretExpiresAt", endpoint.previousSecretExpiresAt() == null ? "now"
                : endpoint.previousSecretExpiresAt().toString());
        audit.record("webhook.secret.rotated", "webhook", endpointId.toString(), details);
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

    private static List<String> types(Collection<WebhookEventType> eventTypes) {
        if (eventTypes == null || eventTypes.isEmpty()) {
            throw new IllegalArgumentException("eventTypes needs at least one type: what the endpoint hears");
        }
        return EnumSet.copyOf(eventTypes).stream().map(WebhookEventType::key).toList();
    }

    private static String description(String description) {
        String d = description == null ? "" : description.strip();
        if (d.length() > MAX_DESCRIPTION) {
            throw new IllegalArgumentException("description is at most " + MAX_DESCRIPTION + " characters");
        }
        return d;
    }

    private static String newSecret() {
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
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
