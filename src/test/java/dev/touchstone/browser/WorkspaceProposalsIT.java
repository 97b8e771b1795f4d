package dev.touchstone.browser;

import com.microsoft.playwright.Locator;
import dev.touchstone.SignIn;
import dev.touchstone.labeling.Draft;
import dev.touchstone.labeling.DraftService;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.ProposedLabel;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proposals in the labeling workspace (docs/labeling/workspace.md, "Proposals") on the demo episode: accepted with
 * Enter, adjusted by an edit, deleted with Delete, undone and redone, and what became of each stored by labeling and
 * still so after a reload. The proposals are offered to the draft through {@link DraftService#offerProposals}, as the
 * page that opens an assignment's workspace does; the episode's own labeling page shows none (only an assignment's
 * workspace does, when its project lets annotators see proposals), so this test hands the element the same JSON
 * {@code LabelWorkspace.withProposals} would set, before it starts.
 */
class WorkspaceProposalsIT extends BrowserTest {

    private static final long SECOND = 1_000_000_000L;

    @Autowired
    DSLContext dsl;
    @Autowired
    SignIn signIn;
    @Autowired
    DraftService drafts;
    @Autowired
    JsonMapper json;

    private UUID episode;
    private UUID schemaVersion;

    @BeforeEach
    void demoEpisodeAndStarterSchema() throws InterruptedException {
        for (int attempt = 0; attempt < 240 && episode == null; attempt++) {
            episode = dsl.fetchOptional("""
                    select e.id from episode e join organization o on o.id = e.organization_id
                    where o.slug = 'acme' and e.name = 'synthetic-1-0000'""")
                    .map(r -> r.get(0, UUID.class)).orElse(null);
            if (episode == null) {
                Thread.sleep(500);
            }
        }
        assertThat(episode).as("the demo episode imported in the background").isNotNull();
        schemaVersion = dsl.fetchSingle("""
                select v.id from label_schema_version v join label_schema s on s.id = v.schema_id
                join organization o on o.id = s.organization_id
                where o.slug = 'acme' and s.name = 'Humanoid manipulation (starter)' order by v.version limit 1""")
                .get(0, UUID.class);
    }

    private static ProposedLabel proposal(Label label, String source, String version, double confidence,
                                          double from, double to, String note) {
        return new ProposedLabel(label, source, version, confidence, List.of(new ProposedLabel.Evidence("wrist_ft",
                List.of("fz"), (long) (from * SECOND), (long) (to * SECOND), note)));
    }

    @Test
    void proposalsAreAcceptedAdjustedAndDeletedFromTheKeyboardAndWhatBecameOfEachIsStored() {
        UUID reach = UUID.randomUUID();
        UUID grasp = UUID.randomUUID();
        UUID lift = UUID.randomUUID();
        UUID contactOn = UUID.randomUUID();
        UUID contactOff = UUID.randomUUID();
        List<ProposedLabel> proposals = List.of(
                proposal(new Label.Phase(reach, "phase", "main", "reach", 0, 3_100_000_000L), "signals.phase", "2",
                        0.91, 0, 3.1, "speed rose above 0.05 m/s"),
                proposal(new Label.Phase(grasp, "phase", "main", "grasp", 3_100_000_000L, 5_200_000_000L),
                        "signals.phase", "2", 0.84, 3.0, 5.2, "aperture closed below 40 %"),
                proposal(new Label.Phase(lift, "phase", "main", "lift", 5_200_000_000L, 8 * SECOND), "signals.phase",
                        "2", 0.66, 5.2, 8, "|Fz| above 2 N while rising"),
                proposal(new Label.Event(contactOn, "contact", "contact-on", 3_200_000_000L), "signals.contact", "1",
                        0.88, 3.1, 3.3, "|ΔF| rose above 1.0 N (peak 18.3 N)"),
                proposal(new Label.Event(contactOff, "contact", "contact-off", 14_500_000_000L), "signals.contact", "1",
                        0.52, 14.3, 14.6, "pressure fell below 0.2 kPa"));
        signIn.as("pm@acme.test");
        Draft draft;
        try {
            draft = drafts.openDirect(episode, schemaVersion);
            assertThat(drafts.offerProposals(draft.id(), proposals)).hasSize(5);
        } finally {
            signIn.out();
        }
        context.addInitScript("window.__proposals = " + json.writeValueAsString(json.writeValueAsString(proposals))
                + "; const define = customElements.define.bind(customElements);"
                + " customElements.define = (name, type, options) => { if (name === 'ts-label-workspace') {"
                + " const first = type.prototype.firstUpdated; type.prototype.firstUpdated = function () {"
                + " this.proposalsJson = window.__proposals; return first.call(this); }; }"
                + " return define(name, type, options); };");

        signInAs("pm@acme.test");
        WorkspacePage ws = new WorkspacePage(page).open(episode, schemaVersion);
        Locator counts = page.locator("ts-label-workspace #proposal-counts");
        assertThat(counts).hasAttribute("data-proposed", "5");
        assertThat(page.locator("ts-label-tracks .segment[data-proposed='true']")).hasCount(3);
        assertThat(page.locator("ts-label-tracks .event[data-proposed='true']")).hasCount(2);
        assertThat(page.locator("ts-label-workspace #label-list button[data-proposed='true']")).hasCount(5);

        // Selected: who proposed it and why, its evidence shaded on its lane. Enter accepts it as it is.
        item(grasp).click();
        assertThat(page.locator("ts-label-workspace #proposal-panel")).containsText("signals.phase");
        assertThat(page.locator("ts-label-workspace #proposal-panel")).containsText("confidence 0.84");
        assertThat(page.locator("ts-label-workspace #proposal-evidence")).containsText("aperture closed below 40 %");
        assertThat(page.locator("ts-label-tracks .evidence")).hasCount(1);
        ws.focusPlayer();
        ws.press("Enter");
        assertThat(counts).hasAttribute("data-accepted", "1");
        assertThat(page.locator("ts-label-tracks .segment[data-id='" + grasp + "']")).not().hasAttribute("data-proposed",
                "true");

        // Any edit of a proposal accepts it changed: the reach's start a frame later.
        item(reach).click();
        ws.focusPlayer();
        ws.press("Control+ArrowRight");
        assertThat(counts).hasAttribute("data-adjusted", "1");

        // Delete rejects one; undo brings it back as a proposal, redo deletes it again.
        item(contactOff).click();
        ws.focusPlayer();
        ws.press("Delete");
        assertThat(counts).hasAttribute("data-deleted", "1");
        ws.press("Control+z");
        assertThat(counts).hasAttribute("data-deleted", "0");
        assertThat(item(contactOff)).hasAttribute("data-proposed", "true");
        ws.press("Control+Shift+z");
        assertThat(counts).hasAttribute("data-deleted", "1");
        assertThat(counts).hasAttribute("data-proposed", "2");
        ws.waitSaved();

        assertThat(outcomes(draft.id())).isEqualTo(Map.of(reach, "adjusted", grasp, "accepted", contactOff, "deleted",
                lift, "proposed", contactOn, "proposed"));
        assertThat(dsl.fetchValue("select body->>'end' from label where draft_id = ? and id = ? and not deleted",
                draft.id(), grasp)).as("accepted unchanged, under the proposal's id").isEqualTo("5200000000");
        assertThat(dsl.fetchValue("select (body->>'start')::bigint > 0 from label where draft_id = ? and id = ?",
                draft.id(), reach)).as("adjusted: its start moved").isEqualTo(true);
        assertThat(dsl.fetchCount(dsl.selectFrom("label").where("draft_id = ? and id in (?, ?, ?)", draft.id(), lift,
                contactOn, contactOff))).as("proposals not accepted are no labels of the draft").isZero();

        // After a reload the proposals acted on are not proposed again; Shift+Enter accepts the rest of a track.
        ws.open(episode, schemaVersion);
        assertThat(counts).hasAttribute("data-proposed", "2");
        assertThat(counts).hasAttribute("data-accepted", "1");
        assertThat(counts).hasAttribute("data-adjusted", "1");
        assertThat(counts).hasAttribute("data-deleted", "1");
        assertThat(page.locator("ts-label-workspace #label-list button[data-proposed='true']")).hasCount(2);
        assertThat(item(contactOff)).hasCount(0);
        item(lift).click();
        ws.focusPlayer();
        ws.press("Shift+Enter");
        assertThat(counts).hasAttribute("data-proposed", "1");
        ws.waitSaved();
        assertThat(outcomes(draft.id())).containsEntry(lift, "accepted").containsEntry(contactOn, "proposed");
    }

    private Locator item(UUID id) {
        return page.locator("ts-label-workspace #label-list button[data-id='" + id + "']");
    }

    private Map<UUID, String> outcomes(UUID draftId) {
        Map<UUID, String> byId = new HashMap<>();
        dsl.fetch("select label_id, coalesce(outcome, 'proposed') from label_proposal where draft_id = ?", draftId)
                .forEach(r -> byId.put(r.get(0, UUID.class), r.get(1, String.class)));
        return byId;
    }
}
