package dev.touchstone.proposal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hand-made streams in memory for tests: each stream is a list of channel names and rows of (time, values). A value
 * of NaN is stored as NaN (a dropout marker); a value of +∞ in channel 0 leaves the whole sample out (a gap in the
 * timestamps).
 */
final class SeriesSource implements SignalSource {

    private record Stream(List<String> channels, long[] times, float[][] rows) {
    }

    private final Map<String, Stream> streams = new LinkedHashMap<>();

    /** Adds a stream sampled at {@code hz} for {@code seconds}, each channel's value from {@code value(t, channel)}. */
    SeriesSource add(String stream, List<String> channels, double hz, double seconds, Value value) {
        int n = (int) Math.floor(seconds * hz);
        long[] times = new long[n];
        float[][] rows = new float[n][channels.size()];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            double t = (i + 0.5) / hz;
            if (value.at(t, 0) == Double.POSITIVE_INFINITY) {
                continue;
            }
            times[kept] = Math.round(t * 1e9);
            for (int c = 0; c < channels.size(); c++) {
                rows[kept][c] = (float) value.at(t, c);
            }
            kept++;
        }
        streams.put(stream, new Stream(List.copyOf(channels), java.util.Arrays.copyOf(times, kept),
                java.util.Arrays.copyOf(rows, kept)));
        return this;
    }

    @FunctionalInterface
    interface Value {
        double at(double seconds, int channel);
    }

    @Override
    public Optional<List<String>> channels(String stream) {
        return Optional.ofNullable(streams.get(stream)).map(Stream::channels);
    }

    @Override
    public void scan(String stream, int[] channels, SampleSink sink) {
        Stream s = streams.get(stream);
        float[] row = new float[channels.length];
        for (int i = 0; i < s.times().length; i++) {
            for (int c = 0; c < channels.length; c++) {
                row[c] = s.rows()[i][channels[c]];
            }
            sink.sample(s.times()[i], row);
        }
    }
}
