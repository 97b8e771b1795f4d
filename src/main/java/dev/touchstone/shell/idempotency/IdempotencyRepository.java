package dev.touchstone.shell.idempotency;

import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

import static dev.touchstone.db.Tables.IDEMPOTENCY_KEY;

/** The keys of {@link IdempotencyKeyFilter}: one row per organization, member and key, for 24 hours. */
@Repository
class IdempotencyRepository {

    /** What a key holds: the request it was first sent with and, once that finished, its answer. */
    record Stored(byte[] requestHash, boolean completed, int status, String contentType, String location,
                  byte[] body) {

        boolean sameRequest(byte[] hash) {
            return Arrays.equals(requestHash, hash);
        }
    }

    private final DSLContext dsl;

    IdempotencyRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Claims the key for a request, or returns what it holds already. A key older than {@code expiredBefore} is
     * gone as if swept (the sweep runs only now and then).
     *
     * @return empty when this request claimed the key (it runs now), else the key's row
     */
    Optional<Stored> claim(UUID organizationId, UUID userId, String key, byte[] requestHash, Instant now,
                           Instant expiredBefore) {
        dsl.deleteFrom(IDEMPOTENCY_KEY)
                .where(IDEMPOTENCY_KEY.ORGANIZATION_ID.eq(organizationId), IDEMPOTENCY_KEY.USER_ID.eq(userId),
                        IDEMPOTENCY_KEY.KEY.eq(key), IDEMPOTENCY_KEY.CREATED_AT.lt(utc(expiredBefore)))
                .execute();
        int claimed = dsl.insertInto(IDEMPOTENCY_KEY)
                .set(IDEMPOTENCY_KEY.ORGANIZATION_ID, organizationId)
                .set(IDEMPOTENCY_KEY.USER_ID, userId)
                .set(IDEMPOTENCY_KEY.KEY, key)
                .set(IDEMPOTENCY_KEY.REQUEST_HASH, requestHash)
                .set(IDEMPOTENCY_KEY.CREATED_AT, utc(now))
                .onConflictDoNothing()
                .execute();
        if (claimed == 1) {
            return Optional.empty();
        }
        return dsl.select(IDEMPOTENCY_KEY.REQUEST_HASH, IDEMPOTENCY_KEY.COMPLETED_AT, IDEMPOTENCY_KEY.STATUS,
                        IDEMPOTENCY_KEY.CONTENT_TYPE, IDEMPOTENCY_KEY.LOCATION, IDEMPOTENCY_KEY.BODY)
                .from(IDEMPOTENCY_KEY)
                .where(IDEMPOTENCY_KEY.ORGANIZATION_ID.eq(organizationId), IDEMPOTENCY_KEY.USER_ID.eq(userId),
                        IDEMPOTENCY_KEY.KEY.eq(key))
                .fetchOptional(r -> new Stored(r.value1(), r.value2() != null,
                        r.value3() == null ? 0 : r.value3(), r.value4(), r.value5(), r.value6()))
                // Swept between the insert and the read: the client's next try claims it.
                .or(() -> Optional.of(new Stored(requestHash, false, 0, null, null, null)));
    }

    void complete(UUID organizationId, UUID userId, String key, Instant now, int status, String contentType,
                  String location, byte[] body) {
        dsl.update(IDEMPOTENCY_KEY)
                .set(IDEMPOTENCY_KEY.COMPLETED_AT, utc(now))
                .set(IDEMPOTENCY_KEY.STATUS, status)
                .set(IDEMPOTENCY_KEY.CONTENT_TYPE, contentType)
                .set(IDEMPOTENCY_KEY.LOCATION, location)
                .set(IDEMPOTENCY_KEY.BODY, body)
                .where(IDEMPOTENCY_KEY.ORGANIZATION_ID.eq(organizationId), IDEMPOTENCY_KEY.USER_ID.eq(userId),
                        IDEMPOTENCY_KEY.KEY.eq(key))
                .execute();
    }

    /** Frees a key whose request failed on the server's side, so that a retry runs it again. */
    void release(UUID organizationId, UUID userId, String key) {
        dsl.deleteFrom(IDEMPOTENCY_KEY)
                .where(IDEMPOTENCY_KEY.ORGANIZATION_ID.eq(organizationId), IDEMPOTENCY_KEY.USER_ID.eq(userId),
                        IDEMPOTENCY_KEY.KEY.eq(key), IDEMPOTENCY_KEY.COMPLETED_AT.isNull())
                .execute();
    }

    /** Every organization's keys made before the time; the retention sweep. */
    int sweep(Instant createdBefore) {
        return dsl.deleteFrom(IDEMPOTENCY_KEY).where(IDEMPOTENCY_KEY.CREATED_AT.lt(utc(createdBefore))).execute();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
