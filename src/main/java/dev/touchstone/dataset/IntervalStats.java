package dev.touchstone.dataset;

/**
 * Rate statistics of a stream computed while its samples stream past, in constant memory (a log-spaced histogram
 * of sample spacings with 0.5% wide buckets, each remembering the sum of its spacings so that regular streams get
 * their exact interval). Gaps are spacings longer than 1.5 median intervals; each gap of g median intervals counts
 * g - 1 dropped samples.
 */
final class IntervalStats {

    private static final double LOG_STEP = Math.log(1.005);
    private static final int BUCKETS = (int) Math.ceil(Math.log(Long.MAX_VALUE) / LOG_STEP) + 2;

    private final long[] counts = new long[BUCKETS];
    private final long[] sums = new long[BUCKETS];
    private long samples;
    private long first;
    private long last;
    private long maxInterval;

    void add(long timestamp) {
        if (samples > 0) {
            long interval = timestamp - last;
            if (interval <= 0) {
                throw new IllegalArgumentException("timestamp " + timestamp + " ns is not after the previous sample's "
                        + last + " ns");
            }
            int bucket = bucket(interval);
            counts[bucket]++;
            sums[bucket] += interval;
            maxInterval = Math.max(maxInterval, interval);
        } else {
            first = timestamp;
        }
        last = timestamp;
        samples++;
    }

    private static int bucket(long interval) {
        return (int) (Math.log(interval) / LOG_STEP);
    }

    long samples() {
        return samples;
    }

    long first() {
        return first;
    }

    long last() {
        return last;
    }

    long maxInterval() {
        return maxInterval;
    }

    /** Median spacing (the mean of the median's bucket), 0 with fewer than two samples. */
    long medianInterval() {
        long intervals = samples - 1;
        if (intervals <= 0) {
            return 0;
        }
        long half = (intervals + 1) / 2;
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= half) {
                return Math.round((double) sums[i] / counts[i]);
            }
        }
        throw new IllegalStateException("unreachable");
    }

    double rateHz() {
        long median = medianInterval();
        return median == 0 ? 0 : 1e9 / median;
    }

    int gapCount() {
        long median = medianInterval();
        if (median == 0) {
            return 0;
        }
        long gaps = 0;
        for (int i = bucket(Math.max(1, median)) + 1; i < BUCKETS; i++) {
            if (counts[i] > 0 && (double) sums[i] / counts[i] > 1.5 * median) {
                gaps += counts[i];
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, gaps);
    }

    int droppedCount() {
        long median = medianInterval();
        if (median == 0) {
            return 0;
        }
        long dropped = 0;
        for (int i = bucket(Math.max(1, median)) + 1; i < BUCKETS; i++) {
            if (counts[i] > 0) {
                double mean = (double) sums[i] / counts[i];
                if (mean > 1.5 * median) {
                    dropped += counts[i] * (Math.round(mean / median) - 1);
                }
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, dropped);
    }
}
