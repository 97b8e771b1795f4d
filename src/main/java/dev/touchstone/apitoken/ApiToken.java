package dev.touchstone.apitoken;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A token as its owner sees it in the list: never the secret, only its first characters.
 *
 * @param prefix     the secret's first characters ({@code ts_} and 8 more), to tell tokens apart
 * @param scopes     scope keys, e.g. {@code releases:read}
 * @param lastUsedAt the last request it authenticated (updated at most once a minute), null if never used
 * @param revokedAt  null while not revoked
 */
public record ApiToken(UUID id, String name, String prefix, List<String> scopes, Instant createdAt,
                       Instant expiresAt, Instant lastUsedAt, Instant revokedAt) {

    public ApiToken {
        scopes = List.copyOf(scopes);
    }

    public enum Status { ACTIVE, EXPIRED, REVOKED }

    public Status status(Instant now) {
        if (revokedAt != null) {
            return Status.REVOKED;
        }
        return expiresAt.isAfter(now) ? Status.ACTIVE : Status.EXPIRED;
    }
}
