package dev.touchstone.proposal;

import java.util.List;
import java.util.Objects;

/**
 * One demonstration-quality flag of an episode: a number, its unit, and the time spans that explain it (the pauses
 * that make up the hesitation time, the gaps that make up the dropout time), so a person can check it on the
 * timeline. The keys and their definitions are in docs/proposals.md, "Quality flags and suggested verdict".
 *
 * @param key   e.g. {@code hesitation}, {@code jerk.p95}
 * @param value the number; {@code NaN} when the episode lacks what it needs (no arm samples, say)
 * @param unit  e.g. {@code s}, {@code rad/s³}, {@code count}, {@code ratio}
 * @param spans the evidence, in episode nanoseconds
 */
public record Flag(String key, double value, String unit, List<Evidence> spans) {

    public Flag {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(unit, "unit");
        spans = List.copyOf(spans);
    }
}
