package dev.touchstone.dataset.signal;

/**
 * Raw samples of one channel as stored in the file (float32): {@code timestamps[i]} (nanoseconds from the episode
 * start) and {@code values[i]}; a {@code NaN} value is a dropout.
 */
public record SignalSamples(int channel, long[] timestamps, float[] values) {

    public int size() {
        return timestamps.length;
    }
}
