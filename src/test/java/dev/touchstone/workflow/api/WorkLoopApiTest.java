package dev.touchstone.workflow.api;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.apitoken.ApiTokenScope;
import dev.touchstone.apitoken.ApiTokenService;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.OrganizationProvisioning;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.touchstone.workflow.api.WorkApiFixtures.EPISODE_SECONDS;
import static dev.touchstone.workflow.api.WorkApiFixtures.SECOND;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole loop over real HTTP with bearer tokens, no browser and no session (issue 21's "done when"): a project
 * manager creates a project; two annotators claim, save drafts, heartbeat and submit until nothing is left; a QA
 * lead accepts one task and returns the other (a second decision is 409); the task states, the labels per task and
 * the quality numbers read back over the API say what happened, and the returned work comes back first in the
 * annotator's queue with the comment.
 */
@TouchstoneSpringTest
class WorkLoopApiTest {

    @Autowired SignIn signIn;
    @Autowired ApiTokenService tokens;
    @Autowired DatasetService datasets;
    @Autowired EpisodeStore store;
    @Autowired CurrentOrganization current;
    @Autowired LabelSchemaService schemas;
    @Autowired OrganizationProvisioning provisioning;
    @Autowired JsonMapper json;
    @LocalServerPort int port;

    @Test
    void twoAnnotatorsClaimDraftAndSubmitAndAQaLeadAcceptsOneTaskAndReturnsTheOther() throws Exception {
        TokenCalls api = new TokenCalls(port, json, signIn, tokens);
        WorkApiFixtures fixtures = new WorkApiFixtures(signIn, datasets, store, current, schemas, provisioning);
        WorkApiFixtures.Data data = fixtures.datasetAndSchema(2);
        String ann = fixtures.annotator("loop-ann@acme.test", "Ann Loop");
        String bob = fixtures.annotator("loop-bob@acme.test", "Bob Loop");
        String pm = api.token("pm@acme.test", EnumSet.of(ApiTokenScope.DATA_WRITE, ApiTokenScope.READ));
        String qa = api.token("qa@acme.test", EnumSet.of(ApiTokenScope.READ, ApiTokenScope.LABELS_WRITE));
        Map<String, String> annotatorTokens = Map.of(
                ann, api.token(ann, EnumSet.of(ApiTokenScope.LABELS_WRITE)),
                bob, api.token(bob, EnumSet.of(ApiTokenScope.LABELS_WRITE)));

        // The project manager creates the project: overlap 2, every complete task reviewed, restricted to the two.
        var created = api.post("/api/v1/projects", """
                {"name": "loop %s", "datasetId": "%s", "schemaId": "%s",
                 "annotatorIds": ["%s", "%s"],
                 "settings": {"overlap": 2, "goldRate": 0, "leaseSeconds": 600, "reviewPolicy": "all"}}"""
                .formatted(UUID.randomUUID(), data.datasetId(), data.schemaId(), fixtures.userId(ann),
                        fixtures.userId(bob)), pm);
        JsonNode project = api.expect(201, created);
        String projectId = project.path("id").asString();
        assertThat(created.headers().firstValue("Location").orElseThrow()).endsWith("/api/v1/projects/" + projectId);
        assertThat(project.path("tasks").asInt()).isEqualTo(2);
        assertThat(project.path("overlap").asInt()).isEqualTo(2);
        JsonNode settings = api.expect(200, api.get("/api/v1/projects/" + projectId + "/settings", pm));
        assertThat(settings.path("reviewPolicy").asString()).isEqualTo("all");
        assertThat(settings.path("leaseSeconds").asInt()).isEqualTo(600);

        // Each annotator works until the queue says 204: each labels both tasks (overlap 2).
        Map<String, String> classByAnnotator = Map.of(ann, "reach", bob, "reach");
        Map<String, List<String>> tasksByAnnotator = new HashMap<>();
        for (String annotator : List.of(ann, bob)) {
            String token = annotatorTokens.get(annotator);
            for (int round = 0; ; round++) {
                var claim = api.post("/api/v1/work/claims", "{\"projectId\": \"" + projectId + "\"}", token);
                if (claim.statusCode() == 204) {
                    assertThat(round).as("claims before nothing was left").isEqualTo(2);
                    break;
                }
                JsonNode work = api.expect(201, claim);
                assertThat(work.path("projectId").asString()).isEqualTo(projectId);
                assertThat(work.path("leaseExpiresAt").asString()).isNotEmpty();
                tasksByAnnotator.computeIfAbsent(annotator, k -> new ArrayList<>()).add(work.path("taskId").asString());
                String draft = work.path("draftId").asString();
                String assignment = work.path("assignmentId").asString();

                api.expect(200, api.post("/api/v1/assignments/" + assignment + "/heartbeat", "", token));
                JsonNode saved = api.expect(200, api.post("/api/v1/drafts/" + draft + "/saves", """
                        {"saveId": "%s", "clientId": "api-test", "ops": [{"op": "put", "baseRevision": 0,
                          "label": {"kind": "phase", "id": "%s", "definition": "phase", "classKey": "%s",
                                    "start": 0, "end": %d}}]}""".formatted(UUID.randomUUID(), UUID.randomUUID(),
                        classByAnnotator.get(annotator), EPISODE_SECONDS * SECOND), token));
                assertThat(saved.path("conflicts").size()).isZero();
                api.expect(201, api.post("/api/v1/drafts/" + draft + "/submissions",
                        "{\"idempotencyKey\": \"" + UUID.randomUUID() + "\"}", token));
            }
        }
        assertThat(tasksByAnnotator.get(ann)).doesNotHaveDuplicates().hasSize(2)
                .containsExactlyInAnyOrderElementsOf(tasksByAnnotator.get(bob));

        // Both tasks are complete and, under the "all" policy, wait for the QA lead.
        JsonNode waiting = api.expect(200, api.get("/api/v1/projects/" + projectId + "/reviews", qa));
        assertThat(waiting.path("items").size()).isEqualTo(2);
        assertThat(waiting.path("nextCursor").isNull()).isTrue();
        String acceptedTask = waiting.path("items").get(0).path("id").asString();
        String returnedTask = waiting.path("items").get(1).path("id").asString();
        JsonNode firstPage = api.expect(200, api.get("/api/v1/projects/" + projectId + "/reviews?limit=1", qa));
        assertThat(firstPage.path("items").size()).isEqualTo(1);
        assertThat(firstPage.path("items").get(0).path("id").asString()).isEqualTo(acceptedTask);
        JsonNode secondPage = api.expect(200, api.get("/api/v1/projects/" + projectId + "/reviews?limit=1&cursor="
                + firstPage.path("nextCursor").asString(), qa));
        assertThat(secondPage.path("items").size()).isEqualTo(1);
        assertThat(secondPage.path("items").get(0).path("id").asString()).isEqualTo(returnedTask);
        assertThat(secondPage.path("nextCursor").isNull()).isTrue();

        JsonNode accepted = api.expect(200, api.post("/api/v1/tasks/" + acceptedTask + "/review",
                "{\"decision\": \"accept\"}", qa));
        assertThat(accepted.path("state").asString()).isEqualTo("accepted");
        JsonNode twice = api.problem(409, api.post("/api/v1/tasks/" + acceptedTask + "/review",
                "{\"decision\": \"return\", \"comment\": \"too late\"}", qa));
        assertThat(twice.path("reviewState").asString()).isEqualTo("accepted");

        JsonNode returned = api.expect(200, api.post("/api/v1/tasks/" + returnedTask + "/review",
                "{\"decision\": \"return\", \"comment\": \"The reach ends earlier\"}", qa));
        assertThat(returned.path("state").asString()).isEqualTo("in_progress");
        api.problem(409, api.post("/api/v1/tasks/" + returnedTask + "/review",
                "{\"decision\": \"return\", \"comment\": \"The reach ends earlier\"}", qa));

        // The states read back.
        JsonNode acceptedList = api.expect(200, api.get("/api/v1/projects/" + projectId + "/tasks?state=accepted", pm));
        assertThat(acceptedList.path("items").size()).isEqualTo(1);
        assertThat(acceptedList.path("items").get(0).path("id").asString()).isEqualTo(acceptedTask);
        JsonNode inProgress = api.expect(200, api.get("/api/v1/projects/" + projectId + "/tasks?state=in_progress", pm));
        assertThat(inProgress.path("items").size()).isEqualTo(1);
        assertThat(inProgress.path("items").get(0).path("id").asString()).isEqualTo(returnedTask);
        assertThat(api.expect(200, api.get("/api/v1/projects/" + projectId + "/reviews", qa)).path("items").size())
                .isZero();
        JsonNode progress = api.expect(200, api.get("/api/v1/projects/" + projectId + "/progress", pm));
        assertThat(progress.path("tasksByState").path("accepted").asInt()).isEqualTo(1);
        assertThat(progress.path("tasksByState").path("in_progress").asInt()).isEqualTo(1);

        // The labels read back: both submissions by name, the consensus, the accepted labels.
        JsonNode labels = api.expect(200, api.get("/api/v1/tasks/" + acceptedTask + "/labels", qa));
        assertThat(labels.path("state").asString()).isEqualTo("accepted");
        JsonNode submissions = labels.path("submissions");
        assertThat(submissions.size()).isEqualTo(2);
        assertThat(List.of(submissions.get(0).path("annotator").path("name").asString(),
                submissions.get(1).path("annotator").path("name").asString())).containsExactly("Ann Loop", "Bob Loop");
        assertThat(submissions.get(0).path("annotator").path("id").asString())
                .isEqualTo(fixtures.userId(ann).toString());
        for (JsonNode submission : submissions) {
            assertThat(submission.path("submittedAt").asString()).isNotEmpty();
            assertThat(submission.path("labels").size()).isEqualTo(1);
            assertThat(submission.path("labels").get(0).path("classKey").asString()).isEqualTo("reach");
            assertThat(submission.path("labels").get(0).path("end").asLong()).isEqualTo(EPISODE_SECONDS * SECOND);
        }
        assertThat(labels.path("consensus").size()).isEqualTo(1);
        assertThat(labels.path("consensus").get(0).path("classKey").asString()).isEqualTo("reach");
        assertThat(labels.path("accepted").size()).isEqualTo(1);
        assertThat(labels.path("accepted").get(0).path("classKey").asString()).isEqualTo("reach");

        JsonNode returnedLabels = api.expect(200, api.get("/api/v1/tasks/" + returnedTask + "/labels", qa));
        assertThat(returnedLabels.path("accepted").isNull()).isTrue();
        assertThat(returnedLabels.path("submissions").size()).isEqualTo(2);
        for (JsonNode submission : returnedLabels.path("submissions")) {
            assertThat(submission.path("assignmentState").asString()).isEqualTo("returned");
            assertThat(submission.path("labels").size()).isEqualTo(1);
        }

        // Quality: both tasks merged; the phases agree exactly; nobody labelled contact, so its numbers are null.
        JsonNode quality = api.expect(200, api.get("/api/v1/projects/" + projectId + "/quality", qa));
        assertThat(quality.path("mergedTasks").asInt()).isEqualTo(2);
        JsonNode phase = quality.path("labelTypes").get(0);
        assertThat(phase.path("definition").asString()).isEqualTo("phase");
        assertThat(phase.path("tasks").asInt()).isEqualTo(2);
        JsonNode contact = quality.path("labelTypes").get(1);
        assertThat(contact.path("definition").asString()).isEqualTo("contact");
        assertThat(contact.path("type").asString()).isEqualTo("event");
        assertThat(contact.path("tasks").asInt()).isZero();
        assertThat(contact.path("meanTaskAgreement").isNull()).as(contact.toString()).isTrue();
        assertThat(quality.path("annotators").size()).isEqualTo(2);
        JsonNode annNumbers = quality.path("annotators").get(0);
        assertThat(annNumbers.path("annotator").path("name").asString()).isEqualTo("Ann Loop");
        assertThat(annNumbers.path("agreementWithConsensus").has("contact")).isTrue();
        assertThat(annNumbers.path("agreementWithConsensus").path("contact").isNull()).isTrue();
        assertThat(annNumbers.path("goldAccuracy").isNull()).isTrue();

        // The returned work comes back first, with the comment, in the same draft.
        JsonNode again = api.expect(201, api.post("/api/v1/work/claims", "{\"projectId\": \"" + projectId + "\"}",
                annotatorTokens.get(ann)));
        assertThat(again.path("taskId").asString()).isEqualTo(returnedTask);
        assertThat(again.path("returnComment").asString()).isEqualTo("The reach ends earlier");

        // Every endpoint of this lane is in the OpenAPI description, with the quality fields documented.
        String openapi = api.expect(200, api.get("/api/v1/openapi", null)).toString();
        assertThat(openapi).contains("/api/v1/projects/{projectId}/settings", "/api/v1/projects/{projectId}/progress",
                "/api/v1/projects/{projectId}/tasks", "/api/v1/projects/{projectId}/reviews",
                "/api/v1/projects/{projectId}/quality", "/api/v1/tasks/{taskId}/labels", "/api/v1/tasks/{taskId}/review",
                "/api/v1/work/claims", "null when no merged task labelled the definition");
    }
}
