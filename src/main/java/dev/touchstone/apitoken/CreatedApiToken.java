package dev.touchstone.apitoken;

/**
 * A token just made, with its secret: the only moment the secret exists outside the caller's hands. Show it once
 * and forget it; Touchstone keeps only its SHA-256.
 */
public record CreatedApiToken(ApiToken token, String secret) {

    /** Never prints the secret (logs, exception messages). */
    @Override
    public String toString() {
        return "CreatedApiToken[" + token + ", secret=" + token.prefix() + "…]";
    }
}
