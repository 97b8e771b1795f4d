package dev.touchstone.workflow;

import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.labeling.DraftOp;
import dev.touchstone.labeling.DraftSave;
import dev.touchstone.labeling.Draft;
import dev.touchstone.labeling.LabelType;
import dev.touchstone.webhook.WebhookEventType;
import dev.touchstone.webhook.WebhookService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.touchstone.workflow.WorkflowFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workflow's events reach webhooks (docs/webhooks.md, Events): a QA lead's return, an acceptance by consensus and an
 * automatic pause for gold accuracy each become a delivery with the documented data, stored after the change
 * committed. The deliveries' payloads are read from their rows (the receiver here is a closed port; sending is
 * WebhookDeliveryTest's subject).
 */
@TouchstoneSpringTest
class WorkflowWebhookEventsTest extends WorkflowTestBase {

    @Autowired WebhookService webhooks;
    @Autowired JsonMapper json;

    @Test
    void returnedAcceptedAndPausedBecomeDeliveries() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        signIn.as("admin@acme.test");
        UUID endpoint = webhooks.create("http://127.0.0.1:" + closed + "/wf", EnumSet.of(WebhookEventType.TASK_ACCEPTED,
                WebhookEventType.TASK_RETURNED, WebhookEventType.ANNOTATOR_PAUSED), "workflow events").endpoint().id();
        signIn.out();
        try {
            // Disagreement: to review, returned with a comment, reworked, then accepted by consensus.
            Project project = fixtures.project(1, 10, settings(2, 0, 600));
            List<String> annotators = fixtures.annotators(3);
            UUID taskId = fixtures.tasks(project.id()).getFirst().id();
            labelAndSubmit(annotators.get(0), project.id(), "success", true);
            UUID second = labelAndSubmit(annotators.get(1), project.id(), "fail", true);
            signIn.as("qa@acme.test");
            reviews.returnWork(taskId, List.of(second), "The object fell after release: that is a success");
            UUID qa = current.requireUser().userId();
            signIn.out();

            JsonNode returned = payload(endpoint, "task.returned", "taskId", taskId);
            assertThat(returned.path("organizationId").asString()).isNotBlank();
            JsonNode data = returned.path("data");
            assertThat(data.path("projectId").asString()).isEqualTo(project.id().toString());
            assertThat(data.path("projectName").asString()).isEqualTo(project.name());
            assertThat(data.path("assignmentIds").get(0).asString()).isEqualTo(second.toString());
            assertThat(data.path("annotatorIds").get(0).asString())
                    .isEqualTo(fixtures.userId(annotators.get(1)).toString());
            assertThat(data.path("returnedBy").asString()).isEqualTo(qa.toString());
            assertThat(data.path("comment").asString()).isEqualTo("The object fell after release: that is a success");

            signIn.as(annotators.get(1));
            workflow.claimNext(null).orElseThrow();
            WorkItem item = work.open(second);
            var outcome = (dev.touchstone.labeling.Label.Value) item.draft().labels().stream()
                    .map(Draft.StoredLabel::label).filter(l -> l.definition().equals("grasp_outcome"))
                    .findFirst().orElseThrow();
            drafts.save(item.draft().id(), new DraftSave(UUID.randomUUID(), "test", List.of(new DraftOp.Put(
                    new dev.touchstone.labeling.Label.Value(outcome.id(), "grasp_outcome", null, List.of("success"),
                            null, null, null), item.draft().revision()))));
            drafts.submit(item.draft().id(), "resubmit-" + UUID.randomUUID());
            signIn.out();

            JsonNode accepted = payload(endpoint, "task.accepted", "taskId", taskId).path("data");
            assertThat(accepted.path("episodeId").asString())
                    .isEqualTo(fixtures.tasks(project.id()).getFirst().episodeId().toString());
            assertThat(accepted.path("byConsensus").asBoolean()).isTrue();
            assertThat(accepted.path("acceptedBy").isNull()).isTrue();
            assertThat(accepted.path("edited").asBoolean()).isFalse();

            // A wrong gold answer pauses the annotator.
            Project gold = fixtures.project(2, 10, settings(1, 1.0, 600));
            List<String> more = fixtures.annotators(4);
            UUID goldTask = fixtures.tasks(gold.id()).getFirst().id();
            signIn.as("pm@acme.test");
            workflow.updateProject(gold.id(), 1, 1.0, 600, 0, null,
                    new ProjectSettings(ReviewPolicy.DISAGREEMENT, 0, Map.of(), Map.of(LabelType.PHASE, 0.6), 0.7, 1,
                            750.0));
            signIn.out();
            UUID goldEpisode = fixtures.tasks(gold.id()).getFirst().episodeId();
            signIn.as("qa@acme.test");
            Draft mine = drafts.openDirect(goldEpisode, gold.schemaVersionId());
            drafts.save(mine.id(), new DraftSave(UUID.randomUUID(), "qa", labels("success", true).stream()
                    .<DraftOp>map(l -> new DraftOp.Put(l, 0)).toList()));
            reviews.setGoldAnswer(goldTask);
            signIn.out();
            labelAndSubmit(more.get(3), gold.id(), "fail", false);

            JsonNode paused = payload(endpoint, "annotator.paused", "annotatorId", fixtures.userId(more.get(3)))
                    .path("data");
            assertThat(paused.path("projectId").asString()).isEqualTo(gold.id().toString());
            assertThat(paused.path("projectName").asString()).isEqualTo(gold.name());
            assertThat(paused.path("reason").asString()).startsWith("Gold accuracy").contains("below the project's 70%");
        } finally {
            signIn.as("admin@acme.test");
            webhooks.delete(endpoint);
            signIn.out();
        }
    }

    /** The payload of the endpoint's delivery of this type whose data names the id (stored after the commit). */
    private JsonNode payload(UUID endpoint, String type, String field, UUID id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            for (String payload : dsl.resultQuery("select payload from webhook_delivery where endpoint_id = ? "
                    + "and event_type = ?", endpoint, type).fetch(0, String.class)) {
                JsonNode body = json.readTree(payload);
                if (id.toString().equals(body.path("data").path(field).asString())) {
                    assertThat(body.path("type").asString()).isEqualTo(type);
                    return body;
                }
            }
            assertThat(System.nanoTime()).as("a %s delivery for %s %s", type, field, id).isLessThan(deadline);
            Thread.sleep(25);
        }
    }
}
