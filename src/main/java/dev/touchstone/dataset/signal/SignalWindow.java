package dev.touchstone.dataset.signal;

/**
 * The answer to {@link SignalReader#window}: {@code size()} buckets in time order, shared by all requested channels.
 * Bucket {@code i} covers the stored samples from {@code tStart[i]} to {@code tEnd[i]} (nanoseconds, both inclusive,
 * the times of its first and last sample) and holds, for the requested channel {@code channels[j]}, the smallest
 * and largest of their values in {@code min[j][i]} and {@code max[j][i]}. {@code NaN} in both means every sample of
 * the bucket was a dropout: draw a gap there.
 * <p>
 * Draw it as an envelope: two points per bucket, {@code (tStart, min)} and {@code (tEnd, max)}, or a vertical
 * segment from min to max per bucket. When {@link #raw()} is true each bucket is one stored sample
 * ({@code tStart == tEnd}, {@code min == max}) and the points can be joined as an ordinary line.
 *
 * @param level     pyramid level the buckets were read from (0 = raw samples)
 * @param groupSize how many buckets of that level were merged into one returned bucket
 * @param t0        requested window start (inclusive)
 * @param t1        requested window end (inclusive)
 */
public record SignalWindow(int level, int groupSize, long t0, long t1, long[] tStart, long[] tEnd, int[] channels,
        float[][] min, float[][] max) {

    public int size() {
        return tStart.length;
    }

    public boolean raw() {
        return level == 0 && groupSize == 1;
    }

    static SignalWindow empty(long t0, long t1, int[] channels) {
        float[][] none = new float[channels.length][0];
        return new SignalWindow(0, 1, t0, t1, new long[0], new long[0], channels, none, none);
    }
}
