package dev.touchstone.organization;

import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import static dev.touchstone.db.Tables.LOGIN_THROTTLE;
import static org.jooq.impl.DSL.when;

/**
 * Counts failed sign-ins per e-mail and per client address in PostgreSQL, so every replica sees the same counts.
 * A key is locked when its failures within the window reach the limit; the lock lifts by itself.
 */
@Component
class LoginThrottle {

    private final DSLContext dsl;
    private final LoginThrottleProperties properties;

    LoginThrottle(DSLContext dsl, LoginThrottleProperties properties) {
        this.dsl = dsl;
        this.properties = properties;
    }

    static String userKey(String email) {
        return "user:" + email.trim().toLowerCase();
    }

    static String addressKey(String address) {
        return "address:" + address;
    }

    /** How long until the longest lock among these keys lifts, if any is locked now. */
    Optional<Duration> lockedFor(List<String> keys) {
        OffsetDateTime now = OffsetDateTime.now();
        return dsl.select(LOGIN_THROTTLE.LOCKED_UNTIL).from(LOGIN_THROTTLE)
                .where(LOGIN_THROTTLE.THROTTLE_KEY.in(keys), LOGIN_THROTTLE.LOCKED_UNTIL.gt(now))
                .fetch(LOGIN_THROTTLE.LOCKED_UNTIL).stream()
                .max(OffsetDateTime::compareTo)
                .map(until -> Duration.between(now, until));
    }

    void recordFailure(String key, int limit) {
        OffsetDateTime now = OffsetDateTime.now();
        OffsetDateTime windowStart = now.minus(properties.window());
        // One statement, so concurrent failures on several replicas cannot lose a count.
        dsl.insertInto(LOGIN_THROTTLE, LOGIN_THROTTLE.THROTTLE_KEY, LOGIN_THROTTLE.FAILURES,
                        LOGIN_THROTTLE.WINDOW_START, LOGIN_THROTTLE.LOCKED_UNTIL)
                .values(key, 1, now, limit <= 1 ? now.plus(properties.lockDuration()) : null)
                .onConflict(LOGIN_THROTTLE.THROTTLE_KEY)
                .doUpdate()
                .set(LOGIN_THROTTLE.FAILURES, when(LOGIN_THROTTLE.WINDOW_START.lt(windowStart), 1)
                        .otherwise(LOGIN_THROTTLE.FAILURES.plus(1)))
                .set(LOGIN_THROTTLE.WINDOW_START, when(LOGIN_THROTTLE.WINDOW_START.lt(windowStart), now)
                        .otherwise(LOGIN_THROTTLE.WINDOW_START))
                .set(LOGIN_THROTTLE.LOCKED_UNTIL, when(LOGIN_THROTTLE.WINDOW_START.ge(windowStart)
                                        .and(LOGIN_THROTTLE.FAILURES.plus(1).ge(limit)),
                                now.plus(properties.lockDuration()))
                        .otherwise(LOGIN_THROTTLE.LOCKED_UNTIL))
                .execute();
    }

    void recordFailure(String email, String address) {
        recordFailure(userKey(email), properties.maxFailures());
        if (address != null) {
            recordFailure(addressKey(address), properties.maxFailuresPerAddress());
        }
    }

    void clear(String email) {
        dsl.deleteFrom(LOGIN_THROTTLE).where(LOGIN_THROTTLE.THROTTLE_KEY.eq(userKey(email))).execute();
    }
}
