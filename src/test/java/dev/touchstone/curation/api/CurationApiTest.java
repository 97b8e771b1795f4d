package dev.touchstone.curation.api;

import dev.touchstone.BearerClient;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.apitoken.ApiTokenScope;
import dev.touchstone.apitoken.ApiTokenService;
import dev.touchstone.curation.CoverageFixture;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.organization.CurrentOrganization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Factors and coverage over real HTTP with API tokens: declarations and values as JSON and CSV, the 422 problems
 * that name each refused row, the grid's numbers, the plan as CSV, scopes (403) and another organization (404).
 */
@TouchstoneSpringTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CurationApiTest {

    @Autowired SignIn signIn;
    @Autowired ApiTokenService tokens;
    @Autowired DatasetService datasets;
    @Autowired EpisodeStore store;
    @Autowired CurrentOrganization current;
    @Autowired JsonMapper json;
    @LocalServerPort int port;

    BearerClient writer;
    BearerClient reader;
    BearerClient globex;
    String writerToken;
    Dataset dataset;
    Map<String, UUID> ids;

    @BeforeAll
    void fixture() {
        writerToken = token("pm@acme.test", ApiTokenScope.DATA_WRITE, ApiTokenScope.READ);
        writer = new BearerClient(port, writerToken);
        reader = new BearerClient(port, token("pm@acme.test", ApiTokenScope.READ));
        globex = new BearerClient(port, token("admin@globex.test", ApiTokenScope.DATA_WRITE, ApiTokenScope.READ));
        signIn.as("pm@acme.test");
        try {
            dataset = datasets.create("coverage api " + UUID.randomUUID(), "");
            ids = CoverageFixture.record(store, current.id(), dataset.id());
        } finally {
            signIn.out();
        }
    }

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void factorsValuesAndTheGridOverHttp() throws Exception {
        String base = "/api/v1/datasets/" + dataset.id();
        HttpResponse<String> object = writer.post(base + "/factors", """
                {"key": "object", "name": "Object", "kind": "CATEGORICAL", "categories": ["cube", "mug", "bottle"],
                 "source": "METADATA", "sourceKey": "object"}""");
        assertThat(object.statusCode()).as(object.body()).isEqualTo(201);
        assertThat(json.readTree(object.body()).path("position").asInt()).isEqualTo(1);
        assertThat(writer.post(base + "/factors", """
                {"key": "lighting", "name": "Lighting", "kind": "CATEGORICAL", "categories": ["bright", "dim"],
                 "source": "METADATA", "sourceKey": "lighting"}""").statusCode()).isEqualTo(201);
        assertThat(writer.post(base + "/factors", """
                {"key": "outcome", "name": "Outcome", "kind": "CATEGORICAL", "categories": ["success", "fail"],
                 "source": "MANUAL", "successValues": ["success"]}""").statusCode()).isEqualTo(201);

        HttpResponse<String> refused = writer.post(base + "/factors", """
                {"key": "object_x", "name": "x", "kind": "NUMERIC", "edges": [0, 0.2],
                 "source": "METADATA", "sourceKey": "object_x"}""");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(json.readTree(refused.body()).path("problems").get(0).asString())
                .isEqualTo("episode 'e03' (metadata object_x): object_x: 0.25 is outside [0, 0.2]");

        // JSON values by id and by name, then the rest as CSV
        HttpResponse<String> values = writer.post(base + "/factor-values", """
                {"rows": [{"episode": "%s", "values": {"outcome": "success"}},
                          {"episode": "e02", "values": {"outcome": "fail"}}]}""".formatted(ids.get("e01")));
        assertThat(values.statusCode()).as(values.body()).isEqualTo(200);
        assertThat(json.readTree(values.body()).path("updated").asInt()).isEqualTo(2);
        HttpResponse<String> csv = csv(base + "/factor-values", writerToken,
                CoverageFixture.OUTCOMES.replace("e01,success\ne02,fail\n", ""));
        assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
        assertThat(json.readTree(csv.body()).path("updated").asInt()).isEqualTo(6);

        HttpResponse<String> badCsv = csv(base + "/factor-values", writerToken, "episode,outcome\ne04,maybe\ne77,fail\n");
        assertThat(badCsv.statusCode()).isEqualTo(422);
        assertThat(json.readTree(badCsv.body()).path("problems").valueStream().map(JsonNode::asString).toList())
                .containsExactly("row 3: no episode 'e77' in this dataset",
                        "row 2 (episode 'e04'): outcome: 'maybe' is not one of success, fail");

        JsonNode grid = json.readTree(reader.get(base + "/coverage?factors=object,lighting").body());
        assertThat(grid.path("episodes").asInt()).isEqualTo(12);
        assertThat(grid.path("withoutValue").asInt()).isEqualTo(1);
        JsonNode cubeBright = grid.path("cells").get(0);
        assertThat(cubeBright.path("labels").toString()).isEqualTo("[\"cube\",\"bright\"]");
        assertThat(cubeBright.path("episodes").asInt()).isEqualTo(4);
        assertThat(cubeBright.path("labelled").asInt()).isEqualTo(3);
        assertThat(cubeBright.path("successRate").asDouble()).isEqualTo(2.0 / 3);
        assertThat(grid.path("cells").get(1).path("successRate").isNull()).as("cube/dim: no data").isTrue();

        JsonNode cell = json.readTree(reader.get(base + "/coverage/episodes?factors=object,lighting&bins=3,2").body());
        assertThat(cell.valueStream().map(n -> n.path("name").asString()).toList()).containsExactly("e09", "e10");

        HttpResponse<String> plan = reader.get(base + "/coverage/plan?format=csv&rule="
                + URLEncoder.encode(">= 2 episodes per object x lighting", StandardCharsets.UTF_8));
        assertThat(plan.statusCode()).isEqualTo(200);
        assertThat(plan.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(plan.body()).isEqualTo("object,lighting,have,target,needed,examples\r\nbottle,bright,0,2,2,\r\n"
                + "cube,dim,1,2,1,e04\r\n");
        JsonNode planJson = json.readTree(reader.get(base + "/coverage/plan?rule="
                + URLEncoder.encode(">= 2 episodes", StandardCharsets.UTF_8) + "&factors=object,lighting").body());
        assertThat(planJson.path("totalNeeded").asInt()).isEqualTo(3);
        assertThat(reader.get(base + "/coverage/plan?rule=lots&factors=object,lighting").statusCode()).isEqualTo(422);
        assertThat(reader.get(base + "/coverage?factors=object").statusCode()).isEqualTo(422);

        JsonNode diversity = json.readTree(reader.get(base + "/coverage/diversity?factors=object,lighting").body());
        assertThat(diversity.path("factors").get(0).path("entropyBits").asDouble()).isBetween(1.4948, 1.4950);
    }

    @Test
    void scopesAndAnotherOrganization() throws Exception {
        String base = "/api/v1/datasets/" + dataset.id();
        assertThat(reader.post(base + "/factors", "{}").statusCode()).as("read scope cannot write").isEqualTo(403);
        assertThat(globex.get(base + "/factors").statusCode()).isEqualTo(404);
        assertThat(globex.get(base + "/coverage?factors=object,lighting").statusCode()).isEqualTo(404);
        HttpResponse<String> taken = globex.post(base + "/factors", """
                {"key": "object9", "name": "Object", "kind": "CATEGORICAL", "categories": ["cube"],
                 "source": "MANUAL"}""");
        assertThat(taken.statusCode()).isEqualTo(404);
        assertThat(taken.body()).doesNotContain(dataset.name());
    }

    private HttpResponse<String> csv(String path, String token, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String token(String email, ApiTokenScope... scopes) {
        signIn.as(email);
        try {
            return tokens.create("curation " + UUID.randomUUID(), 7, EnumSet.copyOf(List.of(scopes))).secret();
        } finally {
            signIn.out();
        }
    }
}
