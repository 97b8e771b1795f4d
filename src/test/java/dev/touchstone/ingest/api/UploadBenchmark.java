package dev.touchstone.ingest.api;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.apitoken.ApiTokenScope;
import dev.touchstone.apitoken.ApiTokenService;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.ingest.bundle.NpyDtype;
import dev.touchstone.ingest.bundle.NpyWriter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measurement with a peer, not part of the suite (surefire only picks up *Test): a large episode file (a bundle zip
 * of one 64-channel float32 signal, {@code -Dbench.mib}, default 2048) uploaded through the tus API by a Java client
 * (java.net.http, the file streamed as one PATCH) against {@code curl -T} PATCHing the same file to the same server
 * (each round makes a new upload; rounds alternate), then one upload imported through the import API. The server's
 * heap in use (MemoryMXBean; the server runs in this JVM, so the Java client's buffers are included): after a GC
 * before; the maximum sampled every 100 ms during the timed uploads (garbage included); the maximum with a full GC
 * before each sample (every second) during one more, untimed upload and during the import; after a GC after. Run:
 * see docs/benchmarks.md ("Uploads over the API").
 */
@TouchstoneSpringTest
class UploadBenchmark {

    static final int MIB = Integer.getInteger("bench.mib", 2048);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 2);
    static final boolean IMPORT = Boolean.parseBoolean(System.getProperty("bench.import", "true"));
    static final int CHANNELS = 64;

    @Autowired SignIn signIn;
    @Autowired ApiTokenService tokens;
    @Autowired DatasetService datasets;
    @Autowired JsonMapper json;
    @LocalServerPort int port;

    final HttpClient http = HttpClient.newHttpClient();
    final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    @Test
    void uploadAndImportALargeEpisodeThroughTheApiAgainstCurl() throws Exception {
        signIn.as("pm@acme.test");
        String token = tokens.create("upload benchmark " + UUID.randomUUID(), 1, EnumSet.of(ApiTokenScope.DATA_WRITE))
                .secret();
        Dataset dataset = datasets.create("upload benchmark " + UUID.randomUUID(), "");
        signIn.out();
        Path work = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "/tmp")), "upload-bench-");
        try {
            long started = System.nanoTime();
            Path file = bundleZip(work, (long) MIB << 20);
            long size = Files.size(file);
            System.out.printf(Locale.ROOT, "file: %s, %d bytes (%.1f MiB), written in %.1f s%n", file.getFileName(),
                    size, size / 1048576.0, (System.nanoTime() - started) / 1e9);

            long heapBefore = settledHeap();
            Sampler sampler = new Sampler(false);
            List<Double> javaSeconds = new ArrayList<>();
            List<Double> curlSeconds = new ArrayList<>();
            List<URI> created = new ArrayList<>();
            URI imported = null;
            for (int round = 0; round < ROUNDS; round++) {
                URI viaJava = create(token, file, size);
                created.add(viaJava);
                long t0 = System.nanoTime();
                HttpResponse<String> patched = http.send(HttpRequest.newBuilder(viaJava)
                        .header("Authorization", "Bearer " + token).header("Tus-Resumable", "1.0.0")
                        .header("Upload-Offset", "0").header("Content-Type", "application/offset+octet-stream")
                        .method("PATCH", HttpRequest.BodyPublishers.ofFile(file)).build(),
                        HttpResponse.BodyHandlers.ofString());
                javaSeconds.add((System.nanoTime() - t0) / 1e9);
                assertThat(patched.statusCode()).as(patched.body()).isEqualTo(204);
                assertThat(patched.headers().firstValue("Upload-Offset")).contains(String.valueOf(size));
                imported = viaJava;

                URI viaCurl = create(token, file, size);
                created.add(viaCurl);
                long t1 = System.nanoTime();
                Process curl = new ProcessBuilder("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-X",
                        "PATCH", "-H", "Authorization: Bearer " + token, "-H", "Tus-Resumable: 1.0.0", "-H",
                        "Upload-Offset: 0", "-H", "Content-Type: application/offset+octet-stream", "-H", "Expect:",
                        "-T", file.toString(), viaCurl.toString()).redirectErrorStream(true).start();
                String status = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                assertThat(curl.waitFor()).isZero();
                curlSeconds.add((System.nanoTime() - t1) / 1e9);
                assertThat(status).isEqualTo("204");
                HttpResponse<String> head = http.send(HttpRequest.newBuilder(viaCurl)
                        .header("Authorization", "Bearer " + token).method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(head.headers().firstValue("Upload-Offset")).contains(String.valueOf(size));
                System.out.printf(Locale.ROOT, "round %d: java %.2f s (%.0f MiB/s), curl %.2f s (%.0f MiB/s)%n",
                        round + 1, javaSeconds.getLast(), size / 1048576.0 / javaSeconds.getLast(),
                        curlSeconds.getLast(), size / 1048576.0 / curlSeconds.getLast());
            }
            long heapUploads = sampler.stop();

            // One more Java upload, untimed, with a full GC before each sample: the heap it really holds.
            Sampler live = new Sampler(true);
            URI liveUpload = create(token, file, size);
            created.add(liveUpload);
            HttpResponse<String> livePatch = http.send(HttpRequest.newBuilder(liveUpload)
                    .header("Authorization", "Bearer " + token).header("Tus-Resumable", "1.0.0")
                    .header("Upload-Offset", "0").header("Content-Type", "application/offset+octet-stream")
                    .method("PATCH", HttpRequest.BodyPublishers.ofFile(file)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(livePatch.statusCode()).isEqualTo(204);
            long liveUploads = live.takeMax();

            double importSeconds = Double.NaN;
            JsonNode job = null;
            if (IMPORT) {
                long t2 = System.nanoTime();
                HttpResponse<String> start = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                                + "/api/v1/datasets/" + dataset.id() + "/imports"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"uploadId\":\"" + id(imported) + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(start.statusCode()).as(start.body()).isEqualTo(202);
                URI location = URI.create(start.headers().firstValue("Location").orElseThrow());
                do {
                    Thread.sleep(500);
                    job = json.readTree(http.send(HttpRequest.newBuilder(location)
                            .header("Authorization", "Bearer " + token).build(),
                            HttpResponse.BodyHandlers.ofString()).body());
                } while (!job.path("finished").asBoolean());
                importSeconds = (System.nanoTime() - t2) / 1e9;
                assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("succeeded");
                assertThat(job.path("episodes")).hasSize(1);
            }
            long liveImport = live.stop();
            // The uploads that were not imported hold the file's size each until they expire: free the disk now.
            for (URI upload : created) {
                if (!upload.equals(imported)) {
                    http.send(HttpRequest.newBuilder(upload).header("Authorization", "Bearer " + token)
                            .header("Tus-Resumable", "1.0.0").DELETE().build(), HttpResponse.BodyHandlers.discarding());
                }
            }
            long heapAfter = settledHeap();

            double java = median(javaSeconds);
            double curl = median(curlSeconds);
            System.out.printf(Locale.ROOT, "median upload: java client %.2f s = %.0f MiB/s, curl %.2f s = %.0f MiB/s;"
                            + " java/curl throughput %.2f%n", java, size / 1048576.0 / java, curl,
                    size / 1048576.0 / curl, curl / java);
            if (IMPORT) {
                System.out.printf(Locale.ROOT, "import (POST to succeeded): %.1f s, %s%n", importSeconds,
                        job.path("progress"));
            }
            System.out.printf(Locale.ROOT, "heap in use: before %.1f MiB (after GC); during the timed uploads max "
                            + "%.1f MiB (with garbage); live (full GC before each sample) max %.1f MiB during an "
                            + "upload, %.1f MiB during the import; after %.1f MiB (after GC); file %.1f MiB; -Xmx "
                            + "%.1f MiB%n",
                    heapBefore / 1048576.0, heapUploads / 1048576.0, liveUploads / 1048576.0,
                    liveImport / 1048576.0, heapAfter / 1048576.0, size / 1048576.0,
                    memory.getHeapMemoryUsage().getMax() / 1048576.0);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private URI create(String token, Path file, long size) throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/v1/uploads")).header("Authorization", "Bearer " + token)
                .header("Tus-Resumable", "1.0.0").header("Upload-Length", String.valueOf(size))
                .header("Upload-Metadata", "filename " + Base64.getEncoder().encodeToString(
                        file.getFileName().toString().getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return URI.create(created.headers().firstValue("Location").orElseThrow());
    }

    private static String id(URI upload) {
        return upload.getPath().substring(upload.getPath().lastIndexOf('/') + 1);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private long settledHeap() throws InterruptedException {
        System.gc();
        Thread.sleep(500);
        return memory.getHeapMemoryUsage().getUsed();
    }

    /**
     * Heap in use every 100 ms; {@link #takeMax} returns the maximum so far and starts over. With {@code live}, a
     * full GC runs before each sample (every second), so the samples are what is reachable: the heap a request
     * really holds, without the garbage a lazy collector has not collected yet.
     */
    private final class Sampler {
        private final AtomicLong max = new AtomicLong();
        private final Thread thread;

        Sampler(boolean live) {
            thread = Thread.ofPlatform().daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    if (live) {
                        System.gc();
                    }
                    max.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(live ? 1000 : 100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        long takeMax() {
            return max.getAndSet(0);
        }

        long stop() throws InterruptedException {
            thread.interrupt();
            thread.join();
            return max.get();
        }
    }

    /**
     * A bundle zip (stored, not compressed: recordings rarely compress and the point is moving bytes) of one episode
     * with one 64-channel float32 signal at 1 kHz, as many samples as make about {@code bytes}.
     */
    static Path bundleZip(Path work, long bytes) throws IOException {
        Path bundle = Files.createDirectories(work.resolve("large_episode"));
        long samples = bytes / (CHANNELS * 4L + 8);
        Files.createDirectories(bundle.resolve("signals"));
        float[] row = new float[CHANNELS];
        try (NpyWriter data = NpyWriter.create(bundle.resolve("signals/joints.npy"), NpyDtype.FLOAT32, CHANNELS);
             NpyWriter times = NpyWriter.create(bundle.resolve("signals/joints.timestamps.npy"), NpyDtype.INT64)) {
            for (long i = 0; i < samples; i++) {
                for (int c = 0; c < CHANNELS; c++) {
                    row[c] = (float) ((i % 1000) * 0.001 * (c + 1));
                }
                data.append(row);
                times.append(i * 1_000_000L);
            }
        }
        StringBuilder channels = new StringBuilder();
        for (int c = 0; c < CHANNELS; c++) {
            channels.append(c == 0 ? "" : ",").append("{\"name\":\"joint_").append(c).append("\",\"unit\":\"rad\"}");
        }
        Files.writeString(bundle.resolve("manifest.json"), """
                {"format":"touchstone-bundle","version":1,
                 "episode":{"name":"large episode","robot":"benchmark"},
                 "streams":[{"name":"arm/joints","kind":"signal","data":"signals/joints.npy",
                   "timestamps":"signals/joints.timestamps.npy","channels":[%s]}]}""".formatted(channels));
        Path zip = work.resolve("large_episode.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
             Stream<Path> files = Files.walk(bundle)) {
            out.setLevel(Deflater.NO_COMPRESSION);
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new ZipEntry(work.relativize(file).toString()));
                Files.copy(file, out);
                out.closeEntry();
                Files.delete(file);
            }
        }
        return zip;
    }
}
