package dev.touchstone.workflow;

import dev.touchstone.ApiClient;
import dev.touchstone.TouchstoneSpringTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;

import static dev.touchstone.workflow.WorkflowFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workspace's heartbeat over real HTTP: it extends the owner's lease, and says 403 (no CSRF token, someone else's,
 * a role without assignments), 404 (another organization), 400 (not an id) and 409 (the lease already ended) as JSON.
 * The answers that say the assignment is no longer the caller's carry the problem type the workspace's lease keeper
 * stops on; a CSRF refusal does not.
 */
@TouchstoneSpringTest
class AssignmentApiTest extends WorkflowTestBase {

    private static final String QUEUE_PASSWORD = "correct horse battery 1";
    private static final String ENDED = "urn:touchstone:problem:assignment-ended";

    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;

    @Test
    void theHeartbeatKeepsTheOwnersLeaseAndRefusesEveryoneElse() throws Exception {
        Project project = fixtures.project(1, 10, settings(2, 0, 600));
        List<String> annotators = fixtures.annotators(2);
        signIn.as(annotators.get(0));
        Assignment mine = workflow.claimNext(project.id()).orElseThrow();
        signIn.out();
        String beat = "/api/v1/assignments/" + mine.id() + "/heartbeat";

        ApiClient owner = ApiClient.signedIn(port, json, annotators.get(0), QUEUE_PASSWORD);
        JsonNode csrf = owner.postJson(beat, "", 403);
        assertThat(csrf.get("error").asString()).contains("CSRF");
        assertThat(csrf.get("type").asString()).as("says nothing of the assignment").isEqualTo("about:blank");
        owner.csrfFromApi();
        dsl.execute("update assignment set lease_expires_at = now() + interval '5 seconds' where id = ?", mine.id());
        JsonNode lease = owner.postJson(beat, "", 200);
        assertThat(Instant.parse(lease.get("leaseExpiresAt").asString()))
                .as("renewed by the project's 600 s lease").isAfter(Instant.now().plusSeconds(500));

        ApiClient other = ApiClient.signedIn(port, json, annotators.get(1), QUEUE_PASSWORD);
        other.csrfFromApi();
        JsonNode someoneElses = other.postJson(beat, "", 403);
        assertThat(someoneElses.get("error").asString()).contains("someone else");
        assertThat(someoneElses.get("type").asString()).isEqualTo(ENDED);
        ApiClient globex = ApiClient.signedIn(port, json, "annotator@globex.test");
        globex.csrfFromApi();
        assertThat(globex.postJson(beat, "", 404).get("type").asString()).isEqualTo(ENDED);
        ApiClient pm = ApiClient.signedIn(port, json, "pm@acme.test");
        pm.csrfFromApi();
        pm.postJson(beat, "", 403);
        // Without a session there is no CSRF token either; Spring refuses the token first.
        assertThat(new ApiClient(port, json).postJson(beat, "", 403).get("error").asString()).contains("CSRF");
        owner.postJson("/api/v1/assignments/not-an-id/heartbeat", "", 400);

        leaseRunsOut(mine.id());
        JsonNode expired = owner.postJson(beat, "", 409);
        assertThat(expired.get("error").asString()).contains("expired");
        assertThat(expired.get("type").asString()).isEqualTo(ENDED);
    }
}
