package dev.touchstone.dataset.signal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A generated signal kept in memory as the float32 values the file stores, to check what the reader returns. */
final class TestSignal {

    final long[] t;
    final float[][] v; // [channel][sample]
    final List<SignalChannel> channels;

    TestSignal(long[] t, float[][] v) {
        this.t = t;
        this.v = v;
        List<SignalChannel> list = new ArrayList<>();
        for (int c = 0; c < v.length; c++) {
            list.add(new SignalChannel("ch" + c, c % 2 == 0 ? "rad" : "N·m"));
        }
        this.channels = List.copyOf(list);
    }

    int size() {
        return t.length;
    }

    /**
     * {@code n} samples at about {@code rateHz}; irregular = jittered intervals plus a few gaps of up to 2 s;
     * channel 0 a sine of amplitude 2, 1 a chirp, 2 steps between -3, 0 and 5, further channels sines of other
     * frequencies; dropouts = NaN runs in every channel.
     */
    static TestSignal generate(int n, int channelCount, double rateHz, boolean irregular, boolean dropouts,
            long seed) {
        Random random = new Random(seed);
        long[] t = new long[n];
        float[][] v = new float[channelCount][n];
        long period = Math.round(1e9 / rateHz);
        long now = irregular ? random.nextInt(1_000_000) : 0;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                long step = irregular ? period / 2 + (long) (random.nextDouble() * period) + 1 : period;
                if (irregular && random.nextInt(5000) == 0) {
                    step += (long) (random.nextDouble() * 2e9); // gap
                }
                now += step;
            }
            t[i] = now;
            double s = now / 1e9;
            for (int c = 0; c < channelCount; c++) {
                double value = switch (c) {
                    case 0 -> 2 * Math.sin(2 * Math.PI * 1.5 * s);
                    case 1 -> Math.sin(2 * Math.PI * (0.5 + 2 * s) * s);
                    case 2 -> ((int) (s * 3)) % 3 == 0 ? 0 : ((int) (s * 3)) % 3 == 1 ? 5 : -3;
                    default -> (c % 7 + 1) * Math.cos(2 * Math.PI * (0.1 * c) * s + c) + random.nextGaussian() * 0.01;
                };
                v[c][i] = (float) value;
            }
        }
        if (dropouts) {
            for (int c = 0; c < channelCount; c++) {
                int runs = Math.max(1, n / 3000);
                for (int r = 0; r < runs; r++) {
                    int start = random.nextInt(n);
                    int length = 1 + random.nextInt(Math.max(1, n / 50));
                    for (int i = start; i < Math.min(n, start + length); i++) {
                        v[c][i] = Float.NaN;
                    }
                }
            }
        }
        return new TestSignal(t, v);
    }

    byte[] write(SignalWriter.Options options) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SignalWriter writer = SignalWriter.create(out, channels, options)) {
            float[] row = new float[v.length];
            for (int i = 0; i < t.length; i++) {
                for (int c = 0; c < v.length; c++) {
                    row[c] = v[c][i];
                }
                writer.append(t[i], row);
            }
            writer.finish();
        }
        return out.toByteArray();
    }

    /** Index of the first sample with time >= x. */
    int lowerBound(long x) {
        int lo = 0;
        int hi = t.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (t[mid] >= x) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    int upperBound(long x) {
        return x == Long.MAX_VALUE ? t.length : lowerBound(x + 1);
    }
}
