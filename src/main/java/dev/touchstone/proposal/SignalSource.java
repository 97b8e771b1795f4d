package dev.touchstone.proposal;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An episode's signal streams as the proposers read them: sample by sample, in time order, so a proposer's memory
 * depends on its own summaries, never on the number of samples. {@link StoredSignals} reads the stored signal files
 * ({@code docs/formats/signal.md}), and where they hold time-bucket summaries that fit the proposers' bins it also
 * passes those ({@link #scanBins}), so the proposers read one record per bin instead of every sample.
 */
public interface SignalSource {

    /** The channel names of a stream in stored order; empty when the episode has no stream of that name. */
    Optional<List<String>> channels(String stream);

    /**
     * Passes every sample of the given channels to the sink, in increasing time order. {@code values[i]} belongs to
     * {@code channels[i]}; {@code NaN} is a missing value (a dropout). The array may be reused between calls.
     */
    void scan(String stream, int[] channels, SampleSink sink) throws IOException;

    /**
     * Per-bin summaries of the given channels, when the source has them for this stream at a resolution that divides
     * {@code binNanos}: passes every bin {@code [b·binNanos, (b+1)·binNanos)} that holds a sample, in increasing
     * order and in blocks: bin {@code bins[i]} for {@code i < size}, with per channel ({@code counts[c][i]},
     * {@code means[c][i]} for {@code channels[c]}) the number of its finite samples in the bin and their mean (NaN
     * when there is none). The arrays may be reused between calls.
     *
     * @return the time of the stream's last sample, or empty when the source has no such summaries for the stream
     * (then nothing was passed, and the caller scans the samples with {@link #scan})
     */
    default OptionalLong scanBins(String stream, int[] channels, long binNanos, BinSink sink) throws IOException {
        return OptionalLong.empty();
    }

    @FunctionalInterface
    interface BinSink {
        void bins(long[] bins, int[][] counts, float[][] means, int size);
    }

    @FunctionalInterface
    interface SampleSink {
        void sample(long timestampNanos, float[] values);
    }
}
