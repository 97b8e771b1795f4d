package dev.touchstone.dataset.signal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Measurement, not a test: writes a signal (default 10 minutes at 1 kHz, 30 channels) to a temporary file and
 * reports write time, the size of the pyramid against the raw samples, and window latencies at 1000 pixel columns
 * (median and worst of repeated runs after a warm-up, file in the page cache).
 * <p>
 * Arguments (all optional): seconds, rate in Hz, channels, pixel columns, repetitions.
 */
public final class SignalPyramidBenchmark {

    public static void main(String[] args) throws IOException {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int channels = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int columns = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        int repetitions = args.length > 4 ? Integer.parseInt(args[4]) : 200;
        long samples = (long) seconds * rate;
        long period = 1_000_000_000L / rate;

        List<SignalChannel> list = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            list.add(new SignalChannel("joint_" + c + "/position", "rad"));
        }
        Path file = Files.createTempFile("signal-benchmark-", ".tssg");
        try {
            Random random = new Random(42);
            float[] row = new float[channels];
            System.gc();
            long heapBefore = usedHeap();
            long start = System.nanoTime();
            SignalWriter.Summary summary;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
                    SignalWriter writer = SignalWriter.create(out, list, SignalWriter.Options.DEFAULT)) {
                for (long i = 0; i < samples; i++) {
                    double s = i / (double) rate;
                    for (int c = 0; c < channels; c++) {
                        row[c] = (float) ((c + 1) * Math.sin(2 * Math.PI * 0.2 * (c + 1) * s)
                                + 0.01 * random.nextGaussian());
                    }
                    writer.append(i * period, row);
                }
                summary = writer.finish();
            }
            double writeSeconds = (System.nanoTime() - start) / 1e9;
            long heapAfter = usedHeap();
            long size = Files.size(file);
            long rawValues = samples * (8L + 4L * channels);
            System.out.printf(Locale.ROOT, "signal: %d samples (%d s at %d Hz) x %d channels, %d pyramid levels%n",
                    samples, seconds, rate, channels, summary.levels());
            System.out.printf(Locale.ROOT, "write: %.2f s (%.0f samples/s, %.0f values/s), heap in use after %.1f MiB"
                    + " (before %.1f MiB)%n", writeSeconds, samples / writeSeconds,
                    samples * channels / writeSeconds, heapAfter / 1048576.0, heapBefore / 1048576.0);
            System.out.printf(Locale.ROOT, "file: %.1f MiB; raw section %.1f MiB; pyramid %.2f MiB = %.1f %% of raw;"
                    + " header %d bytes%n", size / 1048576.0, summary.rawBytes() / 1048576.0,
                    summary.pyramidBytes() / 1048576.0, 100.0 * summary.pyramidBytes() / summary.rawBytes(),
                    size - summary.rawBytes() - summary.pyramidBytes());
            System.out.printf(Locale.ROOT, "raw float32 timestamps+values alone would be %.1f MiB%n",
                    rawValues / 1048576.0);

            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                CountingChannel counting = new CountingChannel(channel);
                long openStart = System.nanoTime();
                SignalReader reader = SignalReader.open(counting);
                System.out.printf(Locale.ROOT, "open: %.3f ms, %d bytes read%n", (System.nanoTime() - openStart) / 1e6,
                        counting.bytesRead);
                long end = (samples - 1) * period;
                measure(reader, counting, "full range, 1 channel", 0, end, columns, repetitions, 0);
                measure(reader, counting, "full range, all channels", 0, end, columns, repetitions);
                measure(reader, counting, "60 s zoom, 1 channel", end / 2, end / 2 + 60_000_000_000L, columns,
                        repetitions, 3);
                measure(reader, counting, "60 s zoom, all channels", end / 2, end / 2 + 60_000_000_000L, columns,
                        repetitions);
                measure(reader, counting, "5 s zoom, 1 channel", end / 3, end / 3 + 5_000_000_000L, columns,
                        repetitions, 3);
                measure(reader, counting, "1 s zoom (raw), all channels", end / 3, end / 3 + 1_000_000_000L,
                        columns, repetitions);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void measure(SignalReader reader, CountingChannel counting, String label, long t0, long t1,
            int columns, int repetitions, int... channels) throws IOException {
        for (int i = 0; i < Math.max(20, repetitions / 4); i++) {
            reader.window(t0, t1, columns, channels);
        }
        long[] times = new long[repetitions];
        SignalWindow window = null;
        for (int i = 0; i < repetitions; i++) {
            counting.reset();
            long start = System.nanoTime();
            window = reader.window(t0, t1, columns, channels);
            times[i] = System.nanoTime() - start;
        }
        Arrays.sort(times);
        System.out.printf(Locale.ROOT, "window %-30s level %d, group %2d, %5d buckets, %8d bytes read in %4d reads,"
                + " %6d bytes encoded; median %.3f ms, max %.3f ms%n", label + ":", window.level(), window.groupSize(),
                window.size(), counting.bytesRead, counting.reads, SignalWindowEncoder.encodedLength(window),
                times[repetitions / 2] / 1e6, times[repetitions - 1] / 1e6);
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
