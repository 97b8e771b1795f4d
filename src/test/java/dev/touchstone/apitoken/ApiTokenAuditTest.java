package dev.touchstone.apitoken;

import dev.touchstone.BearerClient;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.audit.AuditEntry;
import dev.touchstone.audit.AuditService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.access.AccessDeniedException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every call made with an API token is one row of the audit log with the token's name, method, path and status
 * (answered, refused by the token's scopes, or not found), which admins read (the audit page's data) and nobody
 * else; calls without a token are not logged this way.
 */
@TouchstoneSpringTest
class ApiTokenAuditTest {

    @Autowired SignIn signIn;
    @Autowired ApiTokenService tokens;
    @Autowired AuditService audit;
    @Autowired JsonMapper json;
    @LocalServerPort int port;

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void everyTokenCallIsAuditedWithTheTokensNameAndAdminsReadIt() throws Exception {
        String name = "nightly sync " + UUID.randomUUID();
        signIn.as("pm@acme.test");
        String secret = tokens.create(name, 7, EnumSet.of(ApiTokenScope.READ)).secret();
        signIn.out();
        BearerClient client = new BearerClient(port, secret);
        UUID missing = UUID.randomUUID();

        assertThat(client.get("/api/v1/datasets?limit=1").statusCode()).isEqualTo(200);
        assertThat(client.get("/api/v1/datasets/" + missing).statusCode()).isEqualTo(404);
        assertThat(client.post("/api/v1/datasets", "{\"name\": \"not allowed\"}").statusCode()).isEqualTo(403);
        // A bad token names no token: refused (401) and not in this log.
        assertThat(new BearerClient(port, "ts_" + "y".repeat(43)).get("/api/v1/datasets").statusCode())
                .isEqualTo(401);

        signIn.as("admin@acme.test");
        List<AuditEntry> calls = audit.page("api.call", 0, 500).stream()
                .filter(entry -> entry.details().contains(name)).toList();
        assertThat(calls).hasSize(3);
        assertThat(calls).allSatisfy(entry -> {
            assertThat(entry.actorName()).isEqualTo("pm@acme.test");
            assertThat(entry.targetType()).isEqualTo("api_token");
            assertThat(entry.occurredAt()).isNotNull();
        });
        // Newest first.
        assertThat(calls.stream().map(entry -> call(entry.details())).toList()).containsExactly(
                "POST /api/v1/datasets 403", "GET /api/v1/datasets/" + missing + " 404", "GET /api/v1/datasets 200");
        signIn.out();

        signIn.as("pm@acme.test");
        assertThatThrownBy(() -> audit.page("api.call", 0, 10)).isInstanceOf(AccessDeniedException.class);
    }

    private String call(String details) {
        JsonNode node = json.readTree(details);
        return node.path("method").asString() + " " + node.path("path").asString() + " " + node.path("status").asInt();
    }
}
