package dev.touchstone.organization;

import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Counts failed sign-ins per e-mail and per client address in PostgreSQL ({@link LoginThrottleRepository}), so
 * every replica sees the same counts. A key is locked when its failures within the window reach the limit; the lock
 * lifts by itself.
 */
@Component
class LoginThrottle {

    private final LoginThrottleRepository repository;
    private final LoginThrottleProperties properties;

    LoginThrottle(LoginThrottleRepository repository, LoginThrottleProperties properties) {
        this.repository = repository;
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
        return repository.lockedUntil(keys, now).map(until -> Duration.between(now, until));
    }

    void recordFailure(String key, int limit) {
        OffsetDateTime now = OffsetDateTime.now();
        repository.recordFailure(key, limit, now, now.minus(properties.window()), now.plus(properties.lockDuration()));
    }

    void recordFailure(String email, String address) {
        recordFailure(userKey(email), properties.maxFailures());
        if (address != null) {
            recordFailure(addressKey(address), properties.maxFailuresPerAddress());
        }
    }

    void clear(String email) {
        repository.clear(userKey(email));
    }
}
