package dev.touchstone.proposal;

import java.util.List;
import java.util.Objects;

/**
 * What made a proposer propose something: the span of one stream's channels it looked at, and what it saw there, so
 * the timeline can draw it and a person can judge the proposal from the signal.
 *
 * @param stream     the stream's name, e.g. {@code left_wrist/force_torque}
 * @param channels   the channels used, e.g. {@code force_x, force_y, force_z}
 * @param startNanos start of the span, episode time
 * @param endNanos   end of the span (≥ start)
 * @param note       what was seen, in words with numbers, e.g. {@code |ΔF| rose above 1.0 N (peak 18.3 N)}
 */
public record Evidence(String stream, List<String> channels, long startNanos, long endNanos, String note) {

    public Evidence {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(note, "note");
        channels = List.copyOf(channels);
        if (endNanos < startNanos) {
            throw new IllegalArgumentException("evidence span ends at " + endNanos + " ns, before its start "
                    + startNanos + " ns");
        }
    }
}
