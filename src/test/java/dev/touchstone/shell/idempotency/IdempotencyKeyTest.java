package dev.touchstone.shell.idempotency;

import dev.touchstone.BearerClient;
import dev.touchstone.SignIn;
import dev.touchstone.TestClock;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.apitoken.ApiTokenScope;
import dev.touchstone.apitoken.ApiTokenService;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Idempotency-Key} over real HTTP with a real POST that makes something ({@code POST /api/v1/datasets}): a
 * replay answers the first answer again and makes nothing twice; another body with the key is 422, a key still in
 * progress 409; keys belong to their member; a key older than 24 hours is gone, and the sweep deletes it.
 */
@TouchstoneSpringTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyKeyTest {

    @Autowired SignIn signIn;
    @Autowired ApiTokenService tokens;
    @Autowired IdempotencyConfiguration idempotency;
    @Autowired TestClock clock;
    @Autowired DSLContext dsl;
    @Autowired JsonMapper json;
    @LocalServerPort int port;

    BearerClient pm;
    BearerClient admin;

    @BeforeAll
    void tokens() {
        pm = new BearerClient(port, token("pm@acme.test"));
        admin = new BearerClient(port, token("admin@acme.test"));
    }

    @AfterEach
    void resetClock() {
        clock.reset();
        signIn.out();
    }

    @Test
    void theSameKeyAndBodyReplayTheFirstAnswerAndMakeTheDatasetOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        String name = "idempotent " + UUID.randomUUID();
        String body = "{\"name\": \"" + name + "\", \"description\": \"once\"}";

        HttpResponse<String> first = pm.post("/api/v1/datasets", body, "Idempotency-Key", key);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        String location = first.headers().firstValue("Location").orElseThrow();

        HttpResponse<String> replay = pm.post("/api/v1/datasets", body, "Idempotency-Key", key);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(201);
        assertThat(replay.headers().firstValue("Location")).contains(location);
        assertThat(replay.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(json.readTree(replay.body())).isEqualTo(json.readTree(first.body()));
        assertThat(datasetsNamed(name)).as("the replay made nothing").isEqualTo(1);

        // Without the key the same request runs again, and the service refuses the taken name.
        HttpResponse<String> unkeyed = pm.post("/api/v1/datasets", body);
        assertThat(unkeyed.statusCode()).as(unkeyed.body()).isEqualTo(422);
        assertThat(datasetsNamed(name)).isEqualTo(1);
    }

    @Test
    void anotherBodyWithTheKeyIs422AndNothingIsMade() throws Exception {
        String key = UUID.randomUUID().toString();
        String name = "first " + UUID.randomUUID();
        assertThat(pm.post("/api/v1/datasets", "{\"name\": \"" + name + "\"}", "Idempotency-Key", key).statusCode())
                .isEqualTo(201);
        String other = "second " + UUID.randomUUID();
        HttpResponse<String> refused = pm.post("/api/v1/datasets", "{\"name\": \"" + other + "\"}",
                "Idempotency-Key", key);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(json.readTree(refused.body()).path("detail").asString()).contains("another request");
        assertThat(datasetsNamed(other)).isZero();
    }

    @Test
    void aKeyStillInProgressIs409() throws Exception {
        String key = UUID.randomUUID().toString();
        // The first request's row as the filter writes it when it starts, before its answer exists.
        dsl.execute("insert into idempotency_key (organization_id, user_id, key, request_hash) select m.organization_id,"
                + " m.user_id, ?, sha256('x') from membership m join app_user u on u.id = m.user_id"
                + " join organization o on o.id = m.organization_id where u.email = 'pm@acme.test' and o.slug = 'acme'",
                key);
        String name = "in progress " + UUID.randomUUID();
        HttpResponse<String> busy = pm.post("/api/v1/datasets", "{\"name\": \"" + name + "\"}",
                "Idempotency-Key", key);
        assertThat(busy.statusCode()).as(busy.body()).isEqualTo(409);
        assertThat(busy.headers().firstValue("Retry-After")).contains("1");
        assertThat(busy.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(datasetsNamed(name)).isZero();
    }

    @Test
    void keysBelongToTheirMember() throws Exception {
        String key = UUID.randomUUID().toString();
        String name = "scoped " + UUID.randomUUID();
        String body = "{\"name\": \"" + name + "\"}";
        assertThat(pm.post("/api/v1/datasets", body, "Idempotency-Key", key).statusCode()).isEqualTo(201);
        // The admin's request with the same key and body runs (no replay of the PM's answer): the name is taken.
        HttpResponse<String> admins = admin.post("/api/v1/datasets", body, "Idempotency-Key", key);
        assertThat(admins.statusCode()).as(admins.body()).isEqualTo(422);
        assertThat(admins.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(json.readTree(admins.body()).path("detail").asString()).contains("already a dataset named");
    }

    @Test
    void aKeyIsKept24HoursAndThenSwept() throws Exception {
        String key = UUID.randomUUID().toString();
        String name = "day old " + UUID.randomUUID();
        assertThat(pm.post("/api/v1/datasets", "{\"name\": \"" + name + "\"}", "Idempotency-Key", key).statusCode())
                .isEqualTo(201);
        clock.set(Instant.now().plus(Duration.ofHours(23)));
        String other = "a day later " + UUID.randomUUID();
        assertThat(pm.post("/api/v1/datasets", "{\"name\": \"" + other + "\"}", "Idempotency-Key", key)
                .statusCode()).as("within 24 hours the key is still taken").isEqualTo(422);
        clock.set(Instant.now().plus(Duration.ofHours(25)));
        HttpResponse<String> reused = pm.post("/api/v1/datasets", "{\"name\": \"" + other + "\"}",
                "Idempotency-Key", key);
        assertThat(reused.statusCode()).as("after 24 hours the key is free again: " + reused.body()).isEqualTo(201);
        assertThat(datasetsNamed(other)).isEqualTo(1);

        assertThat(keysNamed(key)).isEqualTo(1);
        clock.set(Instant.now().plus(Duration.ofHours(50)));
        idempotency.sweep();
        assertThat(keysNamed(key)).as("swept").isZero();
    }

    @Test
    void aMalformedKeyIs400AndOtherMethodsIgnoreTheHeader() throws Exception {
        HttpResponse<String> tooLong = pm.post("/api/v1/datasets", "{\"name\": \"x" + UUID.randomUUID() + "\"}",
                "Idempotency-Key", "k".repeat(256));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(json.readTree(tooLong.body()).path("detail").asString()).contains("Idempotency-Key");
        HttpResponse<String> get = pm.send("GET", "/api/v1/datasets", null, java.util.List.of("Idempotency-Key", "g"));
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(keysNamed("g")).isZero();
    }

    @Test
    void theOpenApiDescriptionOffersTheHeaderOnEveryPost() throws Exception {
        var paths = json.readTree(new BearerClient(port, null).get("/api/v1/openapi").body()).path("paths");
        java.util.List<String> posts = new java.util.ArrayList<>();
        paths.properties().forEach(path -> {
            if (path.getValue().has("post")) {
                posts.add(path.getKey());
                assertThat(path.getValue().path("post").path("parameters").valueStream()
                        .map(p -> p.path("name").asString() + "@" + p.path("in").asString()))
                        .as(path.getKey()).contains("Idempotency-Key@header");
            }
        });
        assertThat(posts).contains("/api/v1/datasets", "/api/v1/schemas", "/api/v1/releases");
    }

    private int datasetsNamed(String name) {
        return dsl.fetchCount(DSL.table("dataset"), DSL.field("name").eq(name));
    }

    private int keysNamed(String key) {
        return dsl.fetchCount(DSL.table("idempotency_key"), DSL.field("key").eq(key));
    }

    private String token(String email) {
        signIn.as(email);
        try {
            return tokens.create("idempotency " + UUID.randomUUID(), 7,
                    EnumSet.of(ApiTokenScope.DATA_WRITE, ApiTokenScope.READ)).secret();
        } finally {
            signIn.out();
        }
    }
}
