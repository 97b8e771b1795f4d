package dev.touchstone.proposal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.labeling.ProposedLabel;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkflowFixtures;
import dev.touchstone.workflow.WorkflowService;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A project's ML backend against a real HTTP server started here ({@code com.sun.net.httpserver}): the request is
 * signed so the server can verify it, a slow answer times out and is asked again, a 500 then a 200 is stored, a
 * 400 is not retried, and garbage, invalid labels or a backend that keeps failing are recorded as failures without
 * an exception and without touching what is stored. The test backend listens on 127.0.0.1, which the tests'
 * properties allow ({@code touchstone.proposal.ml-backend.allowed-hosts}); other loopback, link-local and private
 * hosts are refused when saved.
 */
@TouchstoneSpringTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MlBackendTest {

    private static final String SECRET = "a shared secret of the test backend";

    @Autowired ProposalService proposals;
    @Autowired SignIn signIn;
    @Autowired DSLContext dsl;
    @Autowired DatasetService datasets;
    @Autowired EpisodeStore store;
    @Autowired CurrentOrganization current;
    @Autowired LabelSchemaService schemas;
    @Autowired OrganizationProvisioning provisioning;
    @Autowired WorkflowService workflow;
    @Autowired JsonMapper json;
    @Autowired MlBackendClient client;

    HttpServer server;
    final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    final Map<String, Boolean> signatureValid = new ConcurrentHashMap<>();
    final Map<String, JsonNode> bodies = new ConcurrentHashMap<>();
    Project project;
    UUID episode;

    @BeforeAll
    void serverAndProject() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
        project = new WorkflowFixtures(signIn, datasets, store, current, schemas, provisioning, workflow)
                .project(1, 12, WorkflowFixtures.settings(1, 0, 600));
        episode = dsl.fetchSingle("select episode_id from task where project_id = ?", project.id())
                .get(0, UUID.class);
    }

    @AfterAll
    void stopServer() {
        server.stop(0);
    }

    @BeforeEach
    void signInAsProjectManager() {
        signIn.as("pm@acme.test");
    }

    @AfterEach
    void signOut() {
        signIn.out();
    }

    /** The backend: each path behaves one way; every request's signature is checked as a backend would. */
    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        int n = requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        byte[] raw = exchange.getRequestBody().readAllBytes();
        String body = new String(raw, StandardCharsets.UTF_8);
        String timestamp = exchange.getRequestHeaders().getFirst("X-Touchstone-Timestamp");
        String signature = exchange.getRequestHeaders().getFirst("X-Touchstone-Signature");
        signatureValid.put(path, timestamp != null && signature != null && MessageDigest.isEqual(
                ("sha256=" + hmac(timestamp, body)).getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8))
                && Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) < 300);
        bodies.put(path, json.readTree(body));
        String source = "ml" + path.replace('/', '-');
        switch (path) {
            case "/ok" -> answer(exchange, 200, predictions(source));
            case "/slow" -> {
                if (n == 1) {
                    sleep(client.timeout().toMillis() + 1500);
                }
                answer(exchange, 200, predictions(source));
            }
            case "/flaky" -> answer(exchange, n == 1 ? 500 : 200, n == 1 ? "{\"error\": \"warming up\"}"
                    : predictions(source));
            case "/garbage" -> answer(exchange, 200, "<html>this is not JSON</html>");
            case "/invalid" -> answer(exchange, 200, """
                    {"source": "%s", "version": "1", "labels": [
                      {"kind": "event", "id": "%s", "definition": "no_such_definition", "classKey": "x",
                       "time": 1000000000}]}""".formatted(source, UUID.randomUUID()));
            case "/bad-request" -> answer(exchange, 400, "{\"error\": \"unknown schema\"}");
            default -> answer(exchange, 503, "down");
        }
    }

    @Test
    void aSignedRequestIsAnsweredAndStoredLikePostedPredictions() {
        proposals.setMlBackend(project.id(), url("/ok"), SECRET);
        MlBackendCall call = proposals.predictWithMlBackend(project.id(), episode);
        assertThat(call.stored()).as(call.message()).isTrue();
        assertThat(call.attempts()).isEqualTo(1);
        assertThat(call.httpStatus()).isEqualTo(200);
        assertThat(call.labels()).isEqualTo(1);
        assertThat(signatureValid.get("/ok")).as("the server verified the HMAC-SHA256 signature").isTrue();
        JsonNode sent = bodies.get("/ok");
        assertThat(sent.path("projectId").asString()).isEqualTo(project.id().toString());
        assertThat(sent.path("episodeId").asString()).isEqualTo(episode.toString());
        assertThat(sent.path("episode").path("durationNanos").asLong()).isEqualTo(12_000_000_000L);
        assertThat(sent.path("episode").path("streams").get(0).path("name").asString()).isEqualTo("joints");
        assertThat(sent.path("schema").path("definitions").size()).isPositive();
        List<ProposedLabel> stored = proposals.proposalsFor(project.id(), episode).stream()
                .filter(p -> p.source().equals("ml-ok")).toList();
        assertThat(stored).singleElement().satisfies(p -> assertThat(p.confidence()).isEqualTo(0.7));
        assertThat(proposals.mlBackend(project.id())).hasValueSatisfying(b -> {
            assertThat(b.url()).isEqualTo(url("/ok"));
            assertThat(b.toString()).doesNotContain(SECRET);
        });
    }

    @Test
    void aSlowAnswerTimesOutAndIsAskedAgain() {
        proposals.setMlBackend(project.id(), url("/slow"), SECRET);
        MlBackendCall call = proposals.predictWithMlBackend(project.id(), episode);
        assertThat(call.stored()).as(call.message()).isTrue();
        assertThat(call.attempts()).isEqualTo(2);
        assertThat(call.durationMillis()).isGreaterThanOrEqualTo(client.timeout().toMillis());
        assertThat(requests.get("/slow").get()).isEqualTo(2);
    }

    @Test
    void a500ThenA200IsStored() {
        proposals.setMlBackend(project.id(), url("/flaky"), SECRET);
        MlBackendCall call = proposals.predictWithMlBackend(project.id(), episode);
        assertThat(call.stored()).as(call.message()).isTrue();
        assertThat(call.attempts()).isEqualTo(2);
        assertThat(proposals.proposalsFor(project.id(), episode)).extracting(ProposedLabel::source)
                .contains("ml-flaky");
    }

    @Test
    void badAnswersAreRecordedFailuresThatBreakNothing() {
        proposals.setMlBackend(project.id(), url("/garbage"), SECRET);
        MlBackendCall garbage = proposals.predictWithMlBackend(project.id(), episode);
        assertThat(garbage.stored()).isFalse();
        assertThat(garbage.message()).contains("not predictions JSON");

        proposals.setMlBackend(project.id(), url("/invalid"), SECRET);
        MlBackendCall invalid = proposals.predictWithMlBackend(project.id(), episode);
        assertThat(invalid.stored()).isFalse();
        assertThat(invalid.message()).contains("refused", "no_such_definition");

        proposals.setMlBackend(project.id(), url("/bad-request"), SECRET);
        MlBackendCall clientError = proposals.predictWithMlBackend(project.id(), episode);
        assertThat(clientError.stored()).isFalse();
        assertThat(clientError.attempts()).as("a 4xx is not retried").isEqualTo(1);
        assertThat(clientError.httpStatus()).isEqualTo(400);
        assertThat(clientError.message()).contains("HTTP 400", "not retried", "unknown schema");

        proposals.setMlBackend(project.id(), url("/down"), SECRET);
        MlBackendCall down = proposals.predictWithMlBackend(project.id(), episode);
        assertThat(down.stored()).isFalse();
        assertThat(down.attempts()).isEqualTo(client.maxAttempts());
        assertThat(down.httpStatus()).isEqualTo(503);

        assertThat(proposals.mlBackendCalls(project.id())).extracting(MlBackendCall::id)
                .contains(garbage.id(), invalid.id(), clientError.id(), down.id());
        // The workspace's read still works and holds nothing of the failed answers.
        assertThat(proposals.proposalsFor(project.id(), episode)).extracting(ProposedLabel::source)
                .doesNotContain("ml-garbage", "ml-invalid", "ml-bad-request", "ml-down");
    }

    @Test
    void onlyHttpUrlsAndAnotherOrganizationSeesNothing() {
        assertThatThrownBy(() -> proposals.setMlBackend(project.id(), "ftp://models.example.com/x", SECRET))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> proposals.setMlBackend(project.id(), "models.example.com/predict", SECRET))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> proposals.setMlBackend(project.id(), "http:///predict", SECRET))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> proposals.setMlBackend(project.id(), url("/ok"), "short"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 to 200");
        signIn.as("admin@globex.test");
        assertThatThrownBy(() -> proposals.predictWithMlBackend(project.id(), episode))
                .isInstanceOf(NotFoundInOrganizationException.class);
        assertThatThrownBy(() -> proposals.setMlBackend(project.id(), url("/ok"), SECRET))
                .isInstanceOf(NotFoundInOrganizationException.class);
        assertThatThrownBy(() -> proposals.mlBackendCalls(project.id()))
                .isInstanceOf(NotFoundInOrganizationException.class);
    }

    @Test
    void aUrlIntoTheServersOwnNetworkIsRefusedWhenSaved() {
        proposals.setMlBackend(project.id(), url("/ok"), SECRET);
        // The tests allow 127.0.0.1 (application-test.properties), the name localhost is not allowed.
        assertThatThrownBy(() -> proposals.setMlBackend(project.id(),
                "http://localhost:" + server.getAddress().getPort() + "/ok", SECRET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host 'localhost' resolves to").hasMessageContaining("a loopback address");
        assertThatThrownBy(() -> proposals.setMlBackend(project.id(), "http://169.254.169.254/latest/meta-data",
                SECRET)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("169.254.169.254, a link-local address");
        assertThatThrownBy(() -> proposals.setMlBackend(project.id(), "https://10.0.0.5/predict", SECRET))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10.0.0.5, a private address");
        assertThat(proposals.mlBackend(project.id())).as("the refused URLs replaced nothing")
                .hasValueSatisfying(b -> assertThat(b.url()).isEqualTo(url("/ok")));
    }

    private String predictions(String source) {
        UUID id = UUID.randomUUID();
        return """
                {"source": "%s", "version": "1", "labels": [
                  {"kind": "event", "id": "%s", "definition": "contact", "classKey": "contact-on",
                   "time": 1000000000}], "confidence": {"%s": 0.7}}""".formatted(source, id, id);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static String hmac(String timestamp, String body) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            // The client gave up (the slow case's first attempt): nothing to answer to.
        } finally {
            exchange.close();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
