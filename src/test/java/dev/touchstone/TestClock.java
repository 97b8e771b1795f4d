package dev.touchstone;

import org.springframework.context.annotation.Primary;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The application's clock in Spring tests (TouchstoneSpringTest): the system's time unless a test sets one, and
 * back to it after {@link #reset()}. Tests that set it must reset it: every Spring test shares this context.
 */
@Primary
public class TestClock extends Clock {

    private final AtomicReference<Instant> fixed = new AtomicReference<>();

    /** From now on, the clock reads this instant. */
    public void set(Instant instant) {
        fixed.set(instant);
    }

    /** Back to the system's time. */
    public void reset() {
        fixed.set(null);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.system(zone);
    }

    @Override
    public Instant instant() {
        Instant at = fixed.get();
        return at != null ? at : Instant.now();
    }
}
