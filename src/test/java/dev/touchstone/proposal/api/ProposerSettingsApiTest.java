package dev.touchstone.proposal.api;

import dev.touchstone.ApiClient;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkflowFixtures;
import dev.touchstone.workflow.WorkflowService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/v1/projects/{projectId}/proposer-settings} over real HTTP with a project manager's session: the
 * defaults are read, a merge patch is checked against the project's episodes (its one stream {@code joints}, channel
 * {@code j1}) and refused with every problem as 422, a malformed body is 400, another organization's project 404,
 * and a reset brings the defaults back.
 */
@TouchstoneSpringTest
class ProposerSettingsApiTest {

    @Autowired SignIn signIn;
    @Autowired WorkflowService workflow;
    @Autowired DatasetService datasets;
    @Autowired EpisodeStore store;
    @Autowired LabelSchemaService schemas;
    @Autowired CurrentOrganization current;
    @Autowired OrganizationProvisioning provisioning;
    @Autowired JsonMapper json;
    @LocalServerPort int port;

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void aProjectManagerReadsPatchesAndResetsAProjectsProposerSettings() throws Exception {
        Project project = new WorkflowFixtures(signIn, datasets, store, current, schemas, provisioning, workflow)
                .project(1, 12, WorkflowFixtures.settings(1, 0, 600));
        String path = "/api/v1/projects/" + project.id() + "/proposer-settings";
        ApiClient pm = ApiClient.signedIn(port, json, "pm@acme.test");
        pm.csrfFromApi();

        JsonNode defaults = pm.getJson(path, 200);
        assertThat(defaults.at("/proposers/hands/0/armStream").asString()).isEqualTo("left_arm/joints");
        assertThat(defaults.at("/proposers/contact/forceOnN").asDouble()).isEqualTo(1.0);

        // The defaults name the generator's streams, which these episodes do not have.
        HttpResponse<String> streams = patch(pm, path, "{\"proposers\": {\"contact\": {\"forceOnN\": 2.5}}}");
        assertThat(streams.statusCode()).as(streams.body()).isEqualTo(422);
        assertThat(json.readTree(streams.body()).path("problems").toString())
                .contains("the project's episode 'episode 0' has no stream 'left_arm/joints'; it has joints");

        String oneArm = """
                {"proposers": {"hands": [{"name": "arm", "armStream": "joints", "armVelocityChannels": ["j1"],
                  "gripperStream": null, "gripperChannels": [], "gripperClosesUpwards": true,
                  "wristStream": null, "forceChannels": [], "tactileStream": null, "tactileChannels": []}],
                  "contact": {"forceOnN": 2.5}}}""";
        HttpResponse<String> saved = patch(pm, path, oneArm);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        JsonNode now = json.readTree(saved.body());
        assertThat(now.at("/proposers/hands").size()).isEqualTo(1);
        assertThat(now.at("/proposers/contact/forceOnN").asDouble()).isEqualTo(2.5);
        assertThat(now.at("/proposers/contact/forceOffN").asDouble()).as("kept").isEqualTo(0.5);
        assertThat(pm.getJson(path, 200)).isEqualTo(now);

        HttpResponse<String> negative = patch(pm, path, "{\"proposers\": {\"motion\": {\"minMotionNanos\": -5}}}");
        assertThat(negative.statusCode()).as(negative.body()).isEqualTo(422);
        assertThat(json.readTree(negative.body()).path("problems").get(0).asString())
                .isEqualTo("Proposer settings refused at 'proposers.motion': motion durations must not be negative");
        HttpResponse<String> typo = patch(pm, path, "{\"quality\": {\"verdict\": {\"jerk\": 3}}}");
        assertThat(typo.statusCode()).as(typo.body()).isEqualTo(422);
        assertThat(typo.body()).contains("jerk");
        assertThat(patch(pm, path, "{\"proposers\": ").statusCode()).isEqualTo(400);
        assertThat(pm.getJson(path, 200)).as("nothing of the refused patches stored").isEqualTo(now);

        ApiClient globex = ApiClient.signedIn(port, json, "admin@globex.test");
        assertThat(globex.get(path).statusCode()).isEqualTo(404);
        ApiClient annotator = ApiClient.signedIn(port, json, "annotator@acme.test");
        annotator.csrfFromApi();
        assertThat(patch(annotator, path, "{}").statusCode()).isEqualTo(403);

        HttpResponse<String> reset = pm.http.send(HttpRequest.newBuilder(pm.uri(path)).DELETE()
                .header(pm.csrfHeader, pm.csrfToken).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
        assertThat(json.readTree(reset.body())).isEqualTo(defaults);
    }

    private static HttpResponse<String> patch(ApiClient client, String path, String body) throws Exception {
        return client.http.send(HttpRequest.newBuilder(client.uri(path))
                .header("Content-Type", "application/merge-patch+json").header(client.csrfHeader, client.csrfToken)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
