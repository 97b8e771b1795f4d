package dev.touchstone.webhook;

import dev.touchstone.ApiClient;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.ingest.ImportJob;
import dev.touchstone.ingest.ImportService;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.release.Release;
import dev.touchstone.release.ReleaseService;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkflowFixtures;
import dev.touchstone.workflow.WorkflowService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhooks end to end over real HTTP (docs/webhooks.md): the API registers endpoints for admins only, deliveries go
 * to a real receiving server on 127.0.0.1 with a signature the receiver verifies, a 500 is retried after the backoff
 * and then succeeds, a dead receiver is given up after {@code touchstone.webhook.max-attempts} (3 in the tests)
 * with the delivery failed, and a replay sends the same payload again. Time moves by the test clock, not by sleeping:
 * a retry is due when the clock says so.
 */
@TouchstoneSpringTest
class WebhookDeliveryTest extends WebhookHttpTest {

    static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

    @Autowired ReleaseService releases;
    @Autowired ImportService imports;
    @Autowired WorkflowService workflow;
    @Autowired DatasetService datasets;
    @Autowired EpisodeStore store;
    @Autowired LabelSchemaService schemas;
    @Autowired CurrentOrganization current;
    @Autowired OrganizationProvisioning provisioning;

    @Test
    void aDeliveryIsSignedAndA500IsRetriedAfterTheBackoffUntilItSucceeds() throws Exception {
        clock.set(T0);
        JsonNode created = register(receiver.url("/hooks"), "[\"release.ready\"]");
        String secret = created.path("secret").asString();
        UUID webhookId = UUID.fromString(created.path("endpoint").path("id").asString());
        assertThat(secret).startsWith("whsec_");
        assertThat(created.path("endpoint").path("secretPrefix").asString()).isEqualTo(secret.substring(0, 12));

        receiver.answer(500);
        WebhookDelivery ping = asAdmin(() -> webhooks.ping(webhookId));

        Receiver.Request first = receiver.next(WAIT);
        assertThat(first).as("the first attempt is sent at once").isNotNull();
        WebhookDelivery failedOnce = waitFor(ping.id(), d -> d.attempts() == 1);
        assertThat(failedOnce.state()).isEqualTo(WebhookDelivery.State.PENDING);
        assertThat(failedOnce.lastStatus()).isEqualTo(500);
        assertThat(failedOnce.responseSnippet()).isEqualTo("receiver broke");
        assertThat(failedOnce.nextAttemptAt()).as("initial backoff 30 s").isEqualTo(T0.plusSeconds(30));

        // The receiver's check, as docs/webhooks.md tells a receiver to do it.
        assertThat(first.header(WebhookSignature.TIMESTAMP)).isEqualTo(Long.toString(T0.getEpochSecond()));
        assertThat(WebhookSignature.verify(secret, first.header(WebhookSignature.TIMESTAMP),
                first.header(WebhookSignature.SIGNATURE), first.body(), T0.getEpochSecond(), 300)).isTrue();
        assertThat(WebhookSignature.verify("whsec_someone-else-entirely-0000000000000000",
                first.header(WebhookSignature.TIMESTAMP), first.header(WebhookSignature.SIGNATURE), first.body(),
                T0.getEpochSecond(), 300)).isFalse();
        assertThat(first.header(WebhookSignature.EVENT)).isEqualTo("ping");
        assertThat(first.header(WebhookSignature.DELIVERY)).isEqualTo(ping.id().toString());
        JsonNode body = json.readTree(first.body());
        assertThat(body.path("type").asString()).isEqualTo("ping");
        assertThat(body.path("id").asString()).isEqualTo(ping.eventId().toString());
        assertThat(body.path("occurredAt").asString()).isEqualTo(T0.toString());
        assertThat(body.path("organizationId").asString()).isNotBlank();
        assertThat(body.path("data").path("webhookId").asString()).isEqualTo(webhookId.toString());

        // Not due yet: nothing is sent before the backoff has passed.
        clock.set(T0.plusSeconds(29));
        dispatcher.deliverDue();
        assertThat(receiver.waiting()).isZero();
        assertThat(asAdmin(() -> webhooks.delivery(ping.id())).attempts()).isEqualTo(1);

        clock.set(T0.plusSeconds(31));
        dispatcher.deliverDue();
        Receiver.Request second = receiver.next(WAIT);
        assertThat(second).isNotNull();
        assertThat(second.body()).as("the same payload").isEqualTo(first.body());
        assertThat(WebhookSignature.verify(secret, second.header(WebhookSignature.TIMESTAMP),
                second.header(WebhookSignature.SIGNATURE), second.body(), T0.plusSeconds(31).getEpochSecond(), 300))
                .as("signed again with the new timestamp").isTrue();
        WebhookDelivery done = waitFor(ping.id(), d -> d.state() == WebhookDelivery.State.SUCCEEDED);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.lastStatus()).isEqualTo(200);
        assertThat(done.nextAttemptAt()).isNull();

        // Replay over the API: a new delivery of the same payload, sent at once.
        JsonNode replay = admin.postJson("/api/v1/webhooks/deliveries/" + ping.id() + "/replay", "", 202);
        UUID replayId = UUID.fromString(replay.path("id").asString());
        assertThat(replayId).isNotEqualTo(ping.id());
        assertThat(replay.path("replayOf").asString()).isEqualTo(ping.id().toString());
        Receiver.Request again = receiver.next(WAIT);
        assertThat(again).isNotNull();
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header(WebhookSignature.DELIVERY)).isEqualTo(replayId.toString());
        assertThat(waitFor(replayId, d -> d.state() == WebhookDelivery.State.SUCCEEDED).attempts()).isEqualTo(1);

        JsonNode page = admin.getJson("/api/v1/webhooks/" + webhookId + "/deliveries?limit=1", 200);
        assertThat(page.path("items")).hasSize(1);
        assertThat(page.path("items").get(0).path("id").asString()).as("newest first").isEqualTo(replayId.toString());
        JsonNode next = admin.getJson("/api/v1/webhooks/" + webhookId + "/deliveries?limit=1&cursor="
                + page.path("nextCursor").asString(), 200);
        assertThat(next.path("items").get(0).path("id").asString()).isEqualTo(ping.id().toString());
        assertThat(next.path("items").get(0).path("state").asString()).isEqualTo("succeeded");
        assertThat(next.path("nextCursor").isNull()).isTrue();
    }

    @Test
    void aDeadReceiverIsTriedWithDoublingWaitsAndGivenUpAfterTheLastAttempt() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        clock.set(T0);
        JsonNode created = register("http://127.0.0.1:" + deadPort + "/gone", "[\"import.failed\"]");
        UUID webhookId = UUID.fromString(created.path("endpoint").path("id").asString());
        WebhookDelivery ping = asAdmin(() -> webhooks.ping(webhookId));

        WebhookDelivery one = waitFor(ping.id(), d -> d.attempts() == 1);
        assertThat(one.lastStatus()).isNull();
        assertThat(one.lastError()).startsWith("Could not reach the endpoint");
        assertThat(one.nextAttemptAt()).isEqualTo(T0.plusSeconds(30));

        Instant t1 = T0.plusSeconds(30);
        clock.set(t1);
        dispatcher.deliverDue();
        WebhookDelivery two = waitFor(ping.id(), d -> d.attempts() == 2);
        assertThat(two.state()).isEqualTo(WebhookDelivery.State.PENDING);
        assertThat(two.nextAttemptAt()).as("the wait doubles: 60 s").isEqualTo(t1.plusSeconds(60));

        clock.set(t1.plusSeconds(60));
        dispatcher.deliverDue();
        WebhookDelivery three = waitFor(ping.id(), d -> d.attempts() == 3);
        assertThat(dispatcher.maxAttempts()).isEqualTo(3);
        assertThat(three.state()).as("given up after max-attempts").isEqualTo(WebhookDelivery.State.FAILED);
        assertThat(three.nextAttemptAt()).isNull();

        clock.set(t1.plusSeconds(3600));
        dispatcher.deliverDue();
        assertThat(asAdmin(() -> webhooks.delivery(ping.id())).attempts()).as("never tried again").isEqualTo(3);
    }

    @Test
    void onlyAdminsOfTheOrganizationSeeItsWebhooksAndBadInputIsRefused() throws Exception {
        JsonNode created = register(receiver.url("/x"), "[\"task.accepted\", \"task.returned\"]");
        String id = created.path("endpoint").path("id").asString();
        UUID pingId = asAdmin(() -> webhooks.ping(UUID.fromString(id))).id();

        ApiClient pm = ApiClient.signedIn(port, json, "pm@acme.test");
        pm.csrfFromApi();
        assertThat(pm.get("/api/v1/webhooks").statusCode()).isEqualTo(403);
        assertThat(pm.post("/api/v1/webhooks", newWebhook(receiver.url("/pm"), "[\"task.accepted\"]"))
                .statusCode()).isEqualTo(403);
        assertThat(pm.post("/api/v1/webhooks/deliveries/" + pingId + "/replay", "").statusCode()).isEqualTo(403);

        ApiClient globex = ApiClient.signedIn(port, json, "admin@globex.test");
        globex.csrfFromApi();
        assertThat(globex.get("/api/v1/webhooks/" + id).statusCode()).isEqualTo(404);
        assertThat(globex.get("/api/v1/webhooks/" + id + "/deliveries").statusCode()).isEqualTo(404);
        assertThat(globex.post("/api/v1/webhooks/deliveries/" + pingId + "/replay", "").statusCode()).isEqualTo(404);
        assertThat(delete(globex, id).statusCode()).isEqualTo(404);
        JsonNode theirs = globex.getJson("/api/v1/webhooks?limit=500", 200);
        assertThat(theirs.path("items").valueStream().map(n -> n.path("id").asString())).doesNotContain(id);

        assertThat(admin.postJson("/api/v1/webhooks", newWebhook("ftp://example.com/x", "[\"task.accepted\"]"), 422)
                .path("detail").asString()).contains("http or https");
        assertThat(admin.postJson("/api/v1/webhooks", newWebhook("http://10.1.2.3/x", "[\"task.accepted\"]"), 422)
                .path("detail").asString()).contains("a private address");
        assertThat(admin.postJson("/api/v1/webhooks", newWebhook(receiver.url("/x"), "[\"task.nope\"]"), 422)
                .path("detail").asString()).contains("Unknown event type 'task.nope'");
        assertThat(admin.postJson("/api/v1/webhooks", newWebhook(receiver.url("/x"), "[]"), 422)
                .path("detail").asString()).contains("at least one");
        assertThat(admin.get("/api/v1/webhooks?limit=0").statusCode()).isEqualTo(400);
        assertThat(admin.get("/api/v1/webhooks?cursor=nonsense").statusCode()).isEqualTo(400);

        JsonNode mine = admin.getJson("/api/v1/webhooks/" + id, 200);
        assertThat(mine.path("eventTypes").valueStream().map(JsonNode::asString))
                .containsExactly("task.accepted", "task.returned");
        assertThat(mine.has("secret")).as("the secret is shown once, at creation").isFalse();

        assertThat(delete(admin, id).statusCode()).isEqualTo(204);
        made.remove(UUID.fromString(id));
        assertThat(admin.get("/api/v1/webhooks/" + id).statusCode()).isEqualTo(404);
        assertThat(admin.get("/api/v1/webhooks/" + id + "/deliveries").statusCode()).isEqualTo(404);
    }

    @Test
    void aReadyReleaseAndAFinishedImportAreDeliveredAfterTheirWorkIsDone() throws Exception {
        JsonNode created = register(receiver.url("/events"), "[\"release.ready\", \"import.finished\"]");
        String secret = created.path("secret").asString();
        WorkflowFixtures fixtures = new WorkflowFixtures(signIn, datasets, store, current, schemas, provisioning,
                workflow);
        Project project = fixtures.project(1, 4, WorkflowFixtures.settings(1, 0, 600));

        signIn.as("pm@acme.test");
        Release release;
        ImportJob job;
        try {
            release = releases.create(project.id(), "1.0.0", "webhook test", false, Set.of());
            job = imports.generate(project.datasetId(), 1, 7, true);
        } finally {
            signIn.out();
        }

        JsonNode ready = event("release.ready", "releaseId", release.id().toString(), secret);
        assertThat(ready.path("data").path("projectId").asString()).isEqualTo(project.id().toString());
        assertThat(ready.path("data").path("projectName").asString()).isEqualTo(project.name());
        assertThat(ready.path("data").path("version").asString()).isEqualTo("1.0.0");
        signIn.as("pm@acme.test");
        try {
            assertThat(releases.release(release.id()).state().name()).as("announced once ready").isEqualTo("READY");
        } finally {
            signIn.out();
        }

        JsonNode finished = event("import.finished", "jobId", job.id().toString(), secret);
        assertThat(finished.path("data").path("datasetId").asString()).isEqualTo(project.datasetId().toString());
        assertThat(finished.path("data").path("state").asString()).isEqualTo("succeeded");
        assertThat(finished.path("data").path("episodesImported").asInt()).isEqualTo(1);
        assertThat(finished.path("data").path("error").isNull()).isTrue();
    }

    /** The next delivery of this type whose data names this id, its signature checked; others are skipped. */
    private JsonNode event(String type, String field, String id, String secret) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            Receiver.Request request = receiver.next(Duration.ofSeconds(1));
            if (request == null) {
                continue;
            }
            JsonNode body = json.readTree(request.body());
            if (type.equals(body.path("type").asString()) && id.equals(body.path("data").path(field).asString())) {
                assertThat(request.header(WebhookSignature.EVENT)).isEqualTo(type);
                assertThat(WebhookSignature.verify(secret, request.header(WebhookSignature.TIMESTAMP),
                        request.header(WebhookSignature.SIGNATURE), request.body(), Instant.now().getEpochSecond(),
                        300)).isTrue();
                return body;
            }
        }
        throw new AssertionError("no " + type + " delivery for " + field + " " + id);
    }

    // -------------------------------------------------------------------------------------------------------------

    private static HttpResponse<String> delete(ApiClient client, String id) throws Exception {
        return client.http.send(HttpRequest.newBuilder(client.uri("/api/v1/webhooks/" + id)).DELETE()
                .header(client.csrfHeader, client.csrfToken).build(), HttpResponse.BodyHandlers.ofString());
    }
}
