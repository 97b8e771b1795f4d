package dev.touchstone.webhook;

import dev.touchstone.ApiClient;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.organization.CurrentOrganization;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Managing an endpoint over the API, against the real receiving server of {@link WebhookDeliveryTest}
 * (docs/webhooks.md): a paused endpoint's events are held and sent when it is resumed; an edit moves deliveries to
 * the new URL and changes which events are stored, with the new URL checked like a new one; a rotated secret signs
 * next to the old one for the grace period, then alone; and the retention sweep deletes finished deliveries older
 * than 30 days, never pending ones.
 */
@TouchstoneSpringTest
class WebhookManagementTest extends WebhookHttpTest {

    static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

    @Autowired WebhookEvents events;
    @Autowired WebhookRetention retention;
    @Autowired CurrentOrganization current;

    @Test
    void aPausedEndpointsDeliveriesAreHeldAndSentWhenItIsResumed() throws Exception {
        clock.set(T0);
        UUID id = id(register(receiver.url("/held"), "[\"task.accepted\"]"));

        JsonNode paused = admin.postJson("/api/v1/webhooks/" + id + "/pause", "", 200);
        assertThat(paused.path("active").asBoolean()).isFalse();
        UUID ping = UUID.fromString(admin.postJson("/api/v1/webhooks/" + id + "/pings", "", 202).path("id").asString());
        events.publish(WebhookEventType.TASK_ACCEPTED, organization(), Map.of("taskId", "t-1"));

        assertThat(dispatcher.deliverDue()).as("nothing of a paused endpoint is claimed").isZero();
        assertThat(receiver.next(Duration.ofSeconds(1))).as("nothing sent while paused").isNull();
        List<WebhookDelivery> held = deliveries(id);
        assertThat(held).as("the event is stored, not dropped").hasSize(2)
                .allSatisfy(d -> {
                    assertThat(d.state()).isEqualTo(WebhookDelivery.State.PENDING);
                    assertThat(d.attempts()).isZero();
                });

        clock.set(T0.plusSeconds(600));
        JsonNode resumed = admin.postJson("/api/v1/webhooks/" + id + "/resume", "", 200);
        assertThat(resumed.path("active").asBoolean()).isTrue();
        List<String> types = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Receiver.Request request = receiver.next(WAIT);
            assertThat(request).as("held delivery %s sent on resume", i).isNotNull();
            assertThat(request.path()).isEqualTo("/held");
            types.add(request.header(WebhookSignature.EVENT));
        }
        assertThat(types).containsExactlyInAnyOrder("ping", "task.accepted");
        waitFor(ping, d -> d.state() == WebhookDelivery.State.SUCCEEDED);
    }

    @Test
    void anEditMovesDeliveriesToTheNewUrlAndChangesWhatIsStored() throws Exception {
        UUID id = id(register(receiver.url("/old"), "[\"release.ready\"]"));

        JsonNode edited = patch(admin, "/api/v1/webhooks/" + id, "{\"url\": \"" + receiver.url("/new")
                + "\", \"eventTypes\": [\"task.accepted\"]}", 200);
        assertThat(edited.path("url").asString()).isEqualTo(receiver.url("/new"));
        assertThat(edited.path("description").asString()).as("left out: unchanged").isEqualTo("test receiver");
        assertThat(edited.path("eventTypes").valueStream().map(JsonNode::asString)).containsExactly("task.accepted");

        assertThat(patch(admin, "/api/v1/webhooks/" + id, "{\"url\": \"http://10.1.2.3/x\"}", 422)
                .path("detail").asString()).contains("a private address");
        assertThat(patch(admin, "/api/v1/webhooks/" + id, "{\"eventTypes\": []}", 422)
                .path("detail").asString()).contains("at least one");
        assertThat(patch(admin, "/api/v1/webhooks/" + id, "{\"eventTypes\": [\"task.nope\"]}", 422)
                .path("detail").asString()).contains("Unknown event type");
        assertThat(admin.getJson("/api/v1/webhooks/" + id, 200).path("url").asString())
                .as("a refused edit changes nothing").isEqualTo(receiver.url("/new"));

        ApiClient globex = ApiClient.signedIn(port, json, "admin@globex.test");
        globex.csrfFromApi();
        assertThat(send(globex, "/api/v1/webhooks/" + id, "{\"description\": \"x\"}").statusCode()).isEqualTo(404);
        assertThat(globex.post("/api/v1/webhooks/" + id + "/pause", "").statusCode()).isEqualTo(404);
        assertThat(globex.post("/api/v1/webhooks/" + id + "/secret-rotations", "").statusCode()).isEqualTo(404);
        ApiClient pm = ApiClient.signedIn(port, json, "pm@acme.test");
        pm.csrfFromApi();
        assertThat(send(pm, "/api/v1/webhooks/" + id, "{\"description\": \"x\"}").statusCode()).isEqualTo(403);
        assertThat(pm.post("/api/v1/webhooks/" + id + "/secret-rotations", "").statusCode()).isEqualTo(403);

        UUID org = organization();
        events.publish(WebhookEventType.RELEASE_READY, org, Map.of("releaseId", "r-1"));
        events.publish(WebhookEventType.TASK_ACCEPTED, org, Map.of("taskId", "t-1"));
        Receiver.Request request = receiver.next(WAIT);
        assertThat(request).isNotNull();
        assertThat(request.path()).isEqualTo("/new");
        assertThat(request.header(WebhookSignature.EVENT)).isEqualTo("task.accepted");
        assertThat(receiver.next(Duration.ofSeconds(1))).as("release.ready is no longer heard").isNull();
        assertThat(deliveries(id)).extracting(WebhookDelivery::eventType).containsExactly("task.accepted");
    }

    @Test
    void aRotatedSecretSignsBesideTheOldOneForTheGracePeriodThenAlone() throws Exception {
        clock.set(T0);
        JsonNode created = register(receiver.url("/rotating"), "[\"release.ready\"]");
        UUID id = id(created);
        String old = created.path("secret").asString();

        JsonNode rotated = admin.postJson("/api/v1/webhooks/" + id + "/secret-rotations", "", 200);
        String fresh = rotated.path("secret").asString();
        assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);
        assertThat(rotated.path("endpoint").path("secretPrefix").asString()).isEqualTo(fresh.substring(0, 12));
        assertThat(rotated.path("endpoint").path("previousSecretExpiresAt").asString())
                .as("24 hours by default").isEqualTo(T0.plus(Duration.ofHours(24)).toString());
        assertThat(admin.getJson("/api/v1/webhooks/" + id, 200).has("secret")).isFalse();

        clock.set(T0.plusSeconds(3600));
        Receiver.Request during = pingAndReceive(id);
        String header = during.header(WebhookSignature.SIGNATURE);
        assertThat(header.split(",")).as("v1=<new>,v1=<old>").hasSize(2);
        long now = T0.plusSeconds(3600).getEpochSecond();
        assertThat(header).startsWith(WebhookSignature.header(fresh, now, during.body()) + ",");
        assertThat(verify(fresh, during, now)).as("a receiver that switched").isTrue();
        assertThat(verify(old, during, now)).as("a receiver that has not switched yet").isTrue();

        Instant after = T0.plus(Duration.ofHours(24)).plusSeconds(1);
        clock.set(after);
        Receiver.Request later = pingAndReceive(id);
        assertThat(later.header(WebhookSignature.SIGNATURE).split(",")).hasSize(1);
        assertThat(verify(fresh, later, after.getEpochSecond())).isTrue();
        assertThat(verify(old, later, after.getEpochSecond())).as("the grace period is over").isFalse();

        assertThat(admin.postJson("/api/v1/webhooks/" + id + "/secret-rotations", "{\"graceHours\": 169}", 422)
                .path("detail").asString()).contains("graceHours");
        JsonNode now2 = admin.postJson("/api/v1/webhooks/" + id + "/secret-rotations", "{\"graceHours\": 0}", 200);
        assertThat(now2.path("endpoint").path("previousSecretExpiresAt").isNull()).isTrue();
        Receiver.Request alone = pingAndReceive(id);
        assertThat(verify(now2.path("secret").asString(), alone, after.getEpochSecond())).isTrue();
        assertThat(verify(fresh, alone, after.getEpochSecond())).as("graceHours 0: the old one stops at once")
                .isFalse();
    }

    @Test
    void theRetentionSweepDeletesFinishedDeliveriesOlderThan30DaysAndKeepsPendingOnes() throws Exception {
        assertThat(retention.retention()).isEqualTo(Duration.ofDays(30));
        Instant old = T0.minus(Duration.ofDays(31));
        clock.set(old);
        UUID id = id(register(receiver.url("/kept"), "[\"release.ready\"]"));
        UUID heldId = id(register(receiver.url("/paused"), "[\"release.ready\"]"));

        UUID succeeded = asAdmin(() -> webhooks.ping(id)).id();
        waitFor(succeeded, d -> d.state() == WebhookDelivery.State.SUCCEEDED);
        receiver.next(WAIT);
        receiver.answer(500, 500, 500);
        UUID failed = asAdmin(() -> webhooks.ping(id)).id();
        waitFor(failed, d -> d.attempts() == 1);
        clock.set(old.plusSeconds(30));
        dispatcher.deliverDue();
        waitFor(failed, d -> d.attempts() == 2);
        clock.set(old.plusSeconds(90));
        dispatcher.deliverDue();
        waitFor(failed, d -> d.state() == WebhookDelivery.State.FAILED);
        asAdmin(() -> webhooks.pause(heldId));
        UUID pending = asAdmin(() -> webhooks.ping(heldId)).id();
        asAdmin(() -> webhooks.rotateSecret(heldId, Duration.ofHours(1)));

        clock.set(T0.minus(Duration.ofDays(29)));
        UUID recent = asAdmin(() -> webhooks.ping(id)).id();
        waitFor(recent, d -> d.state() == WebhookDelivery.State.SUCCEEDED);

        clock.set(T0);
        assertThat(retention.sweep()).as("the old succeeded and the old failed delivery").isGreaterThanOrEqualTo(2);
        assertThat(deliveries(id)).extracting(WebhookDelivery::id).containsExactly(recent);
        assertThat(deliveries(heldId)).extracting(WebhookDelivery::id)
                .as("pending, however old: a paused endpoint's held event").containsExactly(pending);
        assertThat(asAdmin(() -> webhooks.endpoint(heldId)).previousSecretExpiresAt())
                .as("a previous secret past its grace is forgotten").isNull();
        assertThat(retention.sweep()).as("nothing left to delete").isZero();
    }

    // -------------------------------------------------------------------------------------------------------------

    private Receiver.Request pingAndReceive(UUID id) throws Exception {
        asAdmin(() -> webhooks.ping(id));
        Receiver.Request request = receiver.next(WAIT);
        assertThat(request).isNotNull();
        return request;
    }

    private static boolean verify(String secret, Receiver.Request request, long nowSeconds) {
        return WebhookSignature.verify(secret, request.header(WebhookSignature.TIMESTAMP),
                request.header(WebhookSignature.SIGNATURE), request.body(), nowSeconds, 300);
    }

    private UUID organization() {
        return asAdmin(current::id);
    }

    private List<WebhookDelivery> deliveries(UUID id) {
        return asAdmin(() -> webhooks.deliveries(id, 500, null).items());
    }

    private JsonNode patch(ApiClient client, String path, String body, int status) throws Exception {
        HttpResponse<String> response = send(client, path, body);
        assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(status);
        return json.readTree(response.body());
    }

    private static HttpResponse<String> send(ApiClient client, String path, String body) throws Exception {
        return client.http.send(HttpRequest.newBuilder(client.uri(path))
                .header("Content-Type", "application/json").header(client.csrfHeader, client.csrfToken)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
