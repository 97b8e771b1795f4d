package dev.touchstone.shell;

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
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error of {@code /api/**} over real HTTP is an RFC 9457 problem ({@code application/problem+json} with
 * type, title, status and detail, plus the older {@code error} field clients read) with the status that says what
 * went wrong: not a 403 for everything the error page could not render, and not the web application's page.
 */
@TouchstoneSpringTest
class ApiErrorsTest {

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

    /** A problem: the media type, the RFC's members and the {@code error} field, all agreeing on the status. */
    private JsonNode problem(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.uri() + " -> " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).as(response.body())
                .startsWith("application/problem+json");
        JsonNode body = json.readTree(response.body());
        assertThat(body.propertyNames()).as(response.body()).contains("type", "title", "status", "detail", "error");
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("type").asString()).isNotEmpty();
        assertThat(body.path("title").asString()).isNotEmpty();
        assertThat(body.path("detail").asString()).isNotEmpty();
        assertThat(body.path("error").asString()).isEqualTo(body.path("detail").asString());
        return body;
    }

    private HttpResponse<String> send(ApiClient client, String method, String path, String contentType, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(client.uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (client.csrfToken != null) {
            request.header(client.csrfHeader, client.csrfToken);
        }
        return client.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void unknownAddressesWrongMethodsAndWrongBodiesGetTheirOwnStatus() throws Exception {
        ApiClient pm = ApiClient.signedIn(port, json, "pm@acme.test");
        pm.csrfFromApi();

        JsonNode missing = problem(pm.get("/api/v1/nonexistent"), 404);
        assertThat(missing.path("detail").asString()).contains("/api/v1/nonexistent");
        problem(pm.get("/api/v2/anything/at/all"), 404);

        HttpResponse<String> post = send(pm, "POST", "/api/v1/me", "application/json", "{}");
        problem(post, 405);
        assertThat(post.headers().firstValue("Allow").orElse("")).contains("GET");
        problem(send(pm, "DELETE", "/api/v1/csrf", null, null), 405);

        JsonNode plain = problem(send(pm, "POST", "/api/v1/releases", "text/plain", "version 1"), 415);
        assertThat(plain.path("detail").asString()).contains("application/json");

        ApiClient anonymous = new ApiClient(port, json);
        assertThat(problem(anonymous.get("/api/v1/nonexistent"), 401).path("detail").asString())
                .isEqualTo("Sign in first");
        assertThat(problem(anonymous.get("/api/v1/me"), 401).path("error").asString()).isEqualTo("Sign in first");

        ApiClient noToken = ApiClient.signedIn(port, json, "pm@acme.test");
        assertThat(problem(noToken.post("/api/v1/releases", "{}"), 403).path("detail").asString())
                .contains("CSRF");

        ApiClient annotator = ApiClient.signedIn(port, json, "annotator@acme.test");
        problem(annotator.get("/api/v1/releases"), 403);
    }

    /** The signed-in member's draft of a fresh 10 s episode (one signal stream, "joints"), starter schema. */
    private Draft openDraft(String email) throws Exception {
        signIn.as(email);
        try {
            DraftFixture.EpisodeAndSchema made = DraftFixture.tenSecondEpisodeAndStarterCopy("api errors", datasets,
                    store, schemas, current);
            return drafts.openDirect(made.episode(), made.schemaVersion());
        } finally {
            signIn.out();
        }
    }

    private static String save(String label) {
        return "{\"saveId\":\"" + UUID.randomUUID() + "\",\"clientId\":\"tab\",\"ops\":[{\"op\":\"put\",\"label\":"
                + label + ",\"baseRevision\":0}]}";
    }

    private static String box(String stream) {
        return "{\"kind\":\"box2d\",\"id\":\"" + UUID.randomUUID() + "\",\"definition\":\"object_box\","
                + "\"classKey\":\"target\",\"trackId\":\"1\",\"stream\":\"" + stream + "\",\"keyframes\":"
                + "[{\"time\":0,\"x\":1,\"y\":1,\"width\":10,\"height\":10}]}";
    }

    @Test
    void invalidTextIsRefusedWith400NamingTheFieldAndNothingIsStored() throws Exception {
        Draft draft = openDraft("pm@acme.test");
        ApiClient pm = ApiClient.signedIn(port, json, "pm@acme.test");
        pm.csrfFromApi();
        String saves = "/api/v1/drafts/" + draft.id() + "/saves";

        // NUL in a phase's track: PostgreSQL cannot store it, and it used to end as an unhandled 403 "Not allowed".
        String nulTrack = "{\"kind\":\"phase\",\"id\":\"" + UUID.randomUUID() + "\",\"definition\":\"phase\","
                + "\"track\":\"a\\u0000b\",\"classKey\":\"reach\",\"start\":0,\"end\":" + SECOND + "}";
        JsonNode nul = problem(pm.post(saves, save(nulTrack)), 400);
        assertThat(nul.path("detail").asString()).contains("ops[0].label.track").contains("NUL");

        // A lone surrogate in a text value: it used to be stored as "?".
        String surrogate = "{\"kind\":\"value\",\"id\":\"" + UUID.randomUUID() + "\",\"definition\":\"description\","
                + "\"text\":\"pick up \\ud800 the cup\"}";
        JsonNode lone = problem(pm.post(saves, save(surrogate)), 400);
        assertThat(lone.path("detail").asString()).contains("ops[0].label.text").contains("surrogate");

        // A pair written as two escapes is one valid character, and is stored as it is.
        String pair = "{\"kind\":\"value\",\"id\":\"" + UUID.randomUUID() + "\",\"definition\":\"description\","
                + "\"text\":\"pick up the \\ud83e\\udd64\"}";
        pm.postJson(saves, save(pair), 200);
        JsonNode stored = pm.getJson("/api/v1/drafts/" + draft.id(), 200);
        assertThat(stored.path("revision").asLong()).as("only the valid save was applied").isEqualTo(1);
        assertThat(stored.path("labels").get(0).path("label").path("text").asString()).isEqualTo("pick up the 🥤");
    }

    @Test
    void aLabelOnAStreamTheEpisodeLacksIsRefusedWith422() throws Exception {
        Draft draft = openDraft("pm@acme.test");
        ApiClient pm = ApiClient.signedIn(port, json, "pm@acme.test");
        pm.csrfFromApi();
        String saves = "/api/v1/drafts/" + draft.id() + "/saves";

        JsonNode lacking = problem(pm.post(saves, save(box("head_camera"))), 422);
        assertThat(lacking.path("problems").get(0).asString()).contains("head_camera")
                .contains("not a stream of this episode");
        JsonNode huge = problem(pm.post(saves, save(box("c".repeat(100_000)))), 422);
        assertThat(huge.path("problems").toString()).contains("at most");
        assertThat(huge.path("detail").asString().length()).as("the name is not echoed back").isLessThan(2_000);
        assertThat(pm.getJson("/api/v1/drafts/" + draft.id(), 200).path("revision").asLong()).isZero();
    }
}
