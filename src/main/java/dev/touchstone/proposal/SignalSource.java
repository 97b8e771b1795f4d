package dev.touchstone.proposal;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * An episode's signal streams as the proposers read them: sample by sample, in time order, so a proposer's memory
 * depends on its own summaries, never on the number of samples. {@link StoredSignals} reads the stored signal files
 * ({@code docs/formats/signal.md}).
 */
public interface SignalSource {

    /** The channel names of a stream in stored order; empty when the episode has no stream of that name. */
    Optional<List<String>> channels(String stream);

    /**
     * Passes every sample of the given channels to the sink, in increasing time order. {@code values[i]} belongs to
     * {@code channels[i]}; {@code NaN} is a missing value (a dropout). The array may be reused between calls.
     */
    void scan(String stream, int[] channels, SampleSink sink) throws IOException;

    @FunctionalInterface
    interface SampleSink {
        void sample(long timestampNanos, float[] values);
    }
}
