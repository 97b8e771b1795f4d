package dev.touchstone.dataset.api;

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

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The datasets and episodes API over real HTTP with API tokens and sessions: auth (401), scope (403), role (403),
 * another organization (404), bad input (400 and 422 problems), cursor paging across several pages with no
 * duplicates or gaps, an episode's streams and metadata, and the metadata merge.
 */
@TouchstoneSpringTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatasetApiTest {

    static final long SECOND = 1_000_000_000L;

    @Autowired SignIn signIn;
    @Autowired ApiTokenService tokens;
    @Autowired DatasetService datasets;
    @Autowired EpisodeStore store;
    @Autowired CurrentOrganization current;
    @Autowired JsonMapper json;
    @LocalServerPort int port;

    BearerClient writer;
    BearerClient reader;
    BearerClient releasesOnly;
    BearerClient qa;
    ApiClient annotator;
    BearerClient globex;
    Dataset dataset;
    List<UUID> episodes = new ArrayList<>();

    @BeforeAll
    void datasetWithSevenEpisodes() throws Exception {
        // Annotators have no API tokens (ApiTokenService): their session stands in.
        annotator = ApiClient.signedIn(port, json, "annotator@acme.test");
        writer = new BearerClient(port, token("pm@acme.test", ApiTokenScope.DATA_WRITE, ApiTokenScope.READ));
        reader = new BearerClient(port, token("pm@acme.test", ApiTokenScope.READ));
        releasesOnly = new BearerClient(port, token("pm@acme.test", ApiTokenScope.RELEASES_READ));
        qa = new BearerClient(port, token("qa@acme.test", ApiTokenScope.READ));
        globex = new BearerClient(port, token("admin@globex.test", ApiTokenScope.DATA_WRITE, ApiTokenScope.READ));
        signIn.as("pm@acme.test");
        try {
            dataset = datasets.create("api episodes " + UUID.randomUUID(), "seven episodes");
            for (int i = 0; i < 7; i++) {
                try (EpisodeRecorder recorder = store.record(current.id(), dataset.id(), null)) {
                    recorder.describe(EpisodeDescription.of((i % 2 == 0 ? "grasp " : "place ") + i, "x.mcap",
                            "test"));
                    EpisodeRecorder.SignalStreamWriter joints = recorder.signal("joints", StreamSource.of("x.mcap"),
                            List.of(new SignalChannel("j1", "rad")));
                    joints.append(0, 0.0);
                    joints.append(2 * SECOND, 0.0);
                    episodes.add(recorder.commit().id());
                }
            }
        } finally {
            signIn.out();
        }
    }

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void withoutCredentialsItIs401AndATokenOutsideItsScopeIs403() throws Exception {
        BearerClient anonymous = new BearerClient(port, null);
        assertThat(anonymous.get("/api/v1/datasets").statusCode()).isEqualTo(401);
        assertThat(anonymous.get("/api/v1/episodes/" + episodes.getFirst()).statusCode()).isEqualTo(401);
        assertThat(anonymous.get("/api/v1/datasets/" + dataset.id() + "/episodes").statusCode()).isEqualTo(401);

        assertProblem(releasesOnly.get("/api/v1/datasets"), 403);
        assertProblem(releasesOnly.get("/api/v1/episodes/" + episodes.getFirst()), 403);
        assertProblem(reader.post("/api/v1/datasets", "{\"name\": \"refused " + UUID.randomUUID() + "\"}"), 403);
        assertProblem(reader.patch("/api/v1/episodes/" + episodes.getFirst(), "{\"description\": \"x\"}"), 403);
    }

    @Test
    void rolesDecide() throws Exception {
        // QA leads read datasets and episodes; annotators have no datasets (their episodes come through tasks).
        assertThat(qa.get("/api/v1/datasets/" + dataset.id()).statusCode()).isEqualTo(200);
        assertThat(qa.get("/api/v1/episodes/" + episodes.getFirst()).statusCode()).isEqualTo(200);
        assertProblem(annotator.get("/api/v1/datasets"), 403);
        assertProblem(annotator.get("/api/v1/episodes/" + episodes.getFirst()), 404);
        // A QA lead's session may not change an episode (MANAGE only); tokens with data:write are for managers.
        ApiClient qaSession = ApiClient.signedIn(port, json, "qa@acme.test");
        qaSession.csrfFromApi();
        HttpResponse<String> patch = qaSession.http.send(HttpRequest.newBuilder(qaSession.uri("/api/v1/episodes/"
                        + episodes.getFirst())).header("Content-Type", "application/json")
                .header(qaSession.csrfHeader, qaSession.csrfToken)
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"description\": \"qa\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(patch, 403);
        assertProblem(qaSession.post("/api/v1/datasets", "{\"name\": \"qa " + UUID.randomUUID() + "\"}"), 403);
    }

    @Test
    void anotherOrganizationsDatasetsAndEpisodesAre404() throws Exception {
        assertThat(globex.get("/api/v1/datasets/" + dataset.id()).body()).doesNotContain(dataset.id().toString());
        assertProblem(globex.get("/api/v1/datasets/" + dataset.id()), 404);
        assertProblem(globex.get("/api/v1/datasets/" + dataset.id() + "/episodes"), 404);
        assertProblem(globex.get("/api/v1/episodes/" + episodes.getFirst()), 404);
        assertProblem(globex.patch("/api/v1/episodes/" + episodes.getFirst(), "{\"description\": \"taken\"}"), 404);
        List<String> globexIds = all(globex, "/api/v1/datasets", 500).stream().map(n -> n.path("id").asString())
                .toList();
        assertThat(globexIds).doesNotContain(dataset.id().toString());
        assertProblem(globex.get("/api/v1/datasets/" + UUID.randomUUID()), 404);
    }

    @Test
    void badInputIs400Or422() throws Exception {
        assertThat(detail(writer.post("/api/v1/datasets", "{\"name\": \"   \"}"), 422)).contains("name");
        assertThat(detail(writer.post("/api/v1/datasets", "{\"name\": \"" + dataset.name() + "\"}"), 422))
                .contains("already a dataset named");
        assertThat(detail(writer.post("/api/v1/datasets", "{\"name\": "), 400)).contains("not valid JSON");
        assertThat(detail(writer.get("/api/v1/datasets?limit=0"), 400)).contains("limit");
        assertThat(detail(writer.get("/api/v1/datasets?limit=501"), 400)).contains("limit");
        assertThat(detail(writer.get("/api/v1/datasets?cursor=bm90LW91cnM"), 400)).contains("cursor");
        assertThat(detail(writer.get("/api/v1/datasets/not-a-uuid"), 400)).contains("UUID");
        assertThat(detail(writer.get("/api/v1/datasets/" + dataset.id() + "/episodes?cursor=garbage!"), 400))
                .contains("cursor");

        HttpResponse<String> tooLong = writer.patch("/api/v1/episodes/" + episodes.get(6),
                "{\"description\": \"" + "x".repeat(10_001) + "\", \"metadata\": {\"\": \"blank key\"}}");
        assertProblem(tooLong, 422);
        assertThat(json.readTree(tooLong.body()).path("problems").size()).isEqualTo(2);
        assertThat(detail(writer.patch("/api/v1/episodes/" + episodes.get(6), "{\"metadata\": {\"a\": {\"b\": 1}}}"),
                400)).contains("metadata");
        JsonNode unchanged = json.readTree(writer.get("/api/v1/episodes/" + episodes.get(6)).body());
        assertThat(unchanged.path("description").asString()).as("nothing of a refused change applies").isEmpty();
    }

    @Test
    void aManagerMakesADatasetAndReadsItBack() throws Exception {
        String name = "made over the API " + UUID.randomUUID();
        HttpResponse<String> made = writer.post("/api/v1/datasets",
                "{\"name\": \"" + name + "\", \"description\": \"nightly runs\"}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        JsonNode body = json.readTree(made.body());
        assertThat(made.headers().firstValue("Location")).contains("/api/v1/datasets/" + body.path("id").asString());
        JsonNode read = json.readTree(reader.get(made.headers().firstValue("Location").orElseThrow()).body());
        assertThat(read.path("name").asString()).isEqualTo(name);
        assertThat(read.path("description").asString()).isEqualTo("nightly runs");
        assertThat(read.path("episodeCount").asLong()).isZero();
        assertThat(json.readTree(reader.get("/api/v1/datasets/" + dataset.id()).body()).path("episodeCount").asLong())
                .isEqualTo(7);
    }

    @Test
    void pagesOfEpisodesHaveNoDuplicatesOrGapsAndQFilters() throws Exception {
        String path = "/api/v1/datasets/" + dataset.id() + "/episodes";
        List<Integer> sizes = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = json.readTree(reader.get(path + "?limit=3" + (cursor == null ? ""
                    : "&cursor=" + cursor)).body());
            sizes.add(page.path("items").size());
            page.path("items").forEach(item -> ids.add(item.path("id").asString()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
        } while (cursor != null);
        assertThat(sizes).containsExactly(3, 3, 1);
        assertThat(ids).containsExactlyElementsOf(episodes.stream().map(UUID::toString).toList());

        List<JsonNode> grasps = all(reader, path + "?q=" + URLEncoder.encode("GRASP", StandardCharsets.UTF_8), 2);
        assertThat(grasps).extracting(n -> n.path("name").asString())
                .containsExactly("grasp 0", "grasp 2", "grasp 4", "grasp 6");
        assertThat(json.readTree(reader.get(path).body()).path("items").get(0).path("durationNanos").asLong())
                .isEqualTo(2 * SECOND);
    }

    @Test
    void pagesOfDatasetsHaveNoDuplicatesOrGaps() throws Exception {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(json.readTree(writer.post("/api/v1/datasets", "{\"name\": \"paged " + UUID.randomUUID()
                    + "\"}").body()).path("id").asString());
        }
        List<String> ids = all(reader, "/api/v1/datasets", 2).stream().map(n -> n.path("id").asString()).toList();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(ids).containsSubsequence(made);
        assertThat(ids).endsWith(made.getLast());
        assertThat(ids).hasSize(datasetCount());
    }

    @Test
    void anEpisodeHasItsStreamsAndMetadataWhichAPatchMerges() throws Exception {
        UUID episode = episodes.get(1);
        JsonNode detail = json.readTree(reader.get("/api/v1/episodes/" + episode).body());
        assertThat(detail.path("name").asString()).isEqualTo("place 1");
        assertThat(detail.path("datasetId").asString()).isEqualTo(dataset.id().toString());
        assertThat(detail.path("streams").size()).isEqualTo(1);
        assertThat(detail.path("streams").get(0).path("name").asString()).isEqualTo("joints");
        assertThat(detail.path("streams").get(0).path("kind").asString()).isEqualTo("SIGNAL");
        assertThat(detail.path("metadata").isObject()).isTrue();

        HttpResponse<String> first = writer.patch("/api/v1/episodes/" + episode,
                "{\"description\": \"put the apple in the box\", \"metadata\": {\"shift\": \"night\", \"retake\": \"yes\"}}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        HttpResponse<String> second = writer.patch("/api/v1/episodes/" + episode,
                "{\"metadata\": {\"retake\": null, \"rig\": \"B\"}}");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        JsonNode after = json.readTree(reader.get("/api/v1/episodes/" + episode).body());
        assertThat(after.path("description").asString()).as("kept when not given")
                .isEqualTo("put the apple in the box");
        assertThat(json.convertValue(after.path("metadata"), java.util.Map.class))
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("shift", "night", "rig", "B"));
        assertThat(json.readTree(second.body())).isEqualTo(after);
    }

    private int datasetCount() {
        signIn.as("pm@acme.test");
        try {
            return datasets.datasets().size();
        } finally {
            signIn.out();
        }
    }

    /** Every item of a list, following nextCursor with pages of the given size; fails on a repeated item. */
    private List<JsonNode> all(BearerClient client, String path, int limit) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        String cursor = null;
        String separator = path.contains("?") ? "&" : "?";
        do {
            HttpResponse<String> response = client.get(path + separator + "limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode page = json.readTree(response.body());
            assertThat(page.path("items").size()).isLessThanOrEqualTo(limit);
            for (JsonNode item : page.path("items")) {
                assertThat(seen.add(item.path("id").asString())).as("no duplicates across pages").isTrue();
                items.add(item);
            }
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
        } while (cursor != null);
        return items;
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
            return tokens.create("datasets " + UUID.randomUUID(), 7, EnumSet.copyOf(List.of(scopes))).secret();
        } finally {
            signIn.out();
        }
    }
}
