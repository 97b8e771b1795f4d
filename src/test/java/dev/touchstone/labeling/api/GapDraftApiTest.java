package dev.touchstone.labeling.api;

import dev.touchstone.ApiClient;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.labeling.Draft;
import dev.touchstone.labeling.DraftFixture;
import dev.touchstone.labeling.DraftService;
import dev.touchstone.labeling.LabelSchemaJson;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.organization.CurrentOrganization;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Gap labels through the drafts API (docs/labeling/api.md): saved, refused with reasons, submitted. */
@TouchstoneSpringTest
class GapDraftApiTest {

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
    @Autowired
    dev.touchstone.labeling.LabelSchemaStore schemaStore;
    @Autowired
    dev.touchstone.organization.OrganizationProvisioning provisioning;

    @Test
    void theDemoOrganizationsHaveTheSimToRealGapsSchemaOnce() {
        signIn.as("pm@acme.test");
        try {
            dev.touchstone.labeling.SchemaSummary gaps = schemas.schemas().stream()
                    .filter(s -> s.name().equals("Sim-to-real gaps")).findFirst().orElseThrow();
            assertThat(schemas.latest(gaps.schemaId()).orElseThrow().schema()).isEqualTo(LabelSchemaJson.simToRealGaps());
        } finally {
            signIn.out();
        }
        UUID acme = provisioning.organization("acme").orElseThrow().id();
        assertThat(schemaStore.ensureSimToRealGaps(acme)).as("seeded at start-up, not twice").isFalse();
    }

    private Draft openGapDraft() throws Exception {
        signIn.as("pm@acme.test");
        try {
            DraftFixture.EpisodeAndSchema made = DraftFixture.tenSecondEpisodeAndCopy("gap api",
                    LabelSchemaJson.simToRealGaps(), datasets, store, schemas, current);
            return drafts.openDirect(made.episode(), made.schemaVersion());
        } finally {
            signIn.out();
        }
    }

    private static String gap(UUID id, String mode, double start, double end, String note) {
        return ("{\"kind\":\"gap\",\"id\":\"%s\",\"definition\":\"gap\",\"mode\":\"%s\",\"start\":%d,\"end\":%d%s}")
                .formatted(id, mode, (long) (start * SECOND), (long) (end * SECOND),
                        note == null ? "" : ",\"note\":\"" + note + "\"");
    }

    private static String save(long base, String... labels) {
        StringBuilder ops = new StringBuilder();
        for (String label : labels) {
            ops.append(ops.isEmpty() ? "" : ",").append("{\"op\":\"put\",\"label\":").append(label)
                    .append(",\"baseRevision\":").append(base).append('}');
        }
        return "{\"saveId\":\"" + UUID.randomUUID() + "\",\"clientId\":\"tab\",\"ops\":[" + ops + "]}";
    }

    @Test
    void overlappingGapsAreSavedReadBackAndSubmittedAndBadOnesAreRefusedWithTheirReasons() throws Exception {
        Draft draft = openGapDraft();
        ApiClient pm = ApiClient.signedIn(port, json, "pm@acme.test");
        pm.csrfFromPage();
        String saves = "/api/v1/drafts/" + draft.id() + "/saves";
        UUID friction = UUID.randomUUID();
        UUID latency = UUID.randomUUID();
        pm.postJson(saves, save(0, gap(friction, "friction", 1, 4, "cube slides 2 cm further"),
                gap(latency, "latency", 2, 3, null)), 200);

        JsonNode labels = pm.getJson("/api/v1/drafts/" + draft.id(), 200).get("labels");
        assertThat(labels.size()).isEqualTo(2);
        JsonNode first = labels.get(0).get("label");
        assertThat(first.get("kind").asString()).isEqualTo("gap");
        assertThat(first.get("id").asString()).isEqualTo(friction.toString());
        assertThat(first.get("mode").asString()).isEqualTo("friction");
        assertThat(first.get("start").asLong()).isEqualTo(SECOND);
        assertThat(first.get("end").asLong()).isEqualTo(4 * SECOND);
        assertThat(first.get("note").asString()).isEqualTo("cube slides 2 cm further");
        assertThat(labels.get(1).get("label").get("mode").asString()).isEqualTo("latency");

        JsonNode refused = pm.postJson(saves, save(1, gap(UUID.randomUUID(), "wind", 5, 6, null),
                gap(UUID.randomUUID(), "friction", 9, 12, null)), 422);
        List<String> problems = refused.get("problems").valueStream().map(JsonNode::asString).toList();
        assertThat(problems).hasSize(2);
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("'wind' is not a failure mode"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("lies outside the episode"));

        JsonNode submitted = pm.postJson("/api/v1/drafts/" + draft.id() + "/submissions",
                "{\"idempotencyKey\":\"key-" + UUID.randomUUID() + "\"}", 201);
        assertThat(submitted.get("labels").asInt()).isEqualTo(2);
    }
}
