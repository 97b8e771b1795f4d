package dev.touchstone.labeling.api;

import dev.touchstone.ApiClient;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.labeling.Draft;
import dev.touchstone.labeling.DraftFixture;
import dev.touchstone.labeling.DraftService;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.labeling.ProposalOutcome;
import dev.touchstone.labeling.ProposedLabel;
import dev.touchstone.organization.CurrentOrganization;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proposals in a draft over the drafts API (docs/labeling/api.md, "Proposals"): the outcome of each proposal shown
 * in the workspace (accepted unchanged, adjusted, deleted) is saved with the labels, checked against them, undone
 * with them, and kept when the draft is submitted. Bodies are written by hand in the contract's shape.
 */
@TouchstoneSpringTest
class DraftProposalsApiTest {

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

    private final UUID reach = UUID.randomUUID();
    private final UUID grasp = UUID.randomUUID();
    private final UUID contact = UUID.randomUUID();
    private final UUID broken = UUID.randomUUID();

    /** A project manager's draft of a fresh 10 s episode, shown four proposals (one of which breaks the schema). */
    private Draft draftWithProposals(List<ProposalOutcome> offered) throws Exception {
        signIn.as("pm@acme.test");
        try {
            DraftFixture.EpisodeAndSchema made = DraftFixture.tenSecondEpisodeAndStarterCopy("proposals", datasets,
                    store, schemas, current);
            Draft draft = drafts.openDirect(made.episode(), made.schemaVersion());
            offered.addAll(drafts.offerProposals(draft.id(), List.of(
                    proposal(new Label.Phase(reach, "phase", "main", "reach", 0, 2 * SECOND), "signals.phase", "2", 0.9),
                    proposal(new Label.Phase(grasp, "phase", "main", "grasp", 2 * SECOND, 3 * SECOND), "signals.phase",
                            "2", 0.7),
                    // A source that gave no confidence: recorded as none.
                    proposal(new Label.Event(contact, "contact", "contact-on", 2_500_000_000L), "model.y", "1",
                            null),
                    proposal(new Label.Phase(broken, "phase", "main", "dance", 0, SECOND), "model.x", "7", 0.5))));
            return draft;
        } finally {
            signIn.out();
        }
    }

    private static ProposedLabel proposal(Label label, String source, String version, Double confidence) {
        return new ProposedLabel(label, source, version, confidence,
                List.of(new ProposedLabel.Evidence("wrist_ft", List.of("fz"), 0, SECOND, "|F| rose above 1.0 N")));
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

    private static String outcome(UUID id, String outcome) {
        return "{\"labelId\":\"" + id + "\",\"outcome\":\"" + outcome + "\"}";
    }

    private static String save(List<String> ops, List<String> proposals) {
        return "{\"saveId\":\"" + UUID.randomUUID() + "\",\"clientId\":\"tab\",\"ops\":[" + String.join(",", ops)
                + "],\"proposals\":[" + String.join(",", proposals) + "]}";
    }

    private static String saves(Draft draft) {
        return "/api/v1/drafts/" + draft.id() + "/saves";
    }

    private static Map<String, String> outcomes(JsonNode draft) {
        Map<String, String> byId = new java.util.TreeMap<>();
        draft.get("proposals").forEach(p -> byId.put(p.get("labelId").asString(), p.get("outcome").asString()));
        return byId;
    }

    @Test
    void outcomesAreSavedWithTheLabelsUndoneWithThemAndKeptAtSubmit() throws Exception {
        List<ProposalOutcome> offered = new java.util.ArrayList<>();
        Draft draft = draftWithProposals(offered);
        assertThat(offered).as("the proposal with an unknown class is not offered")
                .extracting(ProposalOutcome::labelId).containsExactly(reach, grasp, contact);
        assertThat(offered).extracting(ProposalOutcome::outcome).containsOnly(ProposalOutcome.Outcome.PROPOSED);
        ApiClient pm = ApiClient.signedIn(port, json, "pm@acme.test");
        pm.csrfFromPage();

        JsonNode opened = pm.getJson("/api/v1/drafts/" + draft.id(), 200);
        assertThat(opened.get("labels").size()).as("proposals are not labels of the draft").isZero();
        JsonNode first = opened.get("proposals").get(0);
        assertThat(first.get("labelId").asString()).isEqualTo(reach.toString());
        assertThat(first.get("source").asString()).isEqualTo("signals.phase");
        assertThat(first.get("version").asString()).isEqualTo("2");
        assertThat(first.get("confidence").asDouble()).isEqualTo(0.9);
        assertThat(opened.get("proposals").get(2).get("labelId").asString()).isEqualTo(contact.toString());
        assertThat(opened.get("proposals").get(2).get("confidence").isNull()).as("no confidence, not 1.0").isTrue();
        assertThat(first.get("outcome").asString()).isEqualTo("proposed");

        // Accept reach unchanged, adjust grasp (its end), delete the contact (it never became a label).
        JsonNode saved = pm.postJson(saves(draft), save(
                List.of(put(phase(reach, "reach", 0, 2), 0), put(phase(grasp, "grasp", 2, 3.5), 0)),
                List.of(outcome(reach, "accepted"), outcome(grasp, "adjusted"), outcome(contact, "deleted"))), 200);
        assertThat(saved.get("revision").asLong()).isEqualTo(1);
        JsonNode after = pm.getJson("/api/v1/drafts/" + draft.id(), 200);
        assertThat(outcomes(after)).containsExactlyInAnyOrderEntriesOf(Map.of(reach.toString(), "accepted",
                grasp.toString(), "adjusted", contact.toString(), "deleted"));
        assertThat(after.get("labels").get(0).get("label").get("id").asString())
                .as("the accepted label keeps the proposal's id").isEqualTo(reach.toString());

        // Undo of the accept: the label goes and the proposal is proposed again; an outcome alone is a save too.
        pm.postJson(saves(draft), save(List.of(delete(reach, 1)), List.of(outcome(reach, "proposed"))), 200);
        pm.postJson(saves(draft), save(List.of(), List.of(outcome(contact, "proposed"))), 200);
        JsonNode undone = pm.getJson("/api/v1/drafts/" + draft.id(), 200);
        assertThat(undone.get("revision").asLong()).isEqualTo(3);
        assertThat(outcomes(undone)).containsEntry(reach.toString(), "proposed")
                .containsEntry(contact.toString(), "proposed").containsEntry(grasp.toString(), "adjusted");

        // Accepted again, then deleted after accepting: deleted. Then the required values, and submit twice.
        pm.postJson(saves(draft), save(List.of(put(phase(reach, "reach", 0, 2), 3)),
                List.of(outcome(reach, "accepted"), outcome(contact, "deleted"))), 200);
        pm.postJson(saves(draft), save(List.of(delete(reach, 4)), List.of(outcome(reach, "deleted"))), 200);
        pm.postJson(saves(draft), save(List.of(
                put("{\"kind\":\"value\",\"id\":\"" + UUID.randomUUID() + "\",\"definition\":\"grasp_outcome\","
                        + "\"segment\":null,\"classes\":[\"success\"]}", 0),
                put("{\"kind\":\"value\",\"id\":\"" + UUID.randomUUID() + "\",\"definition\":\"quality\","
                        + "\"accept\":true}", 0)), List.of()), 200);
        String submissions = "/api/v1/drafts/" + draft.id() + "/submissions";
        pm.postJson(submissions, "{\"idempotencyKey\":\"key-" + UUID.randomUUID() + "\"}", 201);
        pm.postJson(submissions, "{\"idempotencyKey\":\"key-" + UUID.randomUUID() + "\"}", 200);

        Map<String, String> kept = Map.of(reach.toString(), "deleted", grasp.toString(), "adjusted",
                contact.toString(), "deleted");
        assertThat(outcomes(pm.getJson("/api/v1/drafts/" + draft.id(), 200))).as("kept at submit")
                .containsExactlyInAnyOrderEntriesOf(kept);
        pm.postJson(saves(draft), save(List.of(), List.of(outcome(contact, "proposed"))), 409);

        signIn.as("pm@acme.test");
        try {
            assertThat(drafts.offerProposals(draft.id(), List.of(proposal(new Label.Event(UUID.randomUUID(),
                    "contact", "contact-off", SECOND), "signals.contact", "1", 0.6))))
                    .as("a submitted draft takes no new proposals and keeps its outcomes")
                    .extracting(p -> p.labelId() + "=" + p.outcome().jsonName())
                    .containsExactly(reach + "=deleted", grasp + "=adjusted", contact + "=deleted");
            Map<UUID, List<ProposalOutcome>> forQuality = drafts.proposalOutcomes(List.of(draft.id()));
            assertThat(forQuality.get(draft.id())).extracting(ProposalOutcome::source, ProposalOutcome::version,
                    ProposalOutcome::outcome).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("signals.phase", "2", ProposalOutcome.Outcome.DELETED),
                    org.assertj.core.groups.Tuple.tuple("signals.phase", "2", ProposalOutcome.Outcome.ADJUSTED),
                    org.assertj.core.groups.Tuple.tuple("model.y", "1", ProposalOutcome.Outcome.DELETED));
            assertThat(forQuality.get(draft.id())).extracting(ProposalOutcome::confidence)
                    .containsExactly(0.9, 0.7, null);
        } finally {
            signIn.out();
        }
    }

    @Test
    void unknownOutcomesAre400AndOutcomesThatDisagreeWithTheLabelsAre422AndApplyNothing() throws Exception {
        Draft draft = draftWithProposals(new java.util.ArrayList<>());
        ApiClient pm = ApiClient.signedIn(port, json, "pm@acme.test");
        pm.csrfFromPage();

        JsonNode unknown = pm.postJson(saves(draft), save(List.of(put(phase(reach, "reach", 0, 2), 0)),
                List.of(outcome(reach, "maybe"))), 400);
        assertThat(unknown.get("error").asString()).contains("maybe");
        JsonNode notProposed = pm.postJson(saves(draft), save(List.of(), List.of(outcome(UUID.randomUUID(),
                "deleted"))), 422);
        assertThat(notProposed.get("error").asString()).contains("is not a proposal shown in this draft");
        JsonNode dropped = pm.postJson(saves(draft), save(List.of(), List.of(outcome(broken, "deleted"))), 422);
        assertThat(dropped.get("error").asString()).as("the proposal the schema refused was never offered")
                .contains("is not a proposal shown in this draft");
        JsonNode changed = pm.postJson(saves(draft), save(List.of(put(phase(reach, "reach", 0, 1.5), 0)),
                List.of(outcome(reach, "accepted"))), 422);
        assertThat(changed.get("error").asString()).contains("cannot be 'accepted': the draft holds it changed");
        JsonNode same = pm.postJson(saves(draft), save(List.of(put(phase(reach, "reach", 0, 2), 0)),
                List.of(outcome(reach, "adjusted"))), 422);
        assertThat(same.get("error").asString()).contains("cannot be 'adjusted': the draft holds it unchanged");
        JsonNode missing = pm.postJson(saves(draft), save(List.of(), List.of(outcome(reach, "accepted"))), 422);
        assertThat(missing.get("error").asString()).contains("the draft has no label with its id");
        JsonNode twice = pm.postJson(saves(draft), save(List.of(),
                List.of(outcome(contact, "deleted"), outcome(contact, "deleted"))), 422);
        assertThat(twice.get("error").asString()).contains("twice");
        pm.postJson(saves(draft), "{\"saveId\":\"" + UUID.randomUUID() + "\",\"clientId\":\"tab\",\"ops\":[],"
                + "\"proposals\":[{\"outcome\":\"deleted\"}]}", 422);

        JsonNode after = pm.getJson("/api/v1/drafts/" + draft.id(), 200);
        assertThat(after.get("revision").asLong()).as("nothing of a refused save applies").isZero();
        assertThat(after.get("labels").size()).isZero();
        assertThat(outcomes(after).values()).containsOnly("proposed");
    }
}
