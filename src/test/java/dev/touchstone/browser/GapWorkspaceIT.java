package dev.touchstone.browser;

import com.microsoft.playwright.Page;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Gap labels in the workspace (issue 22): the demo episode under the demo's "Sim-to-real gaps" schema. Gaps are made
 * with their failure-mode keys, overlap in rows of one lane, get a note, move and undo, and PostgreSQL stores them.
 */
class GapWorkspaceIT extends BrowserTest {

    private static final String GAPS = "Sim-to-real gaps";

    @Autowired
    DSLContext dsl;

    private UUID episode;
    private UUID schemaVersion;

    @BeforeEach
    void demoEpisodeAndGapSchema() throws InterruptedException {
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
                where o.slug = 'acme' and s.name = ? order by v.version limit 1""", GAPS).get(0, UUID.class);
    }

    @Test
    void overlappingGapsAreMadeWithModeKeysGetANoteAndAreStoredAsMade() {
        signInAs("qa@acme.test");
        WorkspacePage ws = new WorkspacePage(page).open(episode, schemaVersion);

        // f starts a friction gap at the playhead (a dashed marker to the playhead); Enter ends it.
        ws.seek(2);
        ws.press("f");
        assertThat(page.locator("ts-label-tracks .marker")).isVisible();
        ws.seek(6);
        ws.press("Enter");
        // t starts a latency gap inside it; t again ends it: gaps may overlap, so they take two rows of the lane.
        ws.seek(4);
        ws.press("t");
        ws.seek(5);
        ws.press("t");
        assertThat(ws.segments()).hasCount(2);
        assertThat(page.locator("ts-label-tracks .lane[data-track='gap:gap']")).hasAttribute("data-rows", "2");
        assertThat(page.locator("ts-label-tracks .segment[data-label='Latency']")).hasAttribute("data-row", "1");
        assertThat(ws.listItems("gap")).hasCount(2);

        // Select the friction gap from the list, write its note, change its mode to perception and back with undo.
        ws.listItems("gap").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("Friction"))
                .click();
        page.locator("ts-label-workspace #gap-note").fill("cube slides further than in sim");
        ws.focusPlayer();
        ws.press("p");
        assertThat(page.locator("ts-label-workspace #selected-label")).containsText("Perception gap");
        ws.press("Control+z");
        assertThat(page.locator("ts-label-workspace #selected-label")).containsText("Friction gap");
        // Its end moves a frame later from the keyboard.
        ws.press("Control+Shift+ArrowRight");

        ws.waitSaved();
        UUID draft = dsl.fetchSingle("""
                select d.id from label_draft d join app_user u on u.id = d.owner_id
                where u.email = 'qa@acme.test' and d.episode_id = ? and d.schema_version_id = ?""", episode,
                schemaVersion).get(0, UUID.class);
        Result<Record> gaps = dsl.fetch("select class_key, start_ns, end_ns, body->>'note' from label "
                + "where draft_id = ? and kind = 'gap' and not deleted order by start_ns", draft);
        assertThat(gaps.getValues(0, String.class)).containsExactly("friction", "latency");
        assertThat(gaps.get(0).get(1, Long.class) / 1e9).isCloseTo(2, within(0.1));
        assertThat(gaps.get(0).get(2, Long.class) / 1e9).as("6 s and a frame later").isGreaterThan(6)
                .isCloseTo(6, within(0.2));
        assertThat(gaps.get(0).get(3, String.class)).isEqualTo("cube slides further than in sim");
        assertThat(gaps.get(1).get(1, Long.class) / 1e9).isCloseTo(4, within(0.1));
        assertThat(gaps.get(1).get(2, Long.class) / 1e9).isCloseTo(5, within(0.1));
        assertThat(gaps.get(1).get(3, String.class)).isNull();
        page.screenshot(new Page.ScreenshotOptions().setPath(java.nio.file.Path.of("target", "gap-workspace.png")));
    }
}
