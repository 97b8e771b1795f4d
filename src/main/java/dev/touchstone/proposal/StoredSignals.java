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
 * Stored signal files as a {@link SignalSource}: reads each stream in windows of {@link #WINDOW_NANOS} of raw
 * samples per channel ({@link SignalReader#samples}), so memory holds one window, whatever the episode's length.
 */
public final class StoredSignals implements SignalSource {

    /** How much episode time one read covers. */
    public static final long WINDOW_NANOS = 2_000_000_000L;

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
        long last = reader.lastTimestamp();
        for (long t0 = reader.firstTimestamp(); ; t0 += WINDOW_NANOS) {
            // Inclusive ranges: [t0, t0 + window - 1] and the next one start where this one ends, no sample twice.
            long t1 = last - t0 < WINDOW_NANOS ? last : t0 + WINDOW_NANOS - 1;
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
