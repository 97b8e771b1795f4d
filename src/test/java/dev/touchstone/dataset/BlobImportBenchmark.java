package dev.touchstone.dataset;

import dev.touchstone.storage.BlobInfo;
import dev.touchstone.storage.BlobStore;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Measurement with a peer, not part of the suite: storing a large file in the filesystem blob store (what an import
 * does with every stream file: copy, SHA-256, fsync, atomic rename) against {@code cp} of the same file on the same
 * disk, and against {@code cp} followed by {@code sync FILE} (cp does not make its copy durable; the store does).
 * Runs alternate so page-cache and disk state favour neither side. Arguments: size in MiB (default 1536), rounds.
 */
public final class BlobImportBenchmark {

    public static void main(String[] args) throws Exception {
        long size = (args.length > 0 ? Long.parseLong(args[0]) : 1536) * 1024 * 1024;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path work = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "/tmp")), "blob-bench-");
        try {
            Path source = work.resolve("source.bin");
            writeSource(source, size);
            BlobStore store = filesystemStore(work.resolve("blobs"));
            System.out.printf(Locale.ROOT, "file %.0f MiB in %s%n", size / 1048576.0, work);
            double[] put = new double[rounds];
            double[] cp = new double[rounds];
            double[] cpSync = new double[rounds];
            double[] stream = new double[rounds];
            double[] unhashed = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                Path copy = work.resolve("copy-" + r + ".bin");
                cp[r] = seconds(() -> run("cp", source.toString(), copy.toString()));
                Files.delete(copy);
                cpSync[r] = seconds(() -> {
                    run("cp", source.toString(), copy.toString());
                    run("sync", copy.toString());
                });
                Files.delete(copy);
                String key = "bench/blob-" + r;
                BlobInfo[] info = new BlobInfo[1];
                put[r] = seconds(() -> info[0] = store.put(key, source));
                if (info[0].size() != size) {
                    throw new AssertionError("stored " + info[0].size() + " bytes of " + size);
                }
                store.delete(key);
                // What the episode recorder does with stream files: kernel copy, fsync, rename, no hash.
                unhashed[r] = seconds(() -> store.putWithoutHash(key, source));
                if (store.info(key).orElseThrow().size() != size) {
                    throw new AssertionError("unhashed put stored the wrong size");
                }
                store.delete(key);
                // The stream path reads, writes and hashes in one thread: what every put did before the file path
                // overlapped copy and hash.
                stream[r] = seconds(() -> {
                    try (var in = Files.newInputStream(source)) {
                        store.put(key, in, size);
                    }
                });
                store.delete(key);
                System.out.printf(Locale.ROOT, "round %d: cp %.0f MiB/s, cp+sync %.0f MiB/s, blob put(file) %.0f MiB/s,"
                                + " blob put(stream) %.0f MiB/s, import put (no hash) %.0f MiB/s%n", r + 1,
                        mibPerSecond(size, cp[r]), mibPerSecond(size, cpSync[r]), mibPerSecond(size, put[r]),
                        mibPerSecond(size, stream[r]), mibPerSecond(size, unhashed[r]));
            }
            double bestPut = min(put);
            double bestCp = min(cp);
            double bestCpSync = min(cpSync);
            double bestStream = min(stream);
            double bestUnhashed = min(unhashed);
            System.out.printf(Locale.ROOT, "import put (no hash) %.0f MiB/s: %.2fx cp, %.2fx (cp+sync)%n",
                    mibPerSecond(size, bestUnhashed), bestCp / bestUnhashed, bestCpSync / bestUnhashed);
            System.out.printf(Locale.ROOT, "best: cp %.0f MiB/s, cp+sync %.0f MiB/s, blob put(file) %.0f MiB/s,"
                            + " put(stream) %.0f MiB/s; put(file)/cp %.2fx, put(file)/(cp+sync) %.2fx,"
                            + " put(stream)/cp %.2fx%n", mibPerSecond(size, bestCp), mibPerSecond(size, bestCpSync),
                    mibPerSecond(size, bestPut), mibPerSecond(size, bestStream), bestCp / bestPut,
                    bestCpSync / bestPut, bestCp / bestStream);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Incompressible bytes, so no layer below can cheat by compressing. */
    private static void writeSource(Path file, long size) throws IOException {
        Random random = new Random(1);
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < size; ) {
                random.nextBytes(buffer.array());
                buffer.clear().limit((int) Math.min(buffer.capacity(), size - written));
                while (buffer.hasRemaining()) {
                    written += out.write(buffer);
                }
            }
            out.force(true);
        }
    }

    /** The store class is the storage module's internal; the benchmark reaches it the way its own tests do not. */
    private static BlobStore filesystemStore(Path root) throws ReflectiveOperationException {
        Constructor<?> constructor = Class.forName("dev.touchstone.storage.FilesystemBlobStore")
                .getDeclaredConstructor(Path.class);
        constructor.setAccessible(true);
        return (BlobStore) constructor.newInstance(root);
    }

    interface Work {
        void run() throws Exception;
    }

    private static double seconds(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed with " + process.exitValue());
        }
    }

    private static double mibPerSecond(long bytes, double seconds) {
        return bytes / 1048576.0 / seconds;
    }

    private static double min(double[] values) {
        double m = Double.MAX_VALUE;
        for (double v : values) {
            m = Math.min(m, v);
        }
        return m;
    }
}
