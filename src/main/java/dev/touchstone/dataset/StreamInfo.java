package dev.touchstone.dataset;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One stream of an episode as the screens and the player see it.
 *
 * @param firstNanos        episode time of the first sample (before the offset)
 * @param lastNanos         episode time of the last sample
 * @param offsetNanos       the adjustable time offset (a constant latency correction); the player adds it
 * @param rateHz            samples per second from the median interval, or 0 for a single sample
 * @param medianIntervalNanos median spacing of samples
 * @param maxIntervalNanos  the longest spacing
 * @param gapCount          spacings longer than 1.5 median intervals
 * @param droppedCount      samples missing inside those gaps (gap / median - 1, summed)
 * @param channels          signal and tactile channels (name and unit), empty for other kinds
 * @param properties        kind-specific facts: codec, width, height, depth intrinsics, tactile pads ...
 */
public record StreamInfo(UUID id, String name, StreamKind kind, long sampleCount, long firstNanos, long lastNanos,
                         long offsetNanos, double rateHz, long medianIntervalNanos, long maxIntervalNanos,
                         int gapCount, int droppedCount, List<Channel> channels, Map<String, Object> properties,
                         String sourceFile, String sourceDetail, long byteSize) {

    public record Channel(String name, String unit) {
    }

    public StreamInfo {
        channels = List.copyOf(channels);
        properties = Map.copyOf(properties);
    }

    public long durationNanos() {
        return lastNanos - firstNanos;
    }
}
