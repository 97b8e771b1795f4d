package dev.touchstone.storage;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * S3Mock (Adobe's S3 API implementation) started as a separate Java process from the executable jar that Maven
 * copies to {@code target/s3mock/s3mock.jar} in {@code generate-test-resources}. In-process it would bring its own
 * Spring Boot onto our test classpath. Listens on a free loopback port; files live in a temporary directory.
 */
final class S3MockProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target/s3mock/s3mock.jar");

    private final Process process;
    private final Path log;
    private final int port;

    private S3MockProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static S3MockProcess start(Path workDirectory) throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing; run the tests through Maven "
                    + "(./mvnw test), whose generate-test-resources phase copies S3Mock there");
        }
        int httpPort = freePort();
        int httpsPort = freePort();
        Path log = workDirectory.resolve("s3mock.log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-jar", JAR.toAbsolutePath().toString(),
                "--server.address=127.0.0.1",
                "--server.port=" + httpsPort,
                "--com.adobe.testing.s3mock.httpPort=" + httpPort,
                "--com.adobe.testing.s3mock.store.root=" + workDirectory.resolve("data"),
                "--com.adobe.testing.s3mock.max-payload-size=64MB",
                "--logging.level.root=warn"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        S3MockProcess mock = new S3MockProcess(process, log, httpPort);
        try {
            mock.awaitReady(Duration.ofSeconds(90));
        } catch (IOException | InterruptedException | RuntimeException e) {
            mock.close();
            throw e;
        }
        return mock;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Mock exited with " + process.exitValue() + ":\n"
                        + Files.readString(log));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(endpoint()).GET()
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("S3Mock did not answer on " + endpoint() + " within " + timeout + ":\n"
                + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
