package dev.touchstone.labeling.api;

import dev.touchstone.ApiClient;
import dev.touchstone.BearerClient;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.apitoken.ApiTokenScope;
import dev.touchstone.apitoken.ApiTokenService;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelSchemaJson;
import dev.touchstone.labeling.LabelSchemaService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The label schemas API over real HTTP with API tokens: make one from the exchange format and read it back, auth
 * (401), scope and role (403), another organization (404), bad input (400 for JSON that is none, 422 with every
 * problem for a schema that breaks rules), and cursor paging with no duplicates or gaps.
 */
@TouchstoneSpringTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaApiTest {

    @Autowired SignIn signIn;
    @Autowired ApiTokenService tokens;
    @Autowired LabelSchemaService schemas;
    @Autowired JsonMapper json;
    @LocalServerPort int port;

    BearerClient writer;
    BearerClient reader;
    BearerClient releasesOnly;
    ApiClient annotator;
    BearerClient globex;

    @BeforeAll
    void tokens() throws Exception {
        // Annotators have no API tokens (ApiTokenService): their session stands in.
        annotator = ApiClient.signedIn(port, json, "annotator@acme.test");
        writer = new BearerClient(port, token("pm@acme.test", ApiTokenScope.DATA_WRITE, ApiTokenScope.READ));
        reader = new BearerClient(port, token("qa@acme.test", ApiTokenScope.READ));
        releasesOnly = new BearerClient(port, token("pm@acme.test", ApiTokenScope.RELEASES_READ));
        globex = new BearerClient(port, token("admin@globex.test", ApiTokenScope.DATA_WRITE, ApiTokenScope.READ));
    }

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void aManagerMakesASchemaFromTheExchangeFormatAndItReadsBack() throws Exception {
        String name = "api schema " + UUID.randomUUID();
        HttpResponse<String> made = writer.post("/api/v1/schemas", file(name));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        JsonNode body = json.readTree(made.body());
        String location = made.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("/api/v1/schemas/" + body.path("schemaId").asString());
        JsonNode read = json.readTree(reader.get(location).body());
        assertThat(read.path("name").asString()).isEqualTo(name);
        assertThat(read.path("version").asInt()).isEqualTo(1);
        assertThat(read.path("versionId").asString()).isEqualTo(body.path("versionId").asString());
        assertThat(read.path("schema").path("format").asString()).isEqualTo(LabelSchemaJson.FORMAT);
        assertThat(read.path("schema").path("definitions").size())
                .isEqualTo(LabelSchemaJson.humanoidStarter().definitions().size());
        // What GET answers in "schema" is what POST takes: a round trip makes a copy under another name.
        String copy = json.writeValueAsString(((tools.jackson.databind.node.ObjectNode) read.path("schema"))
                .put("name", name + " copy"));
        assertThat(writer.post("/api/v1/schemas", copy).statusCode()).isEqualTo(201);
    }

    @Test
    void authScopeRoleAndAnotherOrganization() throws Exception {
        String id = json.readTree(writer.post("/api/v1/schemas", file("guarded " + UUID.randomUUID())).body())
                .path("schemaId").asString();
        BearerClient anonymous = new BearerClient(port, null);
        assertThat(anonymous.get("/api/v1/schemas").statusCode()).isEqualTo(401);
        assertThat(anonymous.get("/api/v1/schemas/" + id).statusCode()).isEqualTo(401);
        assertProblem(releasesOnly.get("/api/v1/schemas"), 403);
        assertProblem(reader.post("/api/v1/schemas", file("refused " + UUID.randomUUID())), 403);
        assertProblem(annotator.get("/api/v1/schemas"), 403);
        assertProblem(globex.get("/api/v1/schemas/" + id), 404);
        assertThat(globex.get("/api/v1/schemas?limit=500").body()).doesNotContain(id);
        assertProblem(reader.get("/api/v1/schemas/" + UUID.randomUUID()), 404);
    }

    @Test
    void badInputIs400Or422WithEveryProblem() throws Exception {
        assertProblem(writer.post("/api/v1/schemas", "{\"format\": "), 400);
        HttpResponse<String> wrongFormat = writer.post("/api/v1/schemas", "{\"format\": \"other\", \"name\": \"x\"}");
        assertProblem(wrongFormat, 422);
        assertThat(json.readTree(wrongFormat.body()).path("problems").get(0).asString()).contains("format");
        String name = "taken " + UUID.randomUUID();
        assertThat(writer.post("/api/v1/schemas", file(name)).statusCode()).isEqualTo(201);
        HttpResponse<String> taken = writer.post("/api/v1/schemas", file(name));
        assertProblem(taken, 422);
        assertThat(json.readTree(taken.body()).path("problems").get(0).asString()).contains("already");
        assertProblem(reader.get("/api/v1/schemas/not-a-uuid"), 400);
        assertProblem(reader.get("/api/v1/schemas?limit=0"), 400);
        assertProblem(reader.get("/api/v1/schemas?cursor=Zm9v"), 400);
    }

    @Test
    void pagesHaveNoDuplicatesOrGaps() throws Exception {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            made.add(json.readTree(writer.post("/api/v1/schemas", file("paged " + UUID.randomUUID())).body())
                    .path("schemaId").asString());
        }
        List<String> ids = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = json.readTree(reader.get("/api/v1/schemas?limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor)).body());
            assertThat(page.path("items").size()).isLessThanOrEqualTo(2);
            page.path("items").forEach(item -> {
                assertThat(seen.add(item.path("schemaId").asString())).isTrue();
                ids.add(item.path("schemaId").asString());
            });
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
            pages++;
        } while (cursor != null);
        assertThat(pages).isGreaterThanOrEqualTo(2);
        assertThat(ids).containsSubsequence(made);
        signIn.as("qa@acme.test");
        assertThat(ids).hasSize(schemas.schemas().size());
    }

    private static String file(String name) {
        return LabelSchemaJson.write(new LabelSchema(name, "made over the API",
                LabelSchemaJson.humanoidStarter().definitions()));
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/problem+json");
    }

    private String token(String email, ApiTokenScope... scopes) {
        signIn.as(email);
        try {
            return tokens.create("schemas " + UUID.randomUUID(), 7, EnumSet.copyOf(List.of(scopes))).secret();
        } finally {
            signIn.out();
        }
    }
}
