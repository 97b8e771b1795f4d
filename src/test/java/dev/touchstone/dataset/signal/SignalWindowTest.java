package dev.touchstone.dataset.signal;

import java.io.IOException;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The min/max envelope property on generated signals, checked against the samples the test generated. */
class SignalWindowTest {

    static Stream<Arguments> signals() {
        return Stream.of(
                // samples, channels, irregular, dropouts, chunk size, fan-out
                Arguments.of(20_000, 1, false, false, 4096, 16),
                Arguments.of(20_000, 1, true, true, 4096, 16),
                Arguments.of(30_000, 30, true, true, 4096, 16),
                Arguments.of(12_345, 3, true, true, 100, 8),
                Arguments.of(5_000, 4, false, true, 7, 3),
                Arguments.of(4_096, 2, false, false, 64, 16),
                Arguments.of(1, 2, false, false, 4096, 16),
                Arguments.of(17, 1, true, false, 4, 2));
    }

    @ParameterizedTest(name = "{0} samples, {1} channels, irregular {2}, dropouts {3}, chunk {4}, fan-out {5}")
    @MethodSource("signals")
    void envelopeContainsEverySampleAndHasTheExactExtremes(int n, int channels, boolean irregular, boolean dropouts,
            int chunk, int fanOut) throws IOException {
        TestSignal signal = TestSignal.generate(n, channels, 1000, irregular, dropouts, n * 31L + channels);
        byte[] file = signal.write(new SignalWriter.Options(chunk, fanOut, null));
        SignalReader reader = SignalReader.open(new CountingChannel(file));
        assertThat(reader.sampleCount()).isEqualTo(n);

        Random random = new Random(n);
        long first = signal.t[0];
        long last = signal.t[n - 1];
        long span = Math.max(1, last - first);
        for (int trial = 0; trial < 60; trial++) {
            long t0;
            long t1;
            if (trial == 0) {
                t0 = first;
                t1 = last;
            } else if (trial == 1) {
                t0 = Long.MIN_VALUE;
                t1 = Long.MAX_VALUE;
            } else {
                t0 = first - span / 10 + (long) (random.nextDouble() * span * 1.1);
                long width = (long) (span * Math.pow(10, -4 * random.nextDouble()));
                t1 = t0 + width;
            }
            int columns = 1 + random.nextInt(trial % 3 == 0 ? 20 : 1500);
            int[] requested = random.nextBoolean() ? new int[0]
                    : new int[] {random.nextInt(channels), random.nextInt(channels)};
            SignalWindow window = reader.window(t0, t1, columns, requested);
            checkWindow(signal, window, columns);
        }
    }

    static void checkWindow(TestSignal signal, SignalWindow window, int columns) {
        int a = signal.lowerBound(window.t0());
        int b = signal.upperBound(window.t1());
        int inWindow = Math.max(0, b - a);
        int size = window.size();
        if (inWindow >= columns) {
            assertThat(size).as("buckets for %d samples at %d columns", inWindow, columns)
                    .isBetween(columns, 2 * columns);
        } else {
            assertThat(size).isEqualTo(inWindow);
            assertThat(window.raw()).isTrue();
        }
        if (inWindow == 0) {
            return;
        }
        assertThat(window.tStart()[0]).isEqualTo(signal.t[a]);
        assertThat(window.tEnd()[size - 1]).isEqualTo(signal.t[b - 1]);
        for (int i = 0; i < size; i++) {
            assertThat(window.tStart()[i]).isLessThanOrEqualTo(window.tEnd()[i]);
            if (i > 0) {
                assertThat(window.tStart()[i]).isGreaterThan(window.tEnd()[i - 1]);
            }
        }
        for (int j = 0; j < window.channels().length; j++) {
            float[] values = signal.v[window.channels()[j]];
            float[] min = window.min()[j];
            float[] max = window.max()[j];
            // every sample lies in the bucket covering its time, and each bucket's min/max are those of its samples
            int bucket = 0;
            float lo = Float.NaN;
            float hi = Float.NaN;
            float windowLo = Float.NaN;
            float windowHi = Float.NaN;
            for (int i = a; i < b; i++) {
                while (signal.t[i] > window.tEnd()[bucket]) {
                    assertBucket(min[bucket], max[bucket], lo, hi);
                    bucket++;
                    lo = Float.NaN;
                    hi = Float.NaN;
                }
                assertThat(signal.t[i]).isGreaterThanOrEqualTo(window.tStart()[bucket]);
                float value = values[i];
                if (!Float.isNaN(value)) {
                    assertThat(value).isBetween(min[bucket], max[bucket]);
                    lo = Float.isNaN(lo) ? value : Math.min(lo, value);
                    hi = Float.isNaN(hi) ? value : Math.max(hi, value);
                    windowLo = Float.isNaN(windowLo) ? value : Math.min(windowLo, value);
                    windowHi = Float.isNaN(windowHi) ? value : Math.max(windowHi, value);
                }
            }
            assertBucket(min[bucket], max[bucket], lo, hi);
            assertThat(bucket).isEqualTo(size - 1);
            // the extremes of the envelope are the extremes of the window's samples (NaN if all are dropouts)
            assertBucket(nanMin(min), nanMax(max), windowLo, windowHi);
        }
    }

    private static void assertBucket(float min, float max, float expectedMin, float expectedMax) {
        if (Float.isNaN(expectedMin)) {
            assertThat(min).as("bucket of dropouts only").isNaN();
            assertThat(max).isNaN();
        } else {
            assertThat(min).isEqualTo(expectedMin);
            assertThat(max).isEqualTo(expectedMax);
        }
    }

    static float nanMin(float[] values) {
        float result = Float.NaN;
        for (float v : values) {
            result = Float.isNaN(result) ? v : Float.isNaN(v) ? result : Math.min(result, v);
        }
        return result;
    }

    static float nanMax(float[] values) {
        float result = Float.NaN;
        for (float v : values) {
            result = Float.isNaN(result) ? v : Float.isNaN(v) ? result : Math.max(result, v);
        }
        return result;
    }
}
