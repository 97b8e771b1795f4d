package dev.touchstone.dataset.signal;

/**
 * Summary records of a signal file ({@link SignalReader#summaries}): record {@code i} is the time bucket
 * {@code bucket[i]}, which covers episode time {@code [bucket[i]·widthNanos, (bucket[i] + 1)·widthNanos)}, and holds,
 * for the requested channel {@code channels[j]}, the number of its finite samples in the bucket {@code count[j][i]},
 * their mean {@code mean[j][i]} (NaN when there is none), and, when asked for, the smallest and largest sample
 * ignoring NaN ({@code min[j][i]}, {@code max[j][i]}; NaN when all are NaN; null arrays when not asked for). Buckets
 * without a sample have no record.
 */
public record SignalSummaries(long widthNanos, long[] bucket, int[] channels, int[][] count, float[][] mean,
                              float[][] min, float[][] max) {

    public int size() {
        return bucket.length;
    }
}
