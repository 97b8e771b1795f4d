package dev.touchstone.dataset;

import dev.touchstone.dataset.frames.FramePackWriter;
import dev.touchstone.dataset.pointcloud.PointCloud;
import dev.touchstone.dataset.pointcloud.PointCloudFrame;
import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.dataset.signal.SignalWriter;
import dev.touchstone.storage.BlobStore;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.reflect.Constructor;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Measurement, not part of the suite: heap while importing an episode of about 2 GB the way the episode recorder
 * does (a 64-channel 1 kHz signal through {@link SignalWriter} and point-cloud frames through
 * {@link FramePackWriter} into work files, then each file stored in the filesystem blob store), sampling the heap in
 * use every 100 ms. Run it with a small -Xmx: the claim is that the heap does not grow with the data. Arguments:
 * signal minutes (default 30), point-cloud frames (default 1300), points per frame (default 100000).
 */
public final class ImportMemoryBenchmark {

    public static void main(String[] args) throws Exception {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int frames = args.length > 1 ? Integer.parseInt(args[1]) : 1300;
        int points = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        int channels = 64;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong maxUsed = new AtomicLong();
        AtomicLong samplesTaken = new AtomicLong();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                maxUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                samplesTaken.incrementAndGet();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Path work = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "/tmp")), "import-mem-");
        long start = System.nanoTime();
        long dataBytes = 0;
        try {
            BlobStore store = filesystemStore(work.resolve("blobs"));
            Path signal = work.resolve("signal.tssg");
            List<SignalChannel> list = new ArrayList<>();
            for (int c = 0; c < channels; c++) {
                list.add(new SignalChannel("joint_" + c, "rad"));
            }
            Random random = new Random(3);
            try (FileChannel out = FileChannel.open(signal, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 SignalWriter writer = SignalWriter.create(out, list,
                         new SignalWriter.Options(4096, 16, work))) {
                float[] row = new float[channels];
                long samples = minutes * 60_000L;
                for (long i = 0; i < samples; i++) {
                    for (int c = 0; c < channels; c++) {
                        row[c] = (float) Math.sin(i * 0.001 * (c + 1)) + 0.01f * random.nextFloat();
                    }
                    writer.append(i * 1_000_000L, row);
                }
                writer.finish();
            }
            Path cloudData = work.resolve("cloud.bin");
            Path cloudIndex = work.resolve("cloud.tsfi");
            try (FramePackWriter pack = new FramePackWriter(cloudData, cloudIndex)) {
                for (int f = 0; f < frames; f++) {
                    // A new cloud per frame, as an importer decoding a file would allocate one.
                    float[] xyz = new float[points * 3];
                    for (int i = 0; i < xyz.length; i++) {
                        xyz[i] = random.nextFloat() * 10;
                    }
                    long t = f * 100_000_000L;
                    pack.append(t, new PointCloudFrame(t, PointCloud.of(xyz, null, null, List.of("x", "y", "z"), 0))
                            .encode());
                }
                pack.finish();
            }
            for (Path file : List.of(signal, cloudData, cloudIndex)) {
                dataBytes += Files.size(file);
                store.put("bench/" + file.getFileName(), file);
                Files.delete(file);
            }
        } finally {
            sampler.interrupt();
            sampler.join();
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long maxHeap = memory.getHeapMemoryUsage().getMax();
        System.out.printf(Locale.ROOT, "episode %.0f MiB (signal %d min x %d ch + %d point-cloud frames of %d points)"
                        + " written and stored in %.1f s; heap samples %d; max heap used %.1f MiB (limit %.0f MiB)"
                        + " = %.2f %% of the data%n", dataBytes / 1048576.0, minutes, channels, frames, points, seconds,
                samplesTaken.get(), maxUsed.get() / 1048576.0, maxHeap / 1048576.0,
                100.0 * maxUsed.get() / dataBytes);
    }

    private static BlobStore filesystemStore(Path root) throws ReflectiveOperationException {
        Constructor<?> constructor = Class.forName("dev.touchstone.storage.FilesystemBlobStore")
                .getDeclaredConstructor(Path.class);
        constructor.setAccessible(true);
        return (BlobStore) constructor.newInstance(root);
    }
}
