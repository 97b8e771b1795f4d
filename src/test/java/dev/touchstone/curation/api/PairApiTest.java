package dev.touchstone.curation.api;

import dev.touchstone.ApiClient;
import dev.touchstone.BearerClient;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.apitoken.ApiTokenScope;
import dev.touchstone.apitoken.ApiTokenService;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.organization.CurrentOrganization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The episode pairs API over real HTTP with API tokens: auth (401), scope and role (403), another organization (404),
 * bad input (400, 422), a duplicate (409), and a pair made, read, listed, paired by key and deleted.
 */
@TouchstoneSpringTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PairApiTest {

    @Autowired SignIn signIn;
    @Autowired ApiTokenService tokens;
    @Autowired DatasetService datasets;
    @Autowired EpisodeStore store;
    @Autowired CurrentOrganization current;
    @Autowired JsonMapper json;
    @LocalServerPort int port;

    BearerClient writer;
    BearerClient reader;
    BearerClient qa;
    BearerClient globex;
    Dataset dataset;
    UUID sim;
    UUID real;
    UUID sim2;
    UUID real2;
    UUID lone;

    @BeforeAll
    void datasetWithTwins() throws Exception {
        writer = new BearerClient(port, token("pm@acme.test", ApiTokenScope.DATA_WRITE, ApiTokenScope.READ));
        reader = new BearerClient(port, token("pm@acme.test", ApiTokenScope.READ));
        qa = new BearerClient(port, token("qa@acme.test", ApiTokenScope.READ));
        globex = new BearerClient(port, token("admin@globex.test", ApiTokenScope.DATA_WRITE, ApiTokenScope.READ));
        signIn.as("pm@acme.test");
        try {
            dataset = datasets.create("api pairs " + UUID.randomUUID(), "");
            sim = episode("sim-1", Map.of("variant", "sim"));
            real = episode("real-1", Map.of("variant", "real"));
            sim2 = episode("sim-2", Map.of("variant", "sim", "pair_key", "p2"));
            real2 = episode("real-2", Map.of("variant", "real", "pair_key", "p2"));
            lone = episode("lone", Map.of("variant", "real", "pair_key", "p3"));
        } finally {
            signIn.out();
        }
    }

    private UUID episode(String name, Map<String, String> metadata) throws Exception {
        try (EpisodeRecorder recorder = store.record(current.id(), dataset.id(), null)) {
            recorder.describe(EpisodeDescription.of(name, name + ".mcap", "test").withMetadata(metadata));
            recorder.signal("joints", StreamSource.of("x.mcap"), List.of(new SignalChannel("j1", "rad")))
                    .append(0, 0.0);
            return recorder.commit().id();
        }
    }

    @AfterEach
    void signOut() {
        signIn.out();
    }

    private String pairs() {
        return "/api/v1/datasets/" + dataset.id() + "/pairs";
    }

    private String body(UUID first, UUID second) {
        return "{\"kind\": \"sim-real\", \"first\": \"" + first + "\", \"second\": \"" + second
                + "\", \"offsetNanos\": 40000000}";
    }

    @Test
    void aManagerPairsReadsListsAndDeletesAndQaReads() throws Exception {
        HttpResponse<String> made = writer.post(pairs(), body(sim, real));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        JsonNode pair = json.readTree(made.body());
        String id = pair.path("id").asString();
        assertThat(made.headers().firstValue("Location")).contains("/api/v1/pairs/" + id);
        assertThat(pair.path("firstName").asString()).isEqualTo("sim-1");
        assertThat(pair.path("secondName").asString()).isEqualTo("real-1");
        assertThat(pair.path("offsetNanos").asLong()).isEqualTo(40_000_000L);

        JsonNode read = json.readTree(qa.get("/api/v1/pairs/" + id).body());
        assertThat(read.path("kind").asString()).isEqualTo("sim-real");
        assertThat(read.path("first").asString()).isEqualTo(sim.toString());
        JsonNode page = json.readTree(reader.get(pairs()).body());
        assertThat(page.path("items").findValuesAsString("id")).contains(id);

        assertProblem(writer.post(pairs(), body(sim, real)), 409);
        assertProblem(writer.post(pairs(), body(real, sim).replace("sim-real", "takes")), 409);

        assertThat(writer.send("DELETE", "/api/v1/pairs/" + id, null, List.of()).statusCode()).isEqualTo(204);
        assertProblem(reader.get("/api/v1/pairs/" + id), 404);
    }

    @Test
    void pairingByKeyReportsWhatItPairedAndWhatNot() throws Exception {
        HttpResponse<String> response = writer.post(pairs() + "/by-key",
                "{\"metadataKey\": \"pair_key\", \"kind\": \"sim-real\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = json.readTree(response.body());
        assertThat(report.path("created").size()).isEqualTo(1);
        assertThat(report.path("created").get(0).path("first").asString()).isEqualTo(sim2.toString());
        assertThat(report.path("created").get(0).path("second").asString()).isEqualTo(real2.toString());
        assertThat(report.path("issues").get(0).path("value").asString()).isEqualTo("p3");
        assertThat(report.path("issues").get(0).path("problem").asString()).isEqualTo("unpaired");
        assertThat(report.path("issues").get(0).path("episodes").get(0).asString()).isEqualTo(lone.toString());
        JsonNode again = json.readTree(writer.post(pairs() + "/by-key",
                "{\"metadataKey\": \"pair_key\", \"kind\": \"sim-real\"}").body());
        assertThat(again.path("created").size()).isZero();
        assertThat(again.path("alreadyPaired").asInt()).isEqualTo(1);
    }

    @Test
    void credentialsScopesAndRolesDecide() throws Exception {
        BearerClient anonymous = new BearerClient(port, null);
        assertThat(anonymous.get(pairs()).statusCode()).isEqualTo(401);
        assertThat(anonymous.get("/api/v1/pairs/" + UUID.randomUUID()).statusCode()).isEqualTo(401);
        // A read token may not write (scope); a QA lead's session may not either (role), but reads.
        assertProblem(reader.post(pairs(), body(sim, real)), 403);
        assertProblem(reader.send("DELETE", "/api/v1/pairs/" + UUID.randomUUID(), null, List.of()), 403);
        ApiClient qaSession = ApiClient.signedIn(port, json, "qa@acme.test");
        qaSession.csrfFromApi();
        assertProblem(qaSession.post(pairs() + "/by-key", "{\"metadataKey\": \"pair_key\", \"kind\": \"takes\"}"),
                403);
        assertThat(qa.get(pairs()).statusCode()).isEqualTo(200);
    }

    @Test
    void anotherOrganizationsDatasetEpisodesAndPairsAre404() throws Exception {
        String id = json.readTree(writer.post(pairs(), body(sim, lone).replace("sim-real", "takes")).body())
                .path("id").asString();
        assertProblem(globex.get(pairs()), 404);
        assertProblem(globex.get("/api/v1/pairs/" + id), 404);
        assertProblem(globex.send("DELETE", "/api/v1/pairs/" + id, null, List.of()), 404);
        assertProblem(globex.post(pairs(), body(sim2, real)), 404);
        assertProblem(globex.post(pairs() + "/by-key", "{\"metadataKey\": \"pair_key\", \"kind\": \"sim-real\"}"),
                404);
        assertThat(reader.get("/api/v1/pairs/" + id).statusCode()).as("still there").isEqualTo(200);
    }

    @Test
    void badInputIs400Or422() throws Exception {
        assertThat(detail(writer.post(pairs(), body(sim, sim)), 422)).contains("itself");
        assertThat(detail(writer.post(pairs(), body(real, sim2)), 422)).contains("swap them");
        assertThat(detail(writer.post(pairs(), body(sim, real).replace("sim-real", "twins")), 422))
                .contains("sim-real, rollout-demo, takes");
        assertThat(detail(writer.post(pairs(), "{\"kind\": \"takes\"}"), 422)).contains("two episodes");
        assertThat(detail(writer.post(pairs() + "/by-key", "{\"metadataKey\": \"\", \"kind\": \"takes\"}"), 422))
                .contains("metadataKey");
        assertProblem(writer.post(pairs(), body(sim, UUID.randomUUID())), 404);
        assertThat(detail(writer.get(pairs() + "?limit=0"), 400)).contains("limit");
        assertThat(detail(writer.get("/api/v1/pairs/not-a-uuid"), 400)).contains("UUID");
        assertThat(detail(writer.post(pairs(), "{\"kind\": "), 400)).contains("not valid JSON");
    }

    private String detail(HttpResponse<String> response, int status) throws Exception {
        assertProblem(response, status);
        return json.readTree(response.body()).path("detail").asString();
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/problem+json");
    }

    private String token(String email, ApiTokenScope... scopes) {
        signIn.as(email);
        try {
            return tokens.create("pairs " + UUID.randomUUID(), 7, EnumSet.copyOf(List.of(scopes))).secret();
        } finally {
            signIn.out();
        }
    }
}
