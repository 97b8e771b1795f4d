package dev.touchstone.ingest.api;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.apitoken.ApiTokenScope;
import dev.touchstone.apitoken.ApiTokenService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

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
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measurement with a peer, not part of the suite (surefire only picks up *Test): the Python client's
 * {@code Client.upload_file} (clients/python, a separate {@code python3} process, its default 64 MiB PATCHes or
 * {@code -Dbench.chunkMib}, no progress output) against {@code curl -T} PATCHing the same file as one request to the same server, both as new tus
 * uploads; rounds alternate. The file is {@link UploadBenchmark}'s bundle zip ({@code -Dbench.mib}, default 1024).
 * Each Python time is the whole process (interpreter start, import, create, PATCHes, exit), each curl time the
 * {@code POST} that creates its upload plus the curl process: both include making the upload. Run: see
 * docs/benchmarks.md ("Uploads over the API").
 */
@TouchstoneSpringTest
class PythonUploadBenchmark {

    static final int MIB = Integer.getInteger("bench.mib", 1024);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    /** MiB per PATCH of the Python client; 64 is its default. */
    static final int CHUNK_MIB = Integer.getInteger("bench.chunkMib", 0);

    @Autowired SignIn signIn;
    @Autowired ApiTokenService tokens;
    @LocalServerPort int port;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void pythonClientUploadAgainstCurl() throws Exception {
        signIn.as("pm@acme.test");
        String token = tokens.create("python upload benchmark " + UUID.randomUUID(), 1,
                EnumSet.of(ApiTokenScope.DATA_WRITE)).secret();
        signIn.out();
        String base = "http://localhost:" + port;
        Path work = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", "/tmp")), "py-upload-bench-");
        try {
            Path file = UploadBenchmark.bundleZip(work, (long) MIB << 20);
            long size = Files.size(file);
            System.out.printf(Locale.ROOT, "file: %s, %d bytes (%.1f MiB); python client PATCHes of %d MiB (0: one PATCH)%n",
                    file.getFileName(), size, size / 1048576.0, CHUNK_MIB);
            String script = """
                    import sys
                    from touchstone_client import Client
                    upload = Client(sys.argv[1], sys.argv[2], progress=False).upload_file(
                        sys.argv[3], chunk_size=(int(sys.argv[4]) << 20) or None)
                    print(upload.location, upload.offset)
                    """;
            List<Double> python = new ArrayList<>();
            List<Double> curl = new ArrayList<>();
            List<URI> created = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                long t0 = System.nanoTime();
                ProcessBuilder builder = new ProcessBuilder("python3", "-c", script, base, token, file.toString(),
                        String.valueOf(CHUNK_MIB))
                        .redirectErrorStream(true);
                builder.environment().put("PYTHONPATH", Path.of("clients/python").toAbsolutePath().toString());
                Process py = builder.start();
                String out = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                assertThat(py.waitFor()).as(out).isZero();
                python.add((System.nanoTime() - t0) / 1e9);
                String[] answer = out.lines().reduce((a, b) -> b).orElseThrow().split(" ");
                assertThat(answer[1]).as(out).isEqualTo(String.valueOf(size));
                created.add(URI.create(answer[0].startsWith("http") ? answer[0] : base + answer[0]));
                assertThat(offset(token, created.getLast())).isEqualTo(size);

                long t1 = System.nanoTime();
                URI viaCurl = create(base, token, file, size);
                Process c = new ProcessBuilder("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-X",
                        "PATCH", "-H", "Authorization: Bearer " + token, "-H", "Tus-Resumable: 1.0.0", "-H",
                        "Upload-Offset: 0", "-H", "Content-Type: application/offset+octet-stream", "-H", "Expect:",
                        "-T", file.toString(), viaCurl.toString()).redirectErrorStream(true).start();
                String status = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                assertThat(c.waitFor()).isZero();
                curl.add((System.nanoTime() - t1) / 1e9);
                assertThat(status).isEqualTo("204");
                created.add(viaCurl);
                assertThat(offset(token, viaCurl)).isEqualTo(size);
                System.out.printf(Locale.ROOT, "round %d: python client %.2f s (%.0f MiB/s), curl %.2f s (%.0f MiB/s)"
                                + "%n", round + 1, python.getLast(), size / 1048576.0 / python.getLast(),
                        curl.getLast(), size / 1048576.0 / curl.getLast());
            }
            for (URI upload : created) {
                http.send(HttpRequest.newBuilder(upload).header("Authorization", "Bearer " + token)
                        .header("Tus-Resumable", "1.0.0").DELETE().build(), HttpResponse.BodyHandlers.discarding());
            }
            double p = median(python);
            double c = median(curl);
            System.out.printf(Locale.ROOT, "median upload: python client %.2f s = %.0f MiB/s, curl %.2f s = %.0f MiB/s;"
                    + " python/curl throughput %.2f%n", p, size / 1048576.0 / p, c, size / 1048576.0 / c, c / p);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private URI create(String base, String token, Path file, long size) throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/uploads"))
                .header("Authorization", "Bearer " + token).header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", String.valueOf(size))
                .header("Upload-Metadata", "filename " + Base64.getEncoder().encodeToString(
                        file.getFileName().toString().getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        return URI.create(location.startsWith("http") ? location : base + location);
    }

    private long offset(String token, URI upload) throws Exception {
        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(upload).header("Authorization", "Bearer " + token)
                .header("Tus-Resumable", "1.0.0").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        return Long.parseLong(head.headers().firstValue("Upload-Offset").orElseThrow());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
