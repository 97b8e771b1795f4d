package dev.touchstone.labeling.api;

import dev.touchstone.ApiClient;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.labeling.Draft;
import dev.touchstone.labeling.DraftFixture;
import dev.touchstone.labeling.DraftService;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.organization.CurrentOrganization;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drafts API over real HTTP, as the workspace's autosave uses it: form sign-in, session cookie, the CSRF token
 * read from the page (or {@code /api/v1/csrf}) and sent as a header, JSON bodies written by hand in the contract's
 * shape (docs/labeling/api.md), never by the server's own classes.
 */
@TouchstoneSpringTest
class DraftApiTest {

    private static final long SECOND = 1_000_000_000L;

    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;
    @Autowired
    SignIn signIn;
    @Autowired
    DraftService drafts;
    @Autowired
    LabelSchemaService schemas;
    @Autowired
    DatasetService datasets;
    @Autowired
    EpisodeStore store;
    @Autowired
    CurrentOrganization current;

    private ApiClient signedIn(String email) throws Exception {
        return ApiClient.signedIn(port, json, email);
    }

    /** The signed-in member's draft of a fresh 10 s episode under a fresh copy of the starter schema. */
    private Draft openDraft(String email) throws Exception {
        signIn.as(email);
        try {
            DraftFixture.EpisodeAndSchema made = DraftFixture.tenSecondEpisodeAndStarterCopy("draft api", datasets,
                    store, schemas, current);
            return drafts.openDirect(made.episode(), made.schemaVersion());
        } finally {
            signIn.out();
        }
    }

    private static String phase(UUID id, String cls, double start, double end) {
        return "{\"kind\":\"phase\",\"id\":\"%s\",\"definition\":\"phase\",\"classKey\":\"%s\",\"start\":%d,\"end\":%d}"
                .formatted(id, cls, (long) (start * SECOND), (long) (end * SECOND));
    }

    private static String put(String label, long base) {
        return "{\"op\":\"put\",\"label\":" + label + ",\"baseRevision\":" + base + "}";
    }

    private static String delete(UUID id, long base) {
        return "{\"op\":\"delete\",\"labelId\":\"" + id + "\",\"baseRevision\":" + base + "}";
    }

    private static String save(UUID saveId, String client, String... ops) {
        return "{\"saveId\":\"" + saveId + "\",\"clientId\":\"" + client + "\",\"ops\":[" + String.join(",", ops) + "]}";
    }

    private static String saves(Draft draft) {
        return "/api/v1/drafts/" + draft.id() + "/saves";
    }

    @Test
    void autosavesAreDeltasAndARetriedSaveChangesNothing() throws Exception {
        Draft draft = openDraft("pm@acme.test");
        ApiClient pm = signedIn("pm@acme.test");
        pm.csrfFromPage();

        JsonNode loaded = pm.getJson("/api/v1/drafts/" + draft.id(), 200);
        assertThat(loaded.get("id").asString()).isEqualTo(draft.id().toString());
        assertThat(loaded.get("episodeId").asString()).isEqualTo(draft.episodeId().toString());
        assertThat(loaded.get("schemaVersionId").asString()).isEqualTo(draft.schemaVersionId().toString());
        assertThat(loaded.get("durationNanos").asLong()).isEqualTo(10 * SECOND);
        assertThat(loaded.get("revision").asLong()).isZero();
        assertThat(loaded.get("submitted").asBoolean()).isFalse();
        assertThat(loaded.get("labels").isArray()).isTrue();
        assertThat(loaded.get("labels").size()).isZero();

        UUID reach = UUID.randomUUID();
        UUID grasp = UUID.randomUUID();
        UUID contact = UUID.randomUUID();
        JsonNode first = pm.postJson(saves(draft), save(UUID.randomUUID(), "tab-a",
                put(phase(reach, "reach", 0, 2), 0), put(phase(grasp, "grasp", 2, 3), 0),
                put("{\"kind\":\"event\",\"id\":\"" + contact + "\",\"definition\":\"contact\","
                        + "\"classKey\":\"contact-on\",\"time\":2500000000}", 0)), 200);
        assertThat(first.get("revision").asLong()).isEqualTo(1);
        assertThat(first.get("conflicts").size()).isZero();
        assertThat(first.get("replayed").asBoolean()).isFalse();

        UUID saveId = UUID.randomUUID();
        String edit = save(saveId, "tab-a", put(phase(reach, "reach", 0, 1.5), 1), delete(contact, 1));
        JsonNode second = pm.postJson(saves(draft), edit, 200);
        assertThat(second.get("revision").asLong()).isEqualTo(2);

        JsonNode replay = pm.postJson(saves(draft), edit, 200);
        assertThat(replay.get("revision").asLong()).as("the first answer's revision").isEqualTo(2);
        assertThat(replay.get("replayed").asBoolean()).isTrue();

        JsonNode after = pm.getJson("/api/v1/drafts/" + draft.id(), 200);
        assertThat(after.get("revision").asLong()).as("a replay changes nothing").isEqualTo(2);
        JsonNode labels = after.get("labels");
        assertThat(labels.size()).isEqualTo(2);
        assertThat(labels.get(0).get("label").get("id").asString()).isEqualTo(reach.toString());
        assertThat(labels.get(0).get("label").get("kind").asString()).isEqualTo("phase");
        assertThat(labels.get(0).get("label").get("end").asLong()).isEqualTo(1_500_000_000L);
        assertThat(labels.get(0).get("label").get("track").asString()).isEqualTo("main");
        assertThat(labels.get(0).get("revision").asLong()).isEqualTo(2);
        assertThat(labels.get(1).get("label").get("id").asString()).isEqualTo(grasp.toString());
        assertThat(labels.get(1).get("revision").asLong()).isEqualTo(1);
    }

    @Test
    void aStaleEditFromAnotherTabComesBackAsAConflict() throws Exception {
        Draft draft = openDraft("pm@acme.test");
        ApiClient pm = signedIn("pm@acme.test");
        pm.csrfFromApi();
        UUID reach = UUID.randomUUID();
        pm.postJson(saves(draft), save(UUID.randomUUID(), "tab-a", put(phase(reach, "reach", 0, 2), 0)), 200);
        pm.postJson(saves(draft), save(UUID.randomUUID(), "tab-a", put(phase(reach, "reach", 0, 2.5), 1)), 200);

        UUID event = UUID.randomUUID();
        JsonNode b = pm.postJson(saves(draft), save(UUID.randomUUID(), "tab-b", put(phase(reach, "grasp", 0, 2), 1),
                put("{\"kind\":\"event\",\"id\":\"" + event + "\",\"definition\":\"contact\","
                        + "\"classKey\":\"contact-on\",\"time\":1000000000}", 0)), 200);
        assertThat(b.get("revision").asLong()).as("tab B's other change still applies").isEqualTo(3);
        assertThat(b.get("conflicts").size()).isEqualTo(1);
        JsonNode conflict = b.get("conflicts").get(0);
        assertThat(conflict.get("labelId").asString()).isEqualTo(reach.toString());
        assertThat(conflict.get("serverRevision").asLong()).isEqualTo(2);
        assertThat(conflict.get("serverLabel").get("classKey").asString()).isEqualTo("reach");
        assertThat(conflict.get("serverLabel").get("end").asLong()).isEqualTo(2_500_000_000L);

        pm.postJson(saves(draft), save(UUID.randomUUID(), "tab-a", delete(reach, 2)), 200);
        JsonNode stale = pm.postJson(saves(draft), save(UUID.randomUUID(), "tab-b",
                put(phase(reach, "reach", 0, 1), 2)), 200);
        assertThat(stale.get("conflicts").get(0).get("serverLabel").isNull()).as("deleted elsewhere").isTrue();
        assertThat(stale.get("conflicts").get(0).get("serverRevision").asLong()).isEqualTo(4);
        assertThat(stale.get("revision").asLong()).as("nothing applied, no new revision").isEqualTo(4);
    }

    @Test
    void brokenRulesAnswer422WithEveryProblemAndApplyNothing() throws Exception {
        Draft draft = openDraft("pm@acme.test");
        ApiClient pm = signedIn("pm@acme.test");
        pm.csrfFromPage();
        pm.postJson(saves(draft), save(UUID.randomUUID(), "tab", put(phase(UUID.randomUUID(), "grasp", 2, 3), 0)),
                200);

        JsonNode refused = pm.postJson(saves(draft), save(UUID.randomUUID(), "tab",
                put(phase(UUID.randomUUID(), "lift", 2.5, 4), 0),
                put(phase(UUID.randomUUID(), "juggle", 5, 6), 0)), 422);
        assertThat(refused.get("error").asString()).contains("problems");
        List<String> problems = refused.get("problems").valueStream().map(JsonNode::asString).toList();
        assertThat(problems).hasSize(2);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("overlaps Phase grasp"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("juggle"));
        assertThat(pm.getJson("/api/v1/drafts/" + draft.id(), 200).get("revision").asLong())
                .as("a refused save applies nothing").isEqualTo(1);
    }

    @Test
    void malformedRequestsAnswer400WithAMessageAPersonCanRead() throws Exception {
        Draft draft = openDraft("pm@acme.test");
        ApiClient pm = signedIn("pm@acme.test");
        pm.csrfFromApi();

        JsonNode notJson = pm.postJson(saves(draft), "{\"saveId\": \"" + UUID.randomUUID() + "\", \"ops\": [", 400);
        assertThat(notJson.get("error").asString()).startsWith("The body is not valid JSON (line 1, column")
                .doesNotContain("Source").doesNotContain("\tat ");

        JsonNode unknownKind = pm.postJson(saves(draft), save(UUID.randomUUID(), "tab",
                put("{\"kind\":\"circle\",\"id\":\"" + UUID.randomUUID() + "\",\"definition\":\"phase\"}", 0)), 400);
        assertThat(unknownKind.get("error").asString()).contains("ops[0].label").contains("circle")
                .doesNotContain("dev.touchstone");

        JsonNode badNumber = pm.postJson(saves(draft), save(UUID.randomUUID(), "tab",
                put(phase(UUID.randomUUID(), "reach", 0, 1).replace("\"start\":0", "\"start\":\"soon\""), 0)), 400);
        assertThat(badNumber.get("error").asString()).contains("ops[0].label.start");

        JsonNode noSaveId = pm.postJson(saves(draft), "{\"clientId\":\"tab\",\"ops\":[]}", 422);
        assertThat(noSaveId.get("error").asString()).contains("save id");

        JsonNode noBody = pm.postJson(saves(draft), "", 400);
        assertThat(noBody.get("error").asString()).contains("JSON body");

        assertThat(pm.getJson("/api/v1/drafts/not-a-uuid", 400).get("error").asString()).contains("is not a valid draftId (a UUID)");
        HttpResponse<String> plain = pm.http.send(HttpRequest.newBuilder(pm.uri(saves(draft)))
                .header("Content-Type", "text/plain").header(pm.csrfHeader, pm.csrfToken)
                .POST(HttpRequest.BodyPublishers.ofString(save(UUID.randomUUID(), "tab"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(415);
        assertThat(json.readTree(plain.body()).get("error").asString()).contains("application/json");

        HttpResponse<String> huge = pm.post(saves(draft), "{\"saveId\":\"" + UUID.randomUUID()
                + "\",\"clientId\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}");
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(json.readTree(huge.body()).get("error").asString()).contains("larger than 4 MB");
        byte[] chunked = ("{\"saveId\":\"" + UUID.randomUUID() + "\",\"clientId\":\"" + "x".repeat(5 * 1024 * 1024)
                + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> unknownLength = pm.http.send(HttpRequest.newBuilder(pm.uri(saves(draft)))
                .header("Content-Type", "application/json").header(pm.csrfHeader, pm.csrfToken)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(chunked)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknownLength.statusCode()).as("a chunked body, cut off while reading").isEqualTo(413);
        assertThat(unknownLength.body()).contains("larger than 4 MB");
        assertThat(pm.getJson("/api/v1/drafts/" + draft.id(), 200).get("revision").asLong()).isZero();
    }

    @Test
    void onlyTheOwnerReachesTheDraftAndOtherOrganizationsSeeNothing() throws Exception {
        Draft draft = openDraft("pm@acme.test");
        String body = save(UUID.randomUUID(), "tab", put(phase(UUID.randomUUID(), "reach", 0, 1), 0));

        ApiClient globex = signedIn("admin@globex.test");
        globex.csrfFromApi();
        assertThat(globex.getJson("/api/v1/drafts/" + draft.id(), 404).get("error").asString())
                .isEqualTo("Draft not found");
        globex.postJson(saves(draft), body, 404);
        assertThat(globex.getJson("/api/v1/drafts/" + UUID.randomUUID(), 404).has("error")).isTrue();

        ApiClient qa = signedIn("qa@acme.test");
        qa.csrfFromApi();
        assertThat(qa.getJson("/api/v1/drafts/" + draft.id(), 403).get("error").asString())
                .contains("someone else");
        qa.postJson(saves(draft), body, 403);

        ApiClient annotator = signedIn("annotator@acme.test");
        annotator.csrfFromApi();
        assertThat(annotator.getJson("/api/v1/drafts/" + draft.id(), 403).has("error")).isTrue();
        annotator.postJson(saves(draft), body, 403);

        ApiClient anonymous = new ApiClient(port, json);
        HttpResponse<String> get = anonymous.get("/api/v1/drafts/" + draft.id());
        assertThat(get.statusCode()).isEqualTo(401);
        assertThat(json.readTree(get.body()).get("error").asString()).isEqualTo("Sign in first");
        assertThat(anonymous.get("/api/v1/csrf").statusCode()).isEqualTo(401);

        ApiClient pm = signedIn("pm@acme.test");
        pm.csrfFromApi();
        pm.postJson(saves(draft), body, 200);
    }

    @Test
    void postsNeedTheSessionsCsrfToken() throws Exception {
        Draft draft = openDraft("pm@acme.test");
        ApiClient pm = signedIn("pm@acme.test");
        String body = save(UUID.randomUUID(), "tab", put(phase(UUID.randomUUID(), "reach", 0, 1), 0));

        JsonNode refused = pm.postJson(saves(draft), body, 403);
        assertThat(refused.get("error").asString()).contains("CSRF");
        pm.csrfHeader = "X-CSRF-TOKEN";
        pm.csrfToken = "forged";
        pm.postJson(saves(draft), body, 403);
        assertThat(pm.getJson("/api/v1/drafts/" + draft.id(), 200).get("revision").asLong())
                .as("nothing was saved").isZero();

        pm.csrfFromPage();
        assertThat(pm.csrfHeader).isEqualTo("X-CSRF-TOKEN");
        pm.postJson(saves(draft), body, 200);
        pm.csrfFromApi();
        pm.postJson(saves(draft), save(UUID.randomUUID(), "tab", put(phase(UUID.randomUUID(), "grasp", 1, 2), 0)),
                200);

        ApiClient other = signedIn("pm@acme.test");
        other.csrfHeader = pm.csrfHeader;
        other.csrfToken = pm.csrfToken;
        other.postJson(saves(draft), save(UUID.randomUUID(), "tab", put(phase(UUID.randomUUID(), "lift", 2, 3), 0)),
                403);

        ApiClient anonymous = new ApiClient(port, json);
        anonymous.csrfHeader = pm.csrfHeader;
        anonymous.csrfToken = pm.csrfToken;
        assertThat(anonymous.post(saves(draft), body).statusCode()).as("another session's token").isEqualTo(403);
    }

    @Test
    void submittingTwiceGivesOneSubmissionAndClosesTheDraft() throws Exception {
        Draft draft = openDraft("pm@acme.test");
        ApiClient pm = signedIn("pm@acme.test");
        pm.csrfFromPage();
        String submissions = "/api/v1/drafts/" + draft.id() + "/submissions";
        pm.postJson(saves(draft), save(UUID.randomUUID(), "tab", put(phase(UUID.randomUUID(), "reach", 0, 2), 0)),
                200);

        JsonNode incomplete = pm.postJson(submissions, "{\"idempotencyKey\":\"key-" + UUID.randomUUID() + "\"}", 422);
        assertThat(incomplete.get("problems").valueStream().map(JsonNode::asString))
                .containsExactly("'Grasp outcome' is required", "'Quality verdict' is required");
        assertThat(pm.postJson(submissions, "{\"idempotencyKey\":\"short\"}", 422).get("error").asString())
                .contains("idempotency key");

        pm.postJson(saves(draft), save(UUID.randomUUID(), "tab",
                put("{\"kind\":\"value\",\"id\":\"" + UUID.randomUUID() + "\",\"definition\":\"grasp_outcome\","
                        + "\"segment\":null,\"classes\":[\"success\"]}", 0),
                put("{\"kind\":\"value\",\"id\":\"" + UUID.randomUUID() + "\",\"definition\":\"quality\","
                        + "\"accept\":true}", 0)), 200);

        String key = "{\"idempotencyKey\":\"key-" + UUID.randomUUID() + "\"}";
        JsonNode first = pm.postJson(submissions, key, 201);
        assertThat(first.get("draftId").asString()).isEqualTo(draft.id().toString());
        assertThat(first.get("revision").asLong()).isEqualTo(2);
        assertThat(first.get("labels").asInt()).isEqualTo(3);
        assertThat(first.get("submittedAt").isString()).isTrue();
        JsonNode retry = pm.postJson(submissions, key, 200);
        JsonNode doubleClick = pm.postJson(submissions, "{\"idempotencyKey\":\"key-" + UUID.randomUUID() + "\"}", 200);
        assertThat(retry.get("id").asString()).isEqualTo(first.get("id").asString());
        assertThat(doubleClick.get("id").asString()).isEqualTo(first.get("id").asString());
        assertThat(pm.getJson("/api/v1/drafts/" + draft.id(), 200).get("submitted").asBoolean()).isTrue();

        JsonNode late = pm.postJson(saves(draft), save(UUID.randomUUID(), "tab",
                put(phase(UUID.randomUUID(), "grasp", 2, 3), 0)), 409);
        assertThat(late.get("error").asString()).contains("submitted");
    }
}
