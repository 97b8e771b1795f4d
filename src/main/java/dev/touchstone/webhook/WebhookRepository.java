package dev.touchstone.webhook;

import dev.touchstone.db.tables.records.WebhookDeliveryRecord;
import dev.touchstone.db.tables.records.WebhookEndpointRecord;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.touchstone.db.Tables.WEBHOOK_DELIVERY;
import static dev.touchstone.db.Tables.WEBHOOK_ENDPOINT;
import static org.jooq.impl.DSL.row;

/**
 * Webhook endpoints and their deliveries. Everything is read and written by organization, except the dispatcher's
 * claim of due deliveries, which takes every organization's (each claimed row carries its organization id, and the
 * attempt's result is written back by it).
 */
@Repository
class WebhookRepository {

    /** A delivery the dispatcher has claimed, with what sending it needs. */
    record Due(UUID id, UUID organizationId, UUID endpointId, String url, String secret, String eventType,
               String payload, int attempts) {
    }

    /** What a replay copies from the delivery it repeats. */
    record Sent(UUID id, UUID endpointId, UUID eventId, String eventType, String payload) {
    }

    private final DSLContext dsl;

    WebhookRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    WebhookEndpoint insertEndpoint(UUID organizationId, String url, String secret, String description,
                                   List<String> eventTypes, UUID createdBy, Instant createdAt) {
        return toEndpoint(dsl.insertInto(WEBHOOK_ENDPOINT)
                .set(WEBHOOK_ENDPOINT.ORGANIZATION_ID, organizationId)
                .set(WEBHOOK_ENDPOINT.URL, url)
                .set(WEBHOOK_ENDPOINT.SECRET, secret)
                .set(WEBHOOK_ENDPOINT.DESCRIPTION, description)
                .set(WEBHOOK_ENDPOINT.EVENT_TYPES, eventTypes.toArray(String[]::new))
                .set(WEBHOOK_ENDPOINT.CREATED_BY, createdBy)
                .set(WEBHOOK_ENDPOINT.CREATED_AT, time(createdAt))
                .returning()
                .fetchSingle());
    }

    /** The organization's endpoints, newest first, after the cursor's (createdAt, id) when given. */
    List<WebhookEndpoint> endpoints(UUID organizationId, Instant afterCreatedAt, UUID afterId, int limit) {
        var where = WEBHOOK_ENDPOINT.ORGANIZATION_ID.eq(organizationId);
        if (afterCreatedAt != null) {
            where = where.and(row(WEBHOOK_ENDPOINT.CREATED_AT, WEBHOOK_ENDPOINT.ID).lt(time(afterCreatedAt), afterId));
        }
        return dsl.selectFrom(WEBHOOK_ENDPOINT).where(where)
                .orderBy(WEBHOOK_ENDPOINT.CREATED_AT.desc(), WEBHOOK_ENDPOINT.ID.desc())
                .limit(limit)
                .fetch(WebhookRepository::toEndpoint);
    }

    Optional<WebhookEndpoint> endpoint(UUID organizationId, UUID endpointId) {
        return dsl.selectFrom(WEBHOOK_ENDPOINT)
                .where(WEBHOOK_ENDPOINT.ORGANIZATION_ID.eq(organizationId), WEBHOOK_ENDPOINT.ID.eq(endpointId))
                .fetchOptional(WebhookRepository::toEndpoint);
    }

    /** Deletes the endpoint with its deliveries; the number of endpoints deleted (0 or 1). */
    int deleteEndpoint(UUID organizationId, UUID endpointId) {
        return dsl.deleteFrom(WEBHOOK_ENDPOINT)
                .where(WEBHOOK_ENDPOINT.ORGANIZATION_ID.eq(organizationId), WEBHOOK_ENDPOINT.ID.eq(endpointId))
                .execute();
    }

    /** The organization's active endpoints that subscribe to the event type. */
    List<UUID> subscribers(UUID organizationId, String eventType) {
        return dsl.select(WEBHOOK_ENDPOINT.ID).from(WEBHOOK_ENDPOINT)
                .where(WEBHOOK_ENDPOINT.ORGANIZATION_ID.eq(organizationId), WEBHOOK_ENDPOINT.ACTIVE.isTrue(),
                        WEBHOOK_ENDPOINT.EVENT_TYPES.contains(new String[]{eventType}))
                .fetch(WEBHOOK_ENDPOINT.ID);
    }

    WebhookDelivery insertDelivery(UUID organizationId, UUID endpointId, UUID eventId, String eventType,
                                   String payload, Instant due, UUID replayOf) {
        return toDelivery(dsl.insertInto(WEBHOOK_DELIVERY)
                .set(WEBHOOK_DELIVERY.ORGANIZATION_ID, organizationId)
                .set(WEBHOOK_DELIVERY.ENDPOINT_ID, endpointId)
                .set(WEBHOOK_DELIVERY.EVENT_ID, eventId)
                .set(WEBHOOK_DELIVERY.EVENT_TYPE, eventType)
                .set(WEBHOOK_DELIVERY.PAYLOAD, payload)
                .set(WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT, time(due))
                .set(WEBHOOK_DELIVERY.REPLAY_OF, replayOf)
                .set(WEBHOOK_DELIVERY.CREATED_AT, time(due))
                .returning()
                .fetchSingle());
    }

    /** An endpoint's deliveries, newest first, after the cursor's (createdAt, id) when given. */
    List<WebhookDelivery> deliveries(UUID organizationId, UUID endpointId, Instant afterCreatedAt, UUID afterId,
                                     int limit) {
        var where = WEBHOOK_DELIVERY.ORGANIZATION_ID.eq(organizationId).and(WEBHOOK_DELIVERY.ENDPOINT_ID.eq(endpointId));
        if (afterCreatedAt != null) {
            where = where.and(row(WEBHOOK_DELIVERY.CREATED_AT, WEBHOOK_DELIVERY.ID).lt(time(afterCreatedAt), afterId));
        }
        return dsl.selectFrom(WEBHOOK_DELIVERY).where(where)
                .orderBy(WEBHOOK_DELIVERY.CREATED_AT.desc(), WEBHOOK_DELIVERY.ID.desc())
                .limit(limit)
                .fetch(WebhookRepository::toDelivery);
    }

    Optional<WebhookDelivery> delivery(UUID organizationId, UUID deliveryId) {
        return dsl.selectFrom(WEBHOOK_DELIVERY)
                .where(WEBHOOK_DELIVERY.ORGANIZATION_ID.eq(organizationId), WEBHOOK_DELIVERY.ID.eq(deliveryId))
                .fetchOptional(WebhookRepository::toDelivery);
    }

    Optional<Sent> sent(UUID organizationId, UUID deliveryId) {
        return dsl.select(WEBHOOK_DELIVERY.ID, WEBHOOK_DELIVERY.ENDPOINT_ID, WEBHOOK_DELIVERY.EVENT_ID,
                        WEBHOOK_DELIVERY.EVENT_TYPE, WEBHOOK_DELIVERY.PAYLOAD)
                .from(WEBHOOK_DELIVERY)
                .where(WEBHOOK_DELIVERY.ORGANIZATION_ID.eq(organizationId), WEBHOOK_DELIVERY.ID.eq(deliveryId))
                .fetchOptional(org.jooq.Records.mapping(Sent::new));
    }

    /**
     * Takes up to {@code limit} deliveries due at {@code now}, of every organization, and moves their next attempt to
     * {@code leaseUntil}: a dispatcher on another replica skips the locked rows now and the leased rows after this
     * transaction, and a dispatcher that dies mid-send leaves the row to be tried again when the lease ends. Run in a
     * transaction.
     */
    List<Due> claimDue(Instant now, Instant leaseUntil, int limit) {
        List<UUID> ids = dsl.select(WEBHOOK_DELIVERY.ID).from(WEBHOOK_DELIVERY)
                .where(WEBHOOK_DELIVERY.STATE.eq("pending"), WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT.le(time(now)))
                .orderBy(WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT)
                .limit(limit)
                .forUpdate().skipLocked()
                .fetch(WEBHOOK_DELIVERY.ID);
        if (ids.isEmpty()) {
            return List.of();
        }
        dsl.update(WEBHOOK_DELIVERY).set(WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT, time(leaseUntil))
                .where(WEBHOOK_DELIVERY.ID.in(ids)).execute();
        return dsl.select(WEBHOOK_DELIVERY.ID, WEBHOOK_DELIVERY.ORGANIZATION_ID, WEBHOOK_DELIVERY.ENDPOINT_ID,
                        WEBHOOK_ENDPOINT.URL, WEBHOOK_ENDPOINT.SECRET, WEBHOOK_DELIVERY.EVENT_TYPE,
                        WEBHOOK_DELIVERY.PAYLOAD, WEBHOOK_DELIVERY.ATTEMPTS)
                .from(WEBHOOK_DELIVERY).join(WEBHOOK_ENDPOINT).on(WEBHOOK_ENDPOINT.ID.eq(WEBHOOK_DELIVERY.ENDPOINT_ID))
                .where(WEBHOOK_DELIVERY.ID.in(ids))
                .orderBy(WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT, WEBHOOK_DELIVERY.ID)
                .fetch(org.jooq.Records.mapping(Due::new));
    }

    /** Writes an attempt's result; {@code next} is null unless the delivery stays pending. */
    void recordAttempt(UUID organizationId, UUID deliveryId, int attempts, WebhookDelivery.State state,
                       Integer status, String error, String snippet, Instant attemptedAt, Instant next) {
        dsl.update(WEBHOOK_DELIVERY)
                .set(WEBHOOK_DELIVERY.ATTEMPTS, attempts)
                .set(WEBHOOK_DELIVERY.STATE, state.db())
                .set(WEBHOOK_DELIVERY.LAST_STATUS, status)
                .set(WEBHOOK_DELIVERY.LAST_ERROR, error)
                .set(WEBHOOK_DELIVERY.RESPONSE_SNIPPET, snippet)
                .set(WEBHOOK_DELIVERY.LAST_ATTEMPT_AT, time(attemptedAt))
                .set(WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT, next == null ? null : time(next))
                .where(WEBHOOK_DELIVERY.ORGANIZATION_ID.eq(organizationId), WEBHOOK_DELIVERY.ID.eq(deliveryId))
                .execute();
    }

    private static WebhookEndpoint toEndpoint(WebhookEndpointRecord r) {
        return new WebhookEndpoint(r.getId(), r.getUrl(), r.getDescription(), List.of(r.getEventTypes()),
                r.getActive(), WebhookService.prefix(r.getSecret()), instant(r.getCreatedAt()));
    }

    private static WebhookDelivery toDelivery(WebhookDeliveryRecord r) {
        return new WebhookDelivery(r.getId(), r.getEndpointId(), r.getEventId(), r.getEventType(),
                WebhookDelivery.State.of(r.getState()), r.getAttempts(), r.getLastStatus(), r.getLastError(),
                r.getResponseSnippet(), instant(r.getLastAttemptAt()), instant(r.getNextAttemptAt()),
                instant(r.getCreatedAt()), r.getReplayOf());
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
