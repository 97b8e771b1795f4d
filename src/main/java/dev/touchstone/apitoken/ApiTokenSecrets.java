package dev.touchstone.apitoken;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Token secrets: {@code ts_} followed by 32 random bytes in unpadded base64url (46 characters). 256 random bits make
 * guessing hopeless, so a plain SHA-256 (no salt, no slow hash) is enough to store them, and a lookup by that hash
 * cannot leak anything through timing that would help an attacker.
 */
final class ApiTokenSecrets {

    static final String PREFIX = "ts_";
    static final int RANDOM_BYTES = 32;
    /** Characters of the secret kept in clear to tell tokens apart: the prefix and 8 more (48 of the 256 bits). */
    static final int SHOWN = PREFIX.length() + 8;
    private static final Pattern FORM = Pattern.compile("ts_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiTokenSecrets() {
    }

    static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether the text could be a secret at all (checked before any database lookup). */
    static boolean wellFormed(String secret) {
        return secret != null && FORM.matcher(secret).matches();
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    static String shown(String secret) {
        return secret.substring(0, SHOWN);
    }
}
