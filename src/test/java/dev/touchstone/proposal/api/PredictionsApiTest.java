package dev.touchstone.proposal.api;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.apitoken.ApiTokenScope;
import dev.touchstone.apitoken.ApiTokenService;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.labeling.ProposedLabel;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.proposal.ProposalService;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkflowFixtures;
import dev.touchstone.workflow.WorkflowService;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code POST /api/v1/projects/{projectId}/episodes/{episodeId}/predictions} over real HTTP against the embedded
 * PostgreSQL: a project manager's token with the predictions:write scope stores a set; no credentials, an invalid
 * token, a token without
 * the scope, another organization's token, an episode outside the project, malformed JSON and invalid labels are
 * refused with the right status and nothing is stored; the same source and version again replaces the set.
 */
@TouchstoneSpringTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PredictionsApiTest {

    static final long SECOND = 1_000_000_000L;

    @Autowired SignIn signIn;
    @Autowired ApiTokenService tokens;
    @Autowired ProposalService proposals;
    @Autowired WorkflowService workflow;
    @Autowired DatasetService datasets;
    @Autowired EpisodeStore store;
    @Autowired LabelSchemaService schemas;
    @Autowired CurrentOrganization current;
    @Autowired OrganizationProvisioning provisioning;
    @Autowired DSLContext dsl;
    @Autowired JsonMapper json;
    @LocalServerPort int port;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    Project project;
    UUID episode;
    UUID otherEpisode;
    String writer;

    @BeforeAll
    void projectAndToken() {
        WorkflowFixtures fixtures = new WorkflowFixtures(signIn, datasets, store, current, schemas, provisioning,
                workflow);
        project = fixtures.project(1, 12, WorkflowFixtures.settings(1, 0, 600));
        episode = episodes(project.id()).getFirst();
        otherEpisode = episodes(fixtures.project(1, 12, WorkflowFixtures.settings(1, 0, 600)).id()).getFirst();
        writer = token("pm@acme.test", EnumSet.of(ApiTokenScope.PREDICTIONS_WRITE));
    }

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void aProjectManagersTokenStoresPredictionsAndTheSameSourceAndVersionReplacesThem() throws Exception {
        UUID reach = UUID.randomUUID();
        UUID contact = UUID.randomUUID();
        String body = """
                {"source": "vlm-segmenter", "version": "2026-11",
                 "labels": [
                   {"kind": "phase", "id": "%s", "definition": "phase", "track": "main", "classKey": "reach",
                    "start": 0, "end": 1500000000},
                   {"kind": "event", "id": "%s", "definition": "contact", "classKey": "contact-on",
                    "time": 1200000000}],
                 "confidence": {"%s": 0.9}}""".formatted(reach, contact, reach);
        HttpResponse<String> response = post(path(project.id(), episode), body, writer);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().allValues("Set-Cookie")).as("no session for a token request").isEmpty();
        JsonNode set = json.readTree(response.body());
        assertThat(set.path("source").asString()).isEqualTo("vlm-segmenter");
        assertThat(set.path("version").asString()).isEqualTo("2026-11");
        assertThat(set.path("labels").asInt()).isEqualTo(2);
        List<ProposedLabel> stored = proposed("vlm-segmenter");
        assertThat(stored).extracting(p -> p.label().id()).containsExactly(reach, contact);
        assertThat(stored).extracting(ProposedLabel::confidence).as("no confidence given: none stored, not 1.0")
                .containsExactly(0.9, null);

        UUID grasp = UUID.randomUUID();
        HttpResponse<String> again = post(path(project.id(), episode), """
                {"source": "vlm-segmenter", "version": "2026-11", "labels": [
                   {"kind": "phase", "id": "%s", "definition": "phase", "classKey": "grasp",
                    "start": 1500000000, "end": 3000000000}]}""".formatted(grasp), writer);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(json.readTree(again.body()).path("id").asString()).isEqualTo(set.path("id").asString());
        assertThat(proposed("vlm-segmenter")).extracting(p -> p.label().id()).containsExactly(grasp);
    }

    @Test
    void withoutATokenWithoutTheScopeOrFromAnotherOrganizationNothingIsStored() throws Exception {
        String body = validBody("refused-source");
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(uri(path(project.id(), episode)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        // Without any credentials an unsafe API request is refused before authentication, by CSRF (as every POST
        // under /api is); an invalid token is 401.
        assertThat(anonymous.statusCode()).isEqualTo(403);
        HttpResponse<String> invalidToken = post(path(project.id(), episode), body, "ts_" + "x".repeat(43));
        assertThat(invalidToken.statusCode()).isEqualTo(401);

        String reader = token("pm@acme.test", EnumSet.of(ApiTokenScope.RELEASES_READ));
        HttpResponse<String> outOfScope = post(path(project.id(), episode), body, reader);
        assertThat(outOfScope.statusCode()).isEqualTo(403);
        assertThat(json.readTree(outOfScope.body()).path("error").asString()).contains("predictions:write");

        String globex = token("admin@globex.test", EnumSet.of(ApiTokenScope.PREDICTIONS_WRITE));
        HttpResponse<String> foreign = post(path(project.id(), episode), body, globex);
        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(404);
        assertThat(foreign.body()).doesNotContain(project.id().toString());

        HttpResponse<String> notInProject = post(path(project.id(), otherEpisode), body, writer);
        assertThat(notInProject.statusCode()).as(notInProject.body()).isEqualTo(404);
        HttpResponse<String> badId = post("/api/v1/projects/nope/episodes/" + episode + "/predictions", body, writer);
        assertThat(badId.statusCode()).isEqualTo(400);

        // Customers and QA leads may not store predictions, so their tokens cannot have the scope.
        signIn.as("qa@acme.test");
        assertThatThrownBy(() -> tokens.create("qa predictions", 7, EnumSet.of(ApiTokenScope.PREDICTIONS_WRITE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("predictions:write");
        signIn.out();

        assertThat(proposed("refused-source")).isEmpty();
        assertThat(dsl.fetchCount(dsl.selectFrom("proposal_set").where("source = 'refused-source'"))).isZero();
    }

    @Test
    void malformedJsonIs400AndInvalidLabelsAre422WithTheReasonsAndNothingIsHalfStored() throws Exception {
        HttpResponse<String> malformed = post(path(project.id(), episode), "{\"source\": \"m\", \"labels\": [",
                writer);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        HttpResponse<String> unknownKind = post(path(project.id(), episode), """
                {"source": "m", "version": "1", "labels": [{"kind": "blob", "id": "%s"}]}"""
                .formatted(UUID.randomUUID()), writer);
        assertThat(unknownKind.statusCode()).isEqualTo(400);

        String invalid = """
                {"source": "half-stored", "version": "1", "labels": [
                   {"kind": "phase", "id": "%s", "definition": "phase", "classKey": "reach", "start": 0,
                    "end": 1000000000},
                   {"kind": "phase", "id": "%s", "definition": "phase", "classKey": "grasp", "start": 3000000000,
                    "end": 2000000000},
                   {"kind": "event", "id": "%s", "definition": "no_such_definition", "classKey": "x", "time": 0},
                   {"kind": "event", "id": "%s", "definition": "contact", "classKey": "no-such-class", "time": 0}],
                 "confidence": {"%s": 7}}""".formatted(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), UUID.randomUUID());
        HttpResponse<String> refused = post(path(project.id(), episode), invalid, writer);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        JsonNode problems = json.readTree(refused.body()).path("problems");
        assertThat(problems.size()).as(refused.body()).isGreaterThanOrEqualTo(4);
        assertThat(refused.body()).contains("no_such_definition", "no-such-class", "not among the labels");
        assertThat(proposed("half-stored")).isEmpty();
        assertThat(dsl.fetchCount(dsl.selectFrom("proposal_set").where("source = 'half-stored'"))).isZero();

        HttpResponse<String> reserved = post(path(project.id(), episode), validBody("signals.phase"), writer);
        assertThat(reserved.statusCode()).isEqualTo(422);
        assertThat(reserved.body()).contains("signals.");
    }

    @Test
    void aBodyLargerThan16MbIs413AndStoresNothing() throws Exception {
        String huge = """
                {"source": "too-large", "version": "1", "labels": [], "padding": "%s"}"""
                .formatted("x".repeat(17 * 1024 * 1024));
        HttpResponse<String> declared = post(path(project.id(), episode), huge, writer);
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(json.readTree(declared.body()).path("error").asString())
                .isEqualTo("The request body is larger than 16 MB; a set of predictions must fit in one body (about"
                        + " 100,000 labels do)");

        byte[] bytes = huge.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(uri(path(project.id(), episode)))
                .header("Authorization", "Bearer " + writer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).as("a body without a length, cut off while reading").isEqualTo(413);
        assertThat(json.readTree(chunked.body()).path("error").asString()).contains("larger than 16 MB");
        assertThat(dsl.fetchCount(dsl.selectFrom("proposal_set").where("source = 'too-large'"))).isZero();
    }

    @Test
    void theOpenApiDescriptionHasTheEndpoint() throws Exception {
        HttpResponse<String> api = http.send(HttpRequest.newBuilder(uri("/api/v1/openapi")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(200);
        JsonNode post = json.readTree(api.body()).path("paths")
                .path("/api/v1/projects/{projectId}/episodes/{episodeId}/predictions").path("post");
        assertThat(post.isMissingNode()).as(api.body()).isFalse();
        assertThat(post.path("responses").has("400")).isTrue();
        assertThat(post.path("responses").has("404")).isTrue();
        assertThat(api.body()).contains("predictions:write");
    }

    private String validBody(String source) {
        return """
                {"source": "%s", "version": "1", "labels": [
                   {"kind": "event", "id": "%s", "definition": "contact", "classKey": "contact-on",
                    "time": 1000000000}]}""".formatted(source, UUID.randomUUID());
    }

    private List<ProposedLabel> proposed(String source) {
        signIn.as("pm@acme.test");
        try {
            return proposals.proposalsFor(project.id(), episode).stream().filter(p -> p.source().equals(source))
                    .toList();
        } finally {
            signIn.out();
        }
    }

    private String token(String email, EnumSet<ApiTokenScope> scopes) {
        signIn.as(email);
        try {
            return tokens.create("predictions " + UUID.randomUUID(), 7, scopes).secret();
        } finally {
            signIn.out();
        }
    }

    private static String path(UUID projectId, UUID episodeId) {
        return "/api/v1/projects/" + projectId + "/episodes/" + episodeId + "/predictions";
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<UUID> episodes(UUID projectId) {
        return dsl.fetch("select distinct episode_id from task where project_id = ? order by 1", projectId)
                .getValues(0, UUID.class);
    }
}
