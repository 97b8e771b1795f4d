package dev.touchstone.proposal;

import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.dataset.signal.SignalReader;
import dev.touchstone.dataset.signal.SignalSamples;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stored signal files as a {@link SignalSource}: reads each stream in windows of raw samples per channel
 * ({@link SignalReader#samples}), so memory holds one window, whatever the episode's length. A window spans at least
 * {@link #WINDOW_NANOS} and, for a dense stream, as much time as holds about {@link #WINDOW_VALUES} values of the
 * requested channels: each read also searches the file for the window's ends, and 2 s windows of a 1 kHz stream
 * spent more time in those searches than in the samples (docs/benchmarks.md, proposer cost).
 */
public final class StoredSignals implements SignalSource {

    /** The least episode time one read covers. */
    public static final long WINDOW_NANOS = 2_000_000_000L;
    /** About how many values (samples × requested channels) one read holds at most, beyond the least time. */
    public static final long WINDOW_VALUES = 1L << 18;

    private final Map<String, SignalReader> readers;

    /** @param readers stream name to an open reader of its signal file (the caller closes the files) */
    public StoredSignals(Map<String, SignalReader> readers) {
        this.readers = new LinkedHashMap<>(readers);
    }

    @Override
    public Optional<List<String>> channels(String stream) {
        SignalReader reader = readers.get(stream);
        return reader == null ? Optional.empty()
                : Optional.of(reader.channels().stream().map(SignalChannel::name).toList());
    }

    @Override
    public void scan(String stream, int[] channels, SampleSink sink) throws IOException {
        SignalReader reader = readers.get(stream);
        if (reader == null) {
            throw new ProposerInputException("The episode has no signal stream '" + stream + "'");
        }
        if (reader.sampleCount() == 0) {
            return;
        }
        float[] row = new float[channels.length];
        long first = reader.firstTimestamp();
        long last = reader.lastTimestamp();
        long window = WINDOW_NANOS;
        if (reader.sampleCount() > 1 && channels.length > 0) {
            // Mean sample spacing times the samples that fit in the value budget.
            double spacing = (double) (last - first) / (reader.sampleCount() - 1);
            window = Math.max(WINDOW_NANOS, (long) (spacing * Math.max(1, WINDOW_VALUES / channels.length)));
        }
        for (long t0 = first; ; t0 += window) {
            // Inclusive ranges: [t0, t0 + window - 1] and the next one start where this one ends, no sample twice.
            long t1 = last - t0 < window ? last : t0 + window - 1;
            SignalSamples[] columns = new SignalSamples[channels.length];
            for (int c = 0; c < channels.length; c++) {
                columns[c] = reader.samples(t0, t1, channels[c]);
            }
            long[] times = columns.length == 0 ? new long[0] : columns[0].timestamps();
            for (int i = 0; i < times.length; i++) {
                for (int c = 0; c < channels.length; c++) {
                    row[c] = columns[c].values()[i];
                }
                sink.sample(times[i], row);
            }
            if (t1 == last) {
                return;
            }
        }
    }
}
