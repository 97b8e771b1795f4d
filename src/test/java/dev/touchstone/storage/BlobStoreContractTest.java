package dev.touchstone.storage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link BlobStore} promises; run against each implementation by a subclass. */
abstract class BlobStoreContractTest {

    /** The S3 store's smallest part size, which its test uses: content of exactly this size is one PUT. */
    static final int FIVE_MIB = 5 * 1024 * 1024;

    /** A fresh, empty store for each test. */
    protected abstract BlobStore newStore() throws Exception;

    /** Size that forces the S3 store into a multipart upload (more than two parts). */
    protected int largeSize() {
        return 12 * 1024 * 1024 + 123;
    }

    protected BlobStore store;

    @TempDir
    Path temp;

    @BeforeEach
    void createStore() throws Exception {
        store = newStore();
    }

    // --- put / open ----------------------------------------------------------------------------------------------

    @Test
    void foldersNameWhatFollowsAPrefixAndDeleteAllEmptiesOne() {
        for (String key : List.of("a/x/1", "a/x/2", "a/y/3", "a/z", "ab/q/4")) {
            store.put(key, new ByteArrayInputStream(new byte[] {7}), 1);
        }
        try (Stream<String> folders = store.folders("a/")) {
            assertThat(folders).containsExactlyInAnyOrder("x", "y");
        }
        assertThat(store.deleteAll("a/x/")).isEqualTo(2);
        try (Stream<BlobInfo> left = store.list("a")) {
            assertThat(left.map(BlobInfo::key)).containsExactlyInAnyOrder("a/y/3", "a/z", "ab/q/4");
        }
        try (Stream<String> folders = store.folders("a/")) {
            assertThat(folders).containsExactly("y");
        }
        assertThat(store.deleteAll("nothing/")).isZero();
        assertThatThrownBy(() -> store.deleteAll("a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.deleteAll("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void storesAndReadsBackSmallBlob() throws IOException {
        byte[] data = "hello, robot".getBytes();
        BlobInfo info = store.put("org-1/hello.txt", new ByteArrayInputStream(data), data.length);

        assertThat(info.key()).isEqualTo("org-1/hello.txt");
        assertThat(info.size()).isEqualTo(data.length);
        assertThat(info.sha256()).isEqualTo(sha256(data));
        assertThat(read(store.open("org-1/hello.txt"))).isEqualTo(data);
    }

    @Test
    void storesEmptyBlobWithKnownAndUnknownLength() throws IOException {
        BlobInfo known = store.put("empty/known", InputStream.nullInputStream(), 0);
        BlobInfo unknown = store.put("empty/unknown", InputStream.nullInputStream(), -1);

        assertThat(known.size()).isZero();
        assertThat(unknown.size()).isZero();
        assertThat(known.sha256()).isEqualTo(sha256(new byte[0]));
        assertThat(read(store.open("empty/known"))).isEmpty();
        assertThat(read(store.open("empty/unknown"))).isEmpty();
        assertThat(store.info("empty/known")).get().extracting(BlobInfo::size).isEqualTo(0L);
    }

    @Test
    void roundTripsLargeRandomBlobWithKnownLength() throws IOException {
        byte[] data = random(largeSize(), 1);
        BlobInfo info = store.put("big/known.bin", new ByteArrayInputStream(data), data.length);

        assertThat(info.size()).isEqualTo(data.length);
        assertThat(info.sha256()).isEqualTo(sha256(data));
        assertThat(read(store.open("big/known.bin"))).isEqualTo(data);
        assertThat(store.info("big/known.bin")).get().extracting(BlobInfo::size).isEqualTo((long) data.length);
    }

    @Test
    void roundTripsLargeStreamOfUnknownLengthDeliveredInSmallReads() throws IOException {
        byte[] data = random(largeSize(), 2);
        BlobInfo info = store.put("big/unknown.bin", trickle(new ByteArrayInputStream(data)), -1);

        assertThat(info.size()).isEqualTo(data.length);
        assertThat(info.sha256()).isEqualTo(sha256(data));
        assertThat(read(store.open("big/unknown.bin"))).isEqualTo(data);
    }

    @Test
    void storesAFile() throws IOException {
        byte[] data = random(300_000, 3);
        Path file = Files.write(temp.resolve("upload.bin"), data);

        BlobInfo info = store.put("files/upload.bin", file);

        assertThat(info.size()).isEqualTo(data.length);
        assertThat(info.sha256()).isEqualTo(sha256(data));
        assertThat(read(store.open("files/upload.bin"))).isEqualTo(data);
    }

    @Test
    void storesAFileWithoutHashingItAndReplacesAHashedBlob() throws IOException {
        byte[] first = random(1000, 4);
        store.put("files/bulk.bin", new java.io.ByteArrayInputStream(first), first.length);
        byte[] data = random(700_000, 5);
        Path file = Files.write(temp.resolve("bulk.bin"), data);

        BlobInfo info = store.putWithoutHash("files/bulk.bin", file);

        assertThat(info.size()).isEqualTo(data.length);
        assertThat(info.sha256()).as("no hash, or the right one; never the previous blob's")
                .isIn(null, sha256(data));
        assertThat(store.info("files/bulk.bin").orElseThrow().sha256()).isIn(null, sha256(data));
        assertThat(read(store.open("files/bulk.bin"))).isEqualTo(data);
    }

    @Test
    void exactlyOnePartSizeAndOneByteMoreRoundTrip() throws IOException {
        for (int size : new int[] {FIVE_MIB, FIVE_MIB + 1}) {
            byte[] data = random(size, size);
            assertThat(store.put("edge/" + size, new ByteArrayInputStream(data), -1).sha256()).isEqualTo(sha256(data));
            assertThat(read(store.open("edge/" + size))).isEqualTo(data);
        }
    }

    @Test
    void wrongAnnouncedLengthStoresNothingAndKeepsThePreviousBlob() throws IOException {
        byte[] old = "old content".getBytes();
        store.put("k/len", new ByteArrayInputStream(old), old.length);

        assertThatThrownBy(() -> store.put("k/len", new ByteArrayInputStream(new byte[10]), 20))
                .isInstanceOf(BlobStoreException.class).hasMessageContaining("20 bytes");
        assertThatThrownBy(() -> store.put("k/len", new ByteArrayInputStream(new byte[30]), 20))
                .isInstanceOf(BlobStoreException.class).hasMessageContaining("20 bytes");
        assertThatThrownBy(() -> store.put("k/other", new ByteArrayInputStream(new byte[10]), 20))
                .isInstanceOf(BlobStoreException.class);

        assertThat(read(store.open("k/len"))).isEqualTo(old);
        assertThat(store.info("k/other")).isEmpty();
    }

    @Test
    void failingSourceStreamStoresNothing() {
        InputStream failing = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served++ > 1000) {
                    throw new IOException("network gone");
                }
                return 7;
            }
        };
        assertThatThrownBy(() -> store.put("k/broken", failing, -1)).isInstanceOf(BlobStoreException.class)
                .hasMessageContaining("network gone");
        assertThat(store.info("k/broken")).isEmpty();
    }

    @Test
    void overwriteReplacesTheWholeBlob() throws IOException {
        store.put("k/over", new ByteArrayInputStream(random(100_000, 4)), -1);
        byte[] shorter = "short".getBytes();
        store.put("k/over", new ByteArrayInputStream(shorter), shorter.length);

        assertThat(read(store.open("k/over"))).isEqualTo(shorter);
        assertThat(store.info("k/over")).get().satisfies(info -> {
            assertThat(info.size()).isEqualTo(5);
            assertThat(info.sha256()).isEqualTo(sha256(shorter));
        });
    }

    @Test
    void concurrentPutsOfOneKeyNeverMix() throws Exception {
        int writers = 4;
        int size = 1_000_000;
        List<byte[]> contents = IntStream.range(0, writers).mapToObj(i -> filled(size, (byte) ('a' + i))).toList();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            for (int round = 0; round < 3; round++) {
                List<Callable<BlobInfo>> tasks = new ArrayList<>();
                for (byte[] content : contents) {
                    tasks.add(() -> store.put("race/blob", trickle(new ByteArrayInputStream(content)), -1));
                }
                for (Future<BlobInfo> done : pool.invokeAll(tasks)) {
                    assertThat(done.get().size()).isEqualTo(size);
                }
                byte[] result = read(store.open("race/blob"));
                assertThat(contents).anySatisfy(content -> assertThat(result).isEqualTo(content));
            }
        }
    }

    // --- ranges --------------------------------------------------------------------------------------------------

    @Test
    void readsRangesAtStartMiddleAndEnd() throws IOException {
        byte[] data = random(1_000_000, 5);
        store.put("r/blob", new ByteArrayInputStream(data), data.length);

        assertThat(read(store.openRange("r/blob", 0, 100))).isEqualTo(slice(data, 0, 100));
        assertThat(read(store.openRange("r/blob", 123_456, 65_536))).isEqualTo(slice(data, 123_456, 65_536));
        assertThat(read(store.openRange("r/blob", data.length - 10, 10))).isEqualTo(slice(data, data.length - 10, 10));
        assertThat(read(store.openRange("r/blob", 0, data.length))).isEqualTo(data);
    }

    @Test
    void rangeReachingPastTheEndIsTruncated() throws IOException {
        byte[] data = random(1000, 6);
        store.put("r/short", new ByteArrayInputStream(data), data.length);

        assertThat(read(store.openRange("r/short", 990, 100))).isEqualTo(slice(data, 990, 10));
        assertThat(read(store.openRange("r/short", 500, Long.MAX_VALUE))).isEqualTo(slice(data, 500, 500));
        assertThat(read(store.openRange("r/short", 1000, 10))).isEmpty();
        assertThat(read(store.openRange("r/short", 10, 0))).isEmpty();
    }

    @Test
    void rangeStartingBeyondTheEndIsAnErrorNamingTheSize() {
        store.put("r/tiny", new ByteArrayInputStream(new byte[10]), 10);

        assertThatThrownBy(() -> store.openRange("r/tiny", 11, 5)).isInstanceOf(BlobStoreException.class)
                .isNotInstanceOf(BlobNotFoundException.class).hasMessageContaining("size 10");
        assertThatThrownBy(() -> store.openRange("r/tiny", 11, 0)).isInstanceOf(BlobStoreException.class)
                .hasMessageContaining("size 10");
        assertThatThrownBy(() -> store.openRange("r/tiny", -1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.openRange("r/tiny", 0, -5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rangeOfEmptyBlob() throws IOException {
        store.put("r/empty", InputStream.nullInputStream(), 0);

        assertThat(read(store.openRange("r/empty", 0, 100))).isEmpty();
    }

    // --- missing blobs, info, delete -----------------------------------------------------------------------------

    @Test
    void missingBlobsAreReportedAsNotFound() {
        assertThatThrownBy(() -> store.open("no/such")).isInstanceOf(BlobNotFoundException.class)
                .hasMessageContaining("no/such");
        assertThatThrownBy(() -> store.openRange("no/such", 0, 10)).isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> store.openRange("no/such", 0, 0)).isInstanceOf(BlobNotFoundException.class);
        assertThat(store.info("no/such")).isEmpty();
    }

    @Test
    void keyBelowABlobIsNotFound() {
        store.put("p/blob", new ByteArrayInputStream(new byte[2]), 2);

        assertThat(store.info("p/blob/child")).isEmpty();
        assertThatThrownBy(() -> store.open("p/blob/child")).isInstanceOf(BlobNotFoundException.class);
        assertThatThrownBy(() -> store.openRange("p/blob/child", 0, 1)).isInstanceOf(BlobNotFoundException.class);
        store.delete("p/blob/child");
        assertThat(keys("p/blob/")).isEmpty();
        assertThat(store.info("p/blob")).isPresent();
    }

    @Test
    void infoReportsSizeSha256AndTime() {
        byte[] data = random(4096, 7);
        store.put("i/blob", new ByteArrayInputStream(data), -1);

        Optional<BlobInfo> info = store.info("i/blob");

        assertThat(info).get().satisfies(it -> {
            assertThat(it.key()).isEqualTo("i/blob");
            assertThat(it.size()).isEqualTo(4096);
            assertThat(it.sha256()).isEqualTo(sha256(data));
            assertThat(it.lastModified()).isNotNull();
        });
    }

    @Test
    void deleteRemovesTheBlobAndIsIdempotent() {
        store.put("d/blob", new ByteArrayInputStream(new byte[3]), 3);
        store.put("d/blob2", new ByteArrayInputStream(new byte[3]), 3);

        store.delete("d/blob");
        store.delete("d/blob");
        store.delete("d/never-existed");

        assertThat(store.info("d/blob")).isEmpty();
        assertThatThrownBy(() -> store.open("d/blob")).isInstanceOf(BlobNotFoundException.class);
        assertThat(store.info("d/blob2")).isPresent();
    }

    // --- listing -------------------------------------------------------------------------------------------------

    @Test
    void listsByPrefixAcrossManyKeys() {
        int count = 1234;
        for (int i = 0; i < count; i++) {
            String key = "org-a/episodes/" + (i % 7) + "/frame-" + i;
            store.put(key, new ByteArrayInputStream(new byte[i % 5]), i % 5);
        }
        store.put("org-b/episodes/0/frame-0", new ByteArrayInputStream(new byte[1]), 1);
        store.put("org-ab/x", new ByteArrayInputStream(new byte[1]), 1);

        assertThat(keys("org-a/")).hasSize(count).allMatch(key -> key.startsWith("org-a/episodes/"));
        assertThat(keys("org-a/episodes/3/")).hasSize((int) IntStream.range(0, count).filter(i -> i % 7 == 3).count());
        assertThat(keys("org-a")).hasSize(count + 1).contains("org-ab/x");
        assertThat(keys("org-a/episodes/3/frame-101")).containsExactlyInAnyOrder(
                "org-a/episodes/3/frame-101", "org-a/episodes/3/frame-1011", "org-a/episodes/3/frame-1018");
        assertThat(keys("")).hasSize(count + 2);
        assertThat(keys("org-c/")).isEmpty();
        assertThat(keys("nothing-like-this")).isEmpty();

        try (Stream<BlobInfo> listed = store.list("org-a/episodes/0/frame-7")) {
            BlobInfo first = listed.filter(info -> info.key().equals("org-a/episodes/0/frame-7")).findFirst()
                    .orElseThrow();
            assertThat(first.size()).isEqualTo(2);
            assertThat(first.lastModified()).isNotNull();
        }
    }

    // --- keys ----------------------------------------------------------------------------------------------------

    @Test
    void rejectsInvalidKeysWithAClearMessage() {
        InputStream in = InputStream.nullInputStream();
        assertThatThrownBy(() -> store.put("", in, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> store.put("/abs", in, 0)).hasMessageContaining("relative");
        assertThatThrownBy(() -> store.put("a/../b", in, 0)).hasMessageContaining("'..'");
        assertThatThrownBy(() -> store.put("..", in, 0)).hasMessageContaining("'..'");
        assertThatThrownBy(() -> store.put("a/./b", in, 0)).hasMessageContaining("'.'");
        assertThatThrownBy(() -> store.put("a//b", in, 0)).hasMessageContaining("empty segment");
        assertThatThrownBy(() -> store.put("a/", in, 0)).hasMessageContaining("end with");
        assertThatThrownBy(() -> store.put("a\\b", in, 0)).hasMessageContaining("backslash");
        assertThatThrownBy(() -> store.put("a\nb", in, 0)).hasMessageContaining("control");
        assertThatThrownBy(() -> store.put("a\u0000b", in, 0)).hasMessageContaining("control");
        assertThatThrownBy(() -> store.put("a/.tmp-x", in, 0)).hasMessageContaining("reserved");
        assertThatThrownBy(() -> store.put(maximumLengthKey() + "x", in, 0)).hasMessageContaining("1024");
        assertThatThrownBy(() -> store.put("a/" + "ü".repeat(128), in, 0)).hasMessageContaining("255 bytes");
        assertThatThrownBy(() -> store.open("../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.info("a//b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete("/a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.list("../")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.list("/a")).isInstanceOf(IllegalArgumentException.class);

        assertThat(keys("")).isEmpty();
    }

    @Test
    void acceptsOrdinaryKeysIncludingUnicodeAndMaximumLength() throws IOException {
        List<String> keys = List.of("0190f5e2-7a1b-7c3d-9e4f-123456789abc/episodes/e1/camera front.mp4",
                "a/b/c/d/e/f/g.h", "größe/日本語/ü.bin", "dots.in.name/..hidden", maximumLengthKey());
        for (String key : keys) {
            byte[] data = key.getBytes();
            store.put(key, new ByteArrayInputStream(data), data.length);
            assertThat(read(store.open(key))).isEqualTo(data);
        }
        assertThat(keys("")).containsExactlyInAnyOrderElementsOf(keys);
    }

    /** 1024 characters in segments of 255 bytes, the longest each a filesystem allows. */
    static String maximumLengthKey() {
        String key = String.join("/", "a".repeat(255), "b".repeat(255), "c".repeat(255), "d".repeat(200));
        return key + "/" + "e".repeat(1024 - key.length() - 1);
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    protected Set<String> keys(String prefix) {
        try (Stream<BlobInfo> listed = store.list(prefix)) {
            return listed.map(BlobInfo::key).collect(Collectors.toSet());
        }
    }

    static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    static byte[] filled(int size, byte value) {
        byte[] data = new byte[size];
        java.util.Arrays.fill(data, value);
        return data;
    }

    static byte[] slice(byte[] data, int from, int length) {
        return java.util.Arrays.copyOfRange(data, from, from + length);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Delivers at most 1000 bytes per read, like a slow network stream. */
    static InputStream trickle(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1000));
            }
        };
    }
}
