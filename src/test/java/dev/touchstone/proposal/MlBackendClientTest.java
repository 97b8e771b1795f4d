package dev.touchstone.proposal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client against a real HTTP server on loopback: the guard is asked again before each attempt (a URL that was
 * allowed when saved is not called when the guard refuses it now), redirects are not followed, and an answer larger
 * than the limit is a failure that names the limit.
 */
class MlBackendClientTest {

    private static final String SECRET = "a shared secret of the test backend";
    private static final long LIMIT = 64;

    HttpServer server;
    final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        exchange.getRequestBody().readAllBytes();
        String body = switch (path) {
            case "/exactly" -> "x".repeat((int) LIMIT);
            case "/huge" -> "x".repeat(10_000);
            default -> "{}";
        };
        if (path.equals("/redirect")) {
            exchange.getResponseHeaders().set("Location", url("/ok"));
            exchange.sendResponseHeaders(302, -1);
        } else {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            // Chunked (length 0) for the huge one: the limit must hold without a declared length.
            exchange.sendResponseHeaders(200, path.equals("/huge") ? 0 : bytes.length);
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private MlBackendClient client(MlBackendGuard guard) {
        return new MlBackendClient(Duration.ofSeconds(5), 3, Duration.ofMillis(10), LIMIT, guard);
    }

    @Test
    void aHostTheGuardNowRefusesIsNotCalled() {
        MlBackendClient.Answer answer = client(new MlBackendGuard(List.of(), false))
                .post(URI.create(url("/ok")), SECRET, "{}");
        assertThat(answer.ok()).isFalse();
        assertThat(answer.failure()).contains("resolves to 127.0.0.1, a loopback address");
        assertThat(answer.attempts()).as("a refused address is not retried").isEqualTo(1);
        assertThat(requests).as("the server heard nothing").isEmpty();
    }

    @Test
    void anAllowedHostIsCalled() {
        MlBackendClient.Answer answer = client(new MlBackendGuard(List.of("127.0.0.1"), false))
                .post(URI.create(url("/ok")), SECRET, "{}");
        assertThat(answer.ok()).as(answer.failure()).isTrue();
        assertThat(answer.body()).isEqualTo("{}");
    }

    @Test
    void aRedirectIsNotFollowed() {
        MlBackendClient.Answer answer = client(new MlBackendGuard(List.of("127.0.0.1"), false))
                .post(URI.create(url("/redirect")), SECRET, "{}");
        assertThat(answer.ok()).isFalse();
        assertThat(answer.status()).isEqualTo(302);
        assertThat(answer.failure()).contains("HTTP 302", "redirects are not followed", url("/ok"));
        assertThat(requests).doesNotContainKey("/ok");
    }

    @Test
    void anAnswerLargerThanTheLimitIsAFailure() {
        MlBackendClient client = client(new MlBackendGuard(List.of("127.0.0.1"), false));
        MlBackendClient.Answer huge = client.post(URI.create(url("/huge")), SECRET, "{}");
        assertThat(huge.ok()).isFalse();
        assertThat(huge.failure()).isEqualTo("The ML backend's answer is larger than 64 bytes; it was not read"
                + " further");
        assertThat(huge.body()).isNull();
        assertThat(huge.attempts()).as("a too large answer is not asked for again").isEqualTo(1);

        MlBackendClient.Answer exactly = client.post(URI.create(url("/exactly")), SECRET, "{}");
        assertThat(exactly.ok()).as(exactly.failure()).isTrue();
        assertThat(exactly.body()).hasSize((int) LIMIT);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }
}
