package dev.touchstone.organization;

import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import static dev.touchstone.db.Tables.LOGIN_THROTTLE;
import static org.jooq.impl.DSL.when;

/** Failed sign-in counts per key (e-mail or client address); not scoped to an organization, sign-in precedes it. */
@Repository
class LoginThrottleRepository {

    private final DSLContext dsl;

    LoginThrottleRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The latest end of a lock among these keys that is still in force at {@code now}. */
    Optional<OffsetDateTime> lockedUntil(List<String> keys, OffsetDateTime now) {
        return dsl.select(LOGIN_THROTTLE.LOCKED_UNTIL).from(LOGIN_THROTTLE)
                .where(LOGIN_THROTTLE.THROTTLE_KEY.in(keys), LOGIN_THROTTLE.LOCKED_UNTIL.gt(now))
                .fetch(LOGIN_THROTTLE.LOCKED_UNTIL).stream()
                .max(OffsetDateTime::compareTo);
    }

    /**
     * Counts one failure of {@code key} at {@code now}: a window that started before {@code windowStart} starts
     * again, and the key is locked until {@code lockUntil} once its failures in the window reach {@code limit}. One
     * statement, so concurrent failures on several replicas cannot lose a count.
     */
    void recordFailure(String key, int limit, OffsetDateTime now, OffsetDateTime windowStart,
                       OffsetDateTime lockUntil) {
        dsl.insertInto(LOGIN_THROTTLE, LOGIN_THROTTLE.THROTTLE_KEY, LOGIN_THROTTLE.FAILURES,
                        LOGIN_THROTTLE.WINDOW_START, LOGIN_THROTTLE.LOCKED_UNTIL)
                .values(key, 1, now, limit <= 1 ? lockUntil : null)
                .onConflict(LOGIN_THROTTLE.THROTTLE_KEY)
                .doUpdate()
                .set(LOGIN_THROTTLE.FAILURES, when(LOGIN_THROTTLE.WINDOW_START.lt(windowStart), 1)
                        .otherwise(LOGIN_THROTTLE.FAILURES.plus(1)))
                .set(LOGIN_THROTTLE.WINDOW_START, when(LOGIN_THROTTLE.WINDOW_START.lt(windowStart), now)
                        .otherwise(LOGIN_THROTTLE.WINDOW_START))
                .set(LOGIN_THROTTLE.LOCKED_UNTIL, when(LOGIN_THROTTLE.WINDOW_START.ge(windowStart)
                                .and(LOGIN_THROTTLE.FAILURES.plus(1).ge(limit)), lockUntil)
                        .otherwise(LOGIN_THROTTLE.LOCKED_UNTIL))
                .execute();
    }

    void clear(String key) {
        dsl.deleteFrom(LOGIN_THROTTLE).where(LOGIN_THROTTLE.THROTTLE_KEY.eq(key)).execute();
    }
}
