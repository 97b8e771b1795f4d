package dev.touchstone.workflow.api;

import dev.touchstone.ApiClient;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.apitoken.ApiTokenScope;
import dev.touchstone.apitoken.ApiTokenService;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.organization.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint of the workflow and quality API over real HTTP for authentication (401), token scope (403), role
 * (403), another organization's ids (404), bad input (400 for query and path, 422 for a well-formed body the
 * services refuse, 409 for a state that forbids the change) and cursor paging; settings are checked as the settings
 * form checks them and a refused create leaves no project behind.
 */
@TouchstoneSpringTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkflowApiRulesTest {

    @Autowired SignIn signIn;
    @Autowired ApiTokenService tokens;
    @Autowired DatasetService datasets;
    @Autowired EpisodeStore store;
    @Autowired CurrentOrganization current;
    @Autowired LabelSchemaService schemas;
    @Autowired OrganizationProvisioning provisioning;
    @Autowired JsonMapper json;
    @Autowired dev.touchstone.workflow.WorkflowService workflow;
    @LocalServerPort int port;

    TokenCalls api;
    WorkApiFixtures.Data data;
    String projectId;
    String taskId;
    String pm;
    String annotator;
    String qa;

    /** method, path (with the test's ids), a valid body, the token that may call it. */
    record Endpoint(String method, String path, String body) {
    }

    @BeforeAll
    void projectAndTokens() throws Exception {
        api = new TokenCalls(port, json, signIn, tokens);
        WorkApiFixtures fixtures = new WorkApiFixtures(signIn, datasets, store, current, schemas, provisioning);
        data = fixtures.datasetAndSchema(3);
        pm = api.token("pm@acme.test", EnumSet.of(ApiTokenScope.READ, ApiTokenScope.DATA_WRITE));
        annotator = api.token("annotator@acme.test", EnumSet.of(ApiTokenScope.READ, ApiTokenScope.LABELS_WRITE));
        qa = api.token("qa@acme.test", EnumSet.of(ApiTokenScope.READ, ApiTokenScope.LABELS_WRITE));
        JsonNode project = api.expect(201, api.post("/api/v1/projects", newProject("rules " + UUID.randomUUID(),
                "{\"overlap\": 2, \"goldRate\": 0}"), pm));
        projectId = project.path("id").asString();
        taskId = api.expect(200, api.get("/api/v1/projects/" + projectId + "/tasks", pm)).path("items").get(0)
                .path("id").asString();
    }

    private String newProject(String name, String settings) {
        return """
                {"name": "%s", "datasetId": "%s", "schemaId": "%s", "settings": %s}"""
                .formatted(name, data.datasetId(), data.schemaId(), settings);
    }

    private List<Endpoint> endpoints() {
        String p = "/api/v1/projects/" + projectId;
        String t = "/api/v1/tasks/" + taskId;
        return List.of(
                new Endpoint("GET", "/api/v1/projects", null),
                new Endpoint("POST", "/api/v1/projects", newProject("never " + UUID.randomUUID(), "{}")),
                new Endpoint("GET", p, null),
                new Endpoint("GET", p + "/settings", null),
                new Endpoint("PATCH", p + "/settings", "{\"priority\": 1}"),
                new Endpoint("GET", p + "/progress", null),
                new Endpoint("GET", p + "/tasks", null),
                new Endpoint("GET", p + "/reviews", null),
                new Endpoint("GET", p + "/quality", null),
                new Endpoint("GET", t, null),
                new Endpoint("GET", t + "/labels", null),
                new Endpoint("POST", t + "/review", "{\"decision\": \"accept\"}"),
                new Endpoint("POST", "/api/v1/work/claims", "{\"projectId\": \"" + projectId + "\"}"));
    }

    @Test
    void anInvalidTokenIs401AndNoCredentialsOnAReadIs401() throws Exception {
        for (Endpoint e : endpoints()) {
            api.problem(401, api.send(e.method(), e.path(), e.body(), "ts_" + "x".repeat(43)));
        }
        api.problem(401, api.get("/api/v1/projects", null));
        api.problem(401, api.get("/api/v1/projects/" + projectId + "/quality", null));
    }

    @Test
    void aTokenWithoutTheScopeIs403BeforeAnythingHappens() throws Exception {
        String releasesOnly = api.token("pm@acme.test", EnumSet.of(ApiTokenScope.RELEASES_READ));
        for (Endpoint e : endpoints()) {
            JsonNode problem = api.problem(403, api.send(e.method(), e.path(), e.body(), releasesOnly));
            assertThat(problem.path("error").asString()).as(e.toString()).containsAnyOf("read", "data:write",
                    "labels:write");
        }
        // read is not enough to change anything; labels:write does not reach projects, data:write not the loop
        String reader = api.token("pm@acme.test", EnumSet.of(ApiTokenScope.READ));
        api.problem(403, api.post("/api/v1/projects", newProject("never", "{}"), reader));
        api.problem(403, api.send("PATCH", "/api/v1/projects/" + projectId + "/settings", "{\"priority\": 1}", reader));
        api.problem(403, api.get("/api/v1/projects", api.token("annotator@acme.test",
                EnumSet.of(ApiTokenScope.LABELS_WRITE))));
        api.problem(403, api.post("/api/v1/work/claims", "{}", pm));
    }

    @Test
    void aRoleThatMayNotIs403() throws Exception {
        // an annotator reads no projects, tasks, labels or quality, and decides no reviews
        for (Endpoint e : endpoints()) {
            boolean annotatorMay = e.path().equals("/api/v1/work/claims");
            boolean outOfScope = e.method().equals("POST") && e.path().equals("/api/v1/projects")
                    || e.method().equals("PATCH");
            if (!annotatorMay && !outOfScope) {
                api.problem(403, api.send(e.method(), e.path(), e.body(), annotator));
            }
        }
        // a project manager claims no work and decides no reviews; a QA lead creates and changes no projects
        String pmLabels = api.token("pm@acme.test", EnumSet.of(ApiTokenScope.LABELS_WRITE));
        api.problem(403, api.post("/api/v1/work/claims", "{\"projectId\": \"" + projectId + "\"}", pmLabels));
        api.problem(403, api.post("/api/v1/tasks/" + taskId + "/review", "{\"decision\": \"accept\"}", pmLabels));
        ApiClient lead = ApiClient.signedIn(port, json, "qa@acme.test");
        lead.csrfFromApi();
        String name = "qa made " + UUID.randomUUID();
        assertThat(lead.post("/api/v1/projects", newProject(name, "{}")).statusCode()).isEqualTo(403);
        HttpResponse<String> patch = lead.http.send(HttpRequest.newBuilder(lead.uri("/api/v1/projects/" + projectId
                        + "/settings")).header("Content-Type", "application/json").header(lead.csrfHeader, lead.csrfToken)
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"priority\": 7}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(patch.statusCode()).as(patch.body()).isEqualTo(403);
        assertThat(api.expect(200, api.get("/api/v1/projects/" + projectId + "/settings", pm)).path("priority").asInt())
                .isNotEqualTo(7);
        assertThat(projectNames()).doesNotContain(name);
    }

    @Test
    void anotherOrganizationsIdsAre404() throws Exception {
        String globex = api.token("admin@globex.test", EnumSet.of(ApiTokenScope.ADMIN));
        for (Endpoint e : endpoints()) {
            if (e.path().equals("/api/v1/projects") || e.path().equals("/api/v1/work/claims")) {
                continue;
            }
            JsonNode problem = api.problem(404, api.send(e.method(), e.path(), e.body(), globex));
            assertThat(problem.toString()).doesNotContain(projectId).doesNotContain(taskId);
        }
        // their list does not show it, and their annotator cannot claim from it
        assertThat(api.expect(200, api.get("/api/v1/projects?limit=500", globex)).toString()).doesNotContain(projectId);
        String email = "rules-globex-annotator@globex.test";
        if (provisioning.accountOrganizations(email).isEmpty()) {
            provisioning.addMember(provisioning.organization("globex").orElseThrow(), email, "Globex Annotator",
                    "correct horse battery 1", Set.of(Role.ANNOTATOR));
        }
        String globexAnnotator = api.token(email, EnumSet.of(ApiTokenScope.LABELS_WRITE));
        api.problem(404, api.post("/api/v1/work/claims", "{\"projectId\": \"" + projectId + "\"}", globexAnnotator));
    }

    @Test
    void badQueriesAre400AndRefusedBodiesAre422AndNothingIsHalfMade() throws Exception {
        String p = "/api/v1/projects/" + projectId;
        api.problem(400, api.get("/api/v1/projects?limit=0", pm));
        api.problem(400, api.get("/api/v1/projects?limit=501", pm));
        api.problem(400, api.get("/api/v1/projects?cursor=not-ours", pm));
        api.problem(400, api.get(p + "/tasks?state=done", pm));
        api.problem(400, api.get(p + "/tasks?cursor=" + dev.touchstone.common.CursorPage.encode("x|y"), pm));
        api.problem(400, api.get("/api/v1/projects/nope", pm));
        api.problem(400, api.get("/api/v1/tasks/nope/labels", qa));
        api.problem(400, api.post("/api/v1/projects", "{\"name\": ", pm));
        api.problem(400, api.post("/api/v1/work/claims", "{\"projectId\": \"not-a-uuid\"}", annotator));

        api.problem(422, api.post("/api/v1/projects", "{}", pm));
        api.problem(422, api.post("/api/v1/projects", "{\"name\": \"x\", \"datasetId\": \"" + data.datasetId() + "\"}",
                pm));
        api.problem(404, api.post("/api/v1/projects", "{\"name\": \"x\", \"datasetId\": \"" + data.datasetId()
                + "\", \"schemaId\": \"" + UUID.randomUUID() + "\"}", pm));
        List<String> refusedNames = new ArrayList<>();
        for (String settings : List.of("{\"overlap\": 0}", "{\"goldRate\": 1.5}", "{\"leaseSeconds\": 0}",
                "{\"reviewSample\": 2}", "{\"reviewPolicy\": \"sometimes\"}", "{\"overlap\": \"two\"}",
                "{\"agreementThresholds\": {\"mood\": 0.5}}", "{\"consensusRules\": {\"phase\": \"vote\"}}",
                "{\"minGoldScored\": 0}", "{\"proposalGate\": {\"phaseF1At50\": 2, \"eventF1\": 0.9, "
                        + "\"valueAccuracy\": 0.9, \"minGoldEpisodes\": 5}}", "{\"nope\": 1}", "[1]")) {
            String name = "refused " + UUID.randomUUID();
            refusedNames.add(name);
            JsonNode problem = api.problem(422, api.post("/api/v1/projects", newProject(name, settings), pm));
            assertThat(problem.path("error").asString()).as(settings).isNotBlank();
        }
        // the duplicate name is refused too
        String taken = api.expect(200, api.get(p, pm)).path("name").asString();
        api.problem(422, api.post("/api/v1/projects", newProject(taken, "{}"), pm));
        assertThat(projectNames()).doesNotContainAnyElementsOf(refusedNames);

        // settings: a merge patch, checked like the form; refused patches change nothing
        JsonNode before = api.expect(200, api.get(p + "/settings", pm));
        for (String patch : List.of("{\"overlap\": 1}", "{\"overlap\": 51}", "{\"nope\": true}",
                "{\"reviewSample\": -0.1}", "{\"agreementThresholds\": {\"phase\": -2}}",
                "{\"maxBoundaryErrorMs\": -1}", "{\"leaseSeconds\": \"long\"}", "\"x\"")) {
            api.problem(422, api.send("PATCH", p + "/settings", patch, pm));
        }
        assertThat(api.expect(200, api.get(p + "/settings", pm))).isEqualTo(before);
        JsonNode after = api.expect(200, api.send("PATCH", p + "/settings", """
                {"overlap": 3, "reviewPolicy": "sample", "reviewSample": 0.25,
                 "agreementThresholds": {"event": 0.6}, "maxBoundaryErrorMs": 250}""", pm));
        assertThat(after.path("overlap").asInt()).isEqualTo(3);
        assertThat(after.path("reviewPolicy").asString()).isEqualTo("sample");
        assertThat(after.path("reviewSample").asDouble()).isEqualTo(0.25);
        assertThat(after.path("agreementThresholds").path("event").asDouble()).isEqualTo(0.6);
        assertThat(after.path("agreementThresholds").path("phase").asDouble())
                .isEqualTo(before.path("agreementThresholds").path("phase").asDouble());
        assertThat(after.path("leaseSeconds").asInt()).isEqualTo(before.path("leaseSeconds").asInt());
        assertThat(after.path("maxBoundaryErrorMs").asDouble()).isEqualTo(250);
        JsonNode cleared = api.expect(200, api.send("PATCH", p + "/settings", "{\"maxBoundaryErrorMs\": null}", pm));
        assertThat(cleared.path("maxBoundaryErrorMs").isNull()).isTrue();
        assertThat(api.expect(200, api.get(p, pm)).path("overlap").asInt()).isEqualTo(3);

        // review: an unknown decision or a return without a comment is 422; a task still labeling is 409
        api.problem(422, api.post("/api/v1/tasks/" + taskId + "/review", "{\"decision\": \"maybe\"}", qa));
        api.problem(422, api.post("/api/v1/tasks/" + taskId + "/review", "{\"decision\": \"return\"}", qa));
        JsonNode labeling = api.problem(409, api.post("/api/v1/tasks/" + taskId + "/review",
                "{\"decision\": \"accept\"}", qa));
        assertThat(labeling.path("reviewState").asString()).isEqualTo("labeling");
    }

    @Test
    void listsArePagedByCursor() throws Exception {
        List<String> tasks = new ArrayList<>();
        JsonNode first = api.expect(200, api.get("/api/v1/projects/" + projectId + "/tasks?limit=2", pm));
        assertThat(first.path("items").size()).isEqualTo(2);
        first.path("items").forEach(t -> tasks.add(t.path("id").asString()));
        String cursor = first.path("nextCursor").asString();
        assertThat(cursor).isNotBlank();
        JsonNode second = api.expect(200, api.get("/api/v1/projects/" + projectId + "/tasks?limit=2&cursor=" + cursor,
                pm));
        assertThat(second.path("items").size()).isEqualTo(1);
        assertThat(second.path("nextCursor").isNull()).isTrue();
        second.path("items").forEach(t -> tasks.add(t.path("id").asString()));
        assertThat(tasks).doesNotHaveDuplicates().hasSize(3);
        JsonNode unstarted = api.expect(200, api.get("/api/v1/projects/" + projectId + "/tasks?state=unstarted&limit=500",
                pm));
        assertThat(unstarted.path("items").size()).isGreaterThanOrEqualTo(2);

        List<String> all = new ArrayList<>();
        String next = null;
        do {
            JsonNode page = api.expect(200, api.get("/api/v1/projects?limit=1" + (next == null ? "" : "&cursor=" + next),
                    pm));
            assertThat(page.path("items").size()).isLessThanOrEqualTo(1);
            page.path("items").forEach(p -> all.add(p.path("id").asString()));
            next = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
        } while (next != null);
        assertThat(all).doesNotHaveDuplicates().contains(projectId)
                .hasSize(api.expect(200, api.get("/api/v1/projects?limit=500", pm)).path("items").size());
    }

    @Test
    void aClaimHonoursPausesAsStartLabelingDoes() throws Exception {
        // a fresh annotator, so that no other test's claim on this project is theirs
        WorkApiFixtures fixtures = new WorkApiFixtures(signIn, datasets, store, current, schemas, provisioning);
        String email = fixtures.annotator("rules-paused@acme.test", "Paula Paused");
        String token = api.token(email, EnumSet.of(ApiTokenScope.LABELS_WRITE));
        UUID project = UUID.fromString(projectId);
        signIn.as("pm@acme.test");
        try {
            workflow.pauseAnnotator(project, fixtures.userId(email), "gold accuracy too low");
        } finally {
            signIn.out();
        }
        String claim = "{\"projectId\": \"" + projectId + "\"}";
        assertThat(api.post("/api/v1/work/claims", claim, token).statusCode()).isEqualTo(204);
        signIn.as("pm@acme.test");
        try {
            workflow.reinstateAnnotator(project, fixtures.userId(email));
        } finally {
            signIn.out();
        }
        JsonNode work = api.expect(201, api.post("/api/v1/work/claims", claim, token));
        assertThat(work.path("projectId").asString()).isEqualTo(projectId);
        assertThat(work.path("draftId").asString()).isNotBlank();
        // claiming again hands back the same live assignment, not a second task
        JsonNode again = api.expect(201, api.post("/api/v1/work/claims", claim, token));
        assertThat(again.path("assignmentId").asString()).isEqualTo(work.path("assignmentId").asString());
        assertThat(again.path("draftId").asString()).isEqualTo(work.path("draftId").asString());
    }

    private List<String> projectNames() throws Exception {
        List<String> names = new ArrayList<>();
        api.expect(200, api.get("/api/v1/projects?limit=500", pm)).path("items")
                .forEach(p -> names.add(p.path("name").asString()));
        return names;
    }
}
