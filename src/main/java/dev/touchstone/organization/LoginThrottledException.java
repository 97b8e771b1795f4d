package dev.touchstone.organization;

import org.springframework.security.authentication.LockedException;

import java.time.Duration;

/** Too many failed sign-ins for this e-mail or from this address; the password is not even checked. */
public class LoginThrottledException extends LockedException {

    private final Duration retryAfter;

    public LoginThrottledException(Duration retryAfter) {
        super("Too many failed sign-in attempts. Try again in " + minutes(retryAfter) + ".");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    private static String minutes(Duration duration) {
        long minutes = Math.max(1, (duration.toSeconds() + 59) / 60);
        return minutes == 1 ? "a minute" : minutes + " minutes";
    }
}
