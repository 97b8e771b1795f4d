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
import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.selectOne;

/**
 * Webhook endpoints and their deliveries. Everything is read and written by organization, except the dispatcher's
 * claim of due deliveries, which takes every organization's (each claimed row carries its organization id, and the
 * attempt's result is written back by it), and the retention sweep's two statements ({@link #pruneFinished},
 * {@link #dropExpiredSecrets}), which work by age across organizations.
 */
@Repository
class WebhookRepository {

    /** A delivery the dispatcher has claimed, with what sending it needs. */
    record Due(UUID id, UUID organizationId, UUID endpointId, String url, String secret, String previousSecret,
               OffsetDateTime previousSecretExpiresAt, String eventType, String payload, int attempts) {

        /** The secrets to sign with at this instant: the current one, and the previous one during its grace. */
        List<String> secrets(Instant at) {
            return previousSecret != null && previousSecretExpiresAt.toInstant().isAfter(at)
                    ? List.of(secret, previousSecret) : List.of(secret);
        }
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

    /** Changes the URL, the event types and the description (null: unchanged). */
    Optional<WebhookEndpoint> updateEndpoint(UUID organizationId, UUID endpointId, String url, List<String> eventTypes,
                                             String description, Instant at) {
        var update = dsl.update(WEBHOOK_ENDPOINT).set(WEBHOOK_ENDPOINT.UPDATED_AT, time(at));
        if (url != null) {
            update = update.set(WEBHOOK_ENDPOINT.URL, url);
        }
        if (eventTypes != null) {
            update = update.set(WEBHOOK_ENDPOINT.EVENT_TYPES, eventTypes.toArray(String[]::new));
        }
        if (description != null) {
            update = update.set(WEBHOOK_ENDPOINT.DESCRIPTION, description);
        }
        return update.where(WEBHOOK_ENDPOINT.ORGANIZATION_ID.eq(organizationId), WEBHOOK_ENDPOINT.ID.eq(endpointId))
                .returning().fetchOptional().map(WebhookRepository::toEndpoint);
    }

    /** Pauses (false) or resumes (true) the endpoint. */
    Optional<WebhookEndpoint> setActive(UUID organizationId, UUID endpointId, boolean active, Instant at) {
        return dsl.update(WEBHOOK_ENDPOINT)
                .set(WEBHOOK_ENDPOINT.ACTIVE, active)
                .set(WEBHOOK_ENDPOINT.UPDATED_AT, time(at))
                .where(WEBHOOK_ENDPOINT.ORGANIZATION_ID.eq(organizationId), WEBHOOK_ENDPOINT.ID.eq(endpointId))
                .returning().fetchOptional().map(WebhookRepository::toEndpoint);
    }

    /**
     * Makes the endpoint's pending deliveries due now, those waiting out a backoff too: on resume, what was held
     * while it was paused goes out at once. The number of deliveries.
     */
    int releasePending(UUID organizationId, UUID endpointId, Instant now) {
        return dsl.update(WEBHOOK_DELIVERY).set(WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT, time(now))
                .where(WEBHOOK_DELIVERY.ORGANIZATION_ID.eq(organizationId),
                        WEBHOOK_DELIVERY.ENDPOINT_ID.eq(endpointId),
                        WEBHOOK_DELIVERY.STATE.eq(WebhookDelivery.State.PENDING.db()),
                        WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT.gt(time(now)))
                .execute();
    }

    /**
     * The current secret becomes the previous one, signing too until {@code previousExpiresAt} (null: dropped at
     * once); an older previous secret is dropped.
     */
    Optional<WebhookEndpoint> rotateSecret(UUID organizationId, UUID endpointId, String secret,
                                           Instant previousExpiresAt, Instant at) {
        return dsl.update(WEBHOOK_ENDPOINT)
                .set(WEBHOOK_ENDPOINT.PREVIOUS_SECRET, previousExpiresAt == null
                        ? inline((String) null) : WEBHOOK_ENDPOINT.SECRET)
                .set(WEBHOOK_ENDPOINT.PREVIOUS_SECRET_EXPIRES_AT, time(previousExpiresAt))
                .set(WEBHOOK_ENDPOINT.SECRET, secret)
                .set(WEBHOOK_ENDPOINT.UPDATED_AT, time(at))
                .where(WEBHOOK_ENDPOINT.ORGANIZATION_ID.eq(organizationId), WEBHOOK_ENDPOINT.ID.eq(endpointId))
                .returning().fetchOptional().map(WebhookRepository::toEndpoint);
    }

    /**
     * The retention sweep: deletes succeeded and failed deliveries created before {@code before}, every
     * organization's, at most {@code limit} of them; the number deleted. Pending ones are never deleted.
     */
    int pruneFinished(Instant before, int limit) {
        var oldest = dsl.select(WEBHOOK_DELIVERY.ID).from(WEBHOOK_DELIVERY)
                .where(WEBHOOK_DELIVERY.STATE.ne(WebhookDelivery.State.PENDING.db()),
                        WEBHOOK_DELIVERY.CREATED_AT.lt(time(before)))
                .orderBy(WEBHOOK_DELIVERY.CREATED_AT)
                .limit(limit);
        return dsl.deleteFrom(WEBHOOK_DELIVERY).where(WEBHOOK_DELIVERY.ID.in(oldest)).execute();
    }

    /** Forgets previous secrets whose grace ended, every organization's: they sign nothing any more. */
    int dropExpiredSecrets(Instant now) {
        return dsl.update(WEBHOOK_ENDPOINT)
                .set(WEBHOOK_ENDPOINT.PREVIOUS_SECRET, (String) null)
                .set(WEBHOOK_ENDPOINT.PREVIOUS_SECRET_EXPIRES_AT, (OffsetDateTime) null)
                .where(WEBHOOK_ENDPOINT.PREVIOUS_SECRET_EXPIRES_AT.le(time(now)))
                .execute();
    }

    /**
     * The organization's endpoints that subscribe to the event type, paused ones included: a paused endpoint's
     * deliveries are stored and wait for it to be resumed.
     */
    List<UUID> subscribers(UUID organizationId, String eventType) {
        return dsl.select(WEBHOOK_ENDPOINT.ID).from(WEBHOOK_ENDPOINT)
                .where(WEBHOOK_ENDPOINT.ORGANIZATION_ID.eq(organizationId),
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
        // A paused endpoint's deliveries are skipped, not claimed: they stay due and go out when it is resumed.
        List<UUID> ids = dsl.select(WEBHOOK_DELIVERY.ID).from(WEBHOOK_DELIVERY)
                .where(WEBHOOK_DELIVERY.STATE.eq("pending"), WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT.le(time(now)),
                        exists(selectOne().from(WEBHOOK_ENDPOINT)
                                .where(WEBHOOK_ENDPOINT.ID.eq(WEBHOOK_DELIVERY.ENDPOINT_ID),
                                        WEBHOOK_ENDPOINT.ACTIVE.isTrue())))
                .orderBy(WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT)
                .limit(limit)
                .forUpdate().of(WEBHOOK_DELIVERY).skipLocked()
                .fetch(WEBHOOK_DELIVERY.ID);
        if (ids.isEmpty()) {
            return List.of();
        }
        dsl.update(WEBHOOK_DELIVERY).set(WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT, time(leaseUntil))
                .where(WEBHOOK_DELIVERY.ID.in(ids)).execute();
        return dsl.select(WEBHOOK_DELIVERY.ID, WEBHOOK_DELIVERY.ORGANIZATION_ID, WEBHOOK_DELIVERY.ENDPOINT_ID,
                        WEBHOOK_ENDPOINT.URL, WEBHOOK_ENDPOINT.SECRET, WEBHOOK_ENDPOINT.PREVIOUS_SECRET,
                        WEBHOOK_ENDPOINT.PREVIOUS_SECRET_EXPIRES_AT, WEBHOOK_DELIVERY.EVENT_TYPE,
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
                r.getActive(), WebhookService.prefix(r.getSecret()), instant(r.getPreviousSecretExpiresAt()),
                instant(r.getCreatedAt()));
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
