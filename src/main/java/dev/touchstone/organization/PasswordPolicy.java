package dev.touchstone.organization;

import java.security.SecureRandom;
import java.util.Optional;

/** What a password must be, and how one-time passwords are made. */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    private static final int MAX_LENGTH = 128;
    // No 0/O or 1/l/I: one-time passwords are read off a screen and typed.
    private static final char[] ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordPolicy() {
    }

    /** Why the password is not acceptable, or empty when it is. */
    public static Optional<String> problem(String password, String email) {
        if (password == null || password.length() < MIN_LENGTH) {
            return Optional.of("Use at least " + MIN_LENGTH + " characters.");
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of("Use at most " + MAX_LENGTH + " characters.");
        }
        if (password.isBlank() || password.chars().distinct().count() < 5) {
            return Optional.of("Use a less repetitive password.");
        }
        if (email != null && password.toLowerCase().contains(email.toLowerCase().split("@")[0])
                && email.split("@")[0].length() >= 3) {
            return Optional.of("Do not use your e-mail name in the password.");
        }
        return Optional.empty();
    }

    public static String oneTimePassword() {
        StringBuilder password = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            password.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return password.toString();
    }
}
