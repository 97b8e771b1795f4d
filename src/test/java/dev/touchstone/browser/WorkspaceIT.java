package dev.touchstone.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import dev.touchstone.SignIn;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelSchemaService;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The labeling workspace on the demo episode (20 s, two cameras, LiDAR, signals, tactile) under the humanoid starter
 * schema, which has every label type. Each test works as another member, so each has its own draft. What the
 * browser shows is checked against what PostgreSQL stores.
 */
class WorkspaceIT extends BrowserTest {

    private static final String STARTER = "Humanoid manipulation (starter)";

    @Autowired
    DSLContext dsl;
    @Autowired
    SignIn signIn;
    @Autowired
    LabelSchemaService schemas;

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
                where o.slug = 'acme' and s.name = ? order by v.version limit 1""", STARTER).get(0, UUID.class);
    }

    @Test
    void everyLabelTypeIsMadeWithTheKeyboardAndStoredAsMade() {
        signInAs("pm@acme.test");
        WorkspacePage ws = new WorkspacePage(page).open(episode, schemaVersion);

        // Phases: a class key starts one at the playhead; the next class key ends it and starts the next; Enter ends.
        ws.press("Home", "1");
        assertThat(page.locator("ts-label-tracks .marker")).isVisible();
        double[] boundaries = {2, 4, 6, 9, 12, 14};
        String[] keys = {"2", "3", "4", "5", "6", "7"};
        for (int i = 0; i < keys.length; i++) {
            ws.seek(boundaries[i]);
            ws.press(keys[i]);
        }
        ws.press("End", "Enter");
        assertThat(ws.segments()).hasCount(7);
        assertThat(ws.listItems("phase")).hasCount(7);

        // A phase's class changes by its key once it is selected (from the list: jump-to), and undo takes it back.
        ws.listItems("phase").nth(2).click();
        assertThat(page.locator("ts-label-workspace #selected-label")).containsText("Lift");
        ws.focusPlayer();
        ws.press("4");
        assertThat(page.locator("ts-label-workspace #selected-label")).containsText("Transport");
        ws.press("Control+z");
        assertThat(page.locator("ts-label-workspace #selected-label")).containsText("Lift");
        ws.press("Escape");

        // Split at the playhead and merge back.
        ws.seek(7.5);
        ws.press("Control+k");
        assertThat(ws.segments()).hasCount(8);
        ws.seek(6.5);
        ws.press("Control+m");
        assertThat(ws.segments()).hasCount(7);

        // Dragging the boundary between reach and grasp moves both: consecutive phases stay consecutive.
        Locator grasp = page.locator("ts-label-tracks .segment[data-label='Grasp']");
        BoundingBox box = grasp.boundingBox();
        page.mouse().move(box.x + 1, box.y + box.height / 2);
        page.mouse().down();
        page.mouse().move(box.x + 25, box.y + box.height / 2, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(5));
        page.mouse().up();
        ws.focusPlayer();

        // Events: dropped at the playhead by their keys; one nudged a frame later from the keyboard.
        ws.seek(3);
        ws.press("c");
        ws.seek(9);
        ws.press("v");
        ws.seek(5);
        ws.press("x");
        assertThat(ws.events()).hasCount(3);
        page.locator("ts-label-workspace #label-list button[data-kind='event']", new Page.LocatorOptions()
                .setHasText("Slip onset")).click();
        ws.focusPlayer();
        double slipBefore = ws.time();
        ws.press("Control+ArrowRight");
        assertThat(ws.time()).as("the nudged event took the playhead one frame on").isGreaterThan(slipBefore);
        ws.press("Escape");

        // Episode values from the keyboard: the definition's key focuses its field, Esc/Enter give the keys back.
        ws.press("o", "Space", "Escape");
        ws.press("q", "ArrowRight", "Space", "Tab", "Space", "Escape");
        ws.press("r", "ArrowRight", "ArrowRight", "ArrowRight", "Space", "Escape");
        ws.press("m");
        page.keyboard().type("0.35");
        ws.press("Enter");
        ws.press("d");
        page.keyboard().type("pick up the cup with the right hand");
        ws.press("Escape");
        assertThat(ws.listItems("value")).hasCount(5);

        // A box on the camera: its class key puts one on the picture; Ctrl+arrows move it, a second keyframe later.
        ws.seek(4);
        ws.press("t", "Control+ArrowRight", "Control+ArrowRight");
        ws.seek(8);
        ws.press("Control+ArrowDown", "Escape");
        // A cuboid in the LiDAR cloud: placed at the view's focus, moved and turned.
        ws.press("g", "Control+ArrowUp", "Control+Period", "Escape");
        assertThat(ws.listItems("box2d")).hasCount(1);
        assertThat(ws.listItems("cuboid3d")).hasCount(1);

        ws.waitSaved();
        UUID draft = draftOf("pm@acme.test");
        Map<String, Integer> kinds = dsl.fetch("select kind, count(*) from label where draft_id = ? and not deleted "
                + "group by kind", draft).stream().collect(Collectors.toMap(r -> r.get(0, String.class),
                r -> r.get(1, Integer.class)));
        assertThat(kinds).containsExactlyInAnyOrderEntriesOf(Map.of("phase", 7, "event", 3, "value", 5,
                "box2d", 1, "cuboid3d", 1));
        Result<Record> phases = dsl.fetch("select class_key, start_ns, end_ns from label where draft_id = ? "
                + "and kind = 'phase' and not deleted order by start_ns", draft);
        assertThat(phases.getValues(0, String.class)).containsExactly("reach", "grasp", "lift", "transport",
                "place", "release", "retract");
        assertThat(phases.get(0).get(1, Long.class)).isZero();
        for (int i = 1; i < phases.size(); i++) {
            assertThat(phases.get(i).get(1, Long.class)).as("phase %d starts where the one before ends", i)
                    .isEqualTo(phases.get(i - 1).get(2, Long.class));
        }
        assertThat(phases.get(1).get(1, Long.class)).as("the dragged boundary moved later than 2 s")
                .isGreaterThan(2_000_000_000L);
        assertThat(dsl.fetchSingle("select jsonb_array_length(body->'keyframes') from label where draft_id = ? "
                + "and kind = 'box2d'", draft).get(0, Integer.class)).isEqualTo(2);
        assertThat(dsl.fetchSingle("select (body->>'number')::float8 from label where draft_id = ? "
                + "and definition = 'object_mass'", draft).get(0, Double.class)).isEqualTo(0.35);
        assertThat(dsl.fetchSingle("select body->>'text' from label where draft_id = ? and definition = 'description'",
                draft).get(0, String.class)).isEqualTo("pick up the cup with the right hand");
        assertThat(dsl.fetchSingle("select body->'classes'->>0 from label where draft_id = ? "
                + "and definition = 'quality'", draft).get(0, String.class)).isEqualTo("too_noisy");
        assertThat(dsl.fetchSingle("select (body->>'number')::float8 from label where draft_id = ? "
                + "and definition = 'demo_quality'", draft).get(0, Double.class)).isEqualTo(4.0);

        screenshotIfAsked();
        // A double click on submit makes one submission, and the workspace says so.
        ws.submit().dblclick();
        assertThat(ws.submitted()).isVisible();
        assertThat(ws.saveState()).hasAttribute("data-state", "submitted");
        assertThat(dsl.fetchSingle("select count(*) from label_submission where draft_id = ?", draft)
                .get(0, Integer.class)).isEqualTo(1);
        assertThat(dsl.fetchSingle("select jsonb_array_length(labels) from label_submission where draft_id = ?", draft)
                .get(0, Integer.class)).isEqualTo(17);
        // Reopened after submission, it shows the labels and accepts no more edits.
        ws.open(episode, schemaVersion);
        assertThat(ws.saveState()).hasAttribute("data-state", "submitted");
        assertThat(ws.listItems()).hasCount(17);
        ws.press("c");
        assertThat(ws.events()).hasCount(3);
    }

    @Test
    void nothingIsLostByClosingTheTabOrTheBrowserOrInASecondTab() {
        signInAs("qa@acme.test");
        WorkspacePage ws = new WorkspacePage(page).open(episode, schemaVersion);
        ws.press("Home", "1");
        ws.seek(2);
        ws.press("Enter");
        ws.waitSaved();

        // The whole browser goes away after the autosave: the server has the phase.
        Browser browser = context.browser();
        context.close();
        context = newSignedInContext(browser, "qa@acme.test");
        ws = new WorkspacePage(page).open(episode, schemaVersion);
        assertThat(ws.segments()).hasCount(1);

        // The tab closes a moment after an edit, before any autosave could have gone out.
        ws.seek(1);
        ws.press("c");
        page.close();
        page = context.newPage();
        ws = new WorkspacePage(page).open(episode, schemaVersion);
        assertThat(ws.events()).hasCount(1);
        ws.waitSaved();
        assertThat(dsl.fetchSingle("select count(*) from label where draft_id = ? and kind = 'event' and not deleted",
                draftOf("qa@acme.test")).get(0, Integer.class)).isEqualTo(1);

        // A second tab on the same draft: it changes the phase's class after this tab did, without having seen that
        // change (its periodic refresh has not come yet). Nothing is overwritten silently: it is asked.
        Page second = context.newPage();
        WorkspacePage other = new WorkspacePage(second).open(episode, schemaVersion);
        second.evaluate("document.querySelector('ts-label-workspace').saver.stop()");
        ws.focusPlayer();
        page.locator("ts-label-tracks .segment[data-id]").first().click();
        ws.focusPlayer();
        ws.press("2");
        ws.waitSaved();
        second.locator("ts-label-tracks .segment[data-id]").first().click();
        other.focusPlayer();
        other.press("3");
        assertThat(second.locator("ts-label-workspace #conflicts")).containsText("changed elsewhere");
        second.locator("ts-label-workspace #conflicts button[data-choice='mine']").click();
        other.waitSaved();
        assertThat(second.locator("ts-label-workspace #conflicts")).isHidden();
        assertThat(dsl.fetchSingle("select class_key from label where draft_id = ? and kind = 'phase'",
                draftOf("qa@acme.test")).get(0, String.class)).as("kept the second tab's choice, knowingly")
                .isEqualTo("lift");
    }

    @Test
    void whatBreaksARuleIsRefusedWithItsReasonAndNothingOfItIsStored() {
        // Each broken save is refused by the server on purpose (422, with its reason).
        allowProblem("^HTTP 422 POST /api/v1/drafts/[0-9a-f-]{36}/saves$");
        signInAs("admin@acme.test");
        WorkspacePage ws = new WorkspacePage(page).open(episode, schemaVersion);
        assertThat(dsl.fetchSingle("select in_use_since is not null from label_schema_version where id = ?",
                schemaVersion).get(0, Boolean.class)).as("a draft froze its schema version").isTrue();
        assertThat(page.locator("#workspace-schema")).containsText("v1");
        ws.press("Home", "1");
        ws.seek(2);
        ws.press("Enter");
        ws.waitSaved();

        // From the keyboard, an overlapping phase is refused on the spot.
        ws.seek(1);
        ws.press("2");
        assertThat(ws.message()).containsText("inside");
        ws.seek(3);
        ws.press("2");
        ws.seek(1);
        ws.press("Enter");
        assertThat(ws.message()).containsText("would overlap Reach");
        ws.press("Escape");
        assertThat(ws.segments()).hasCount(1);

        // What no editor makes, the server refuses as a whole, saying why; undo brings the draft back to saving.
        Map<String, String> broken = Map.of(
                "lies outside the episode", """
                        [{"kind":"event","id":"%s","definition":"contact","classKey":"contact-on","time":999000000000}]""",
                "is not a class of", """
                        [{"kind":"phase","id":"%s","definition":"phase","track":"second","classKey":"dance","start":0,"end":1000}]""",
                "needs a positive width and height", """
                        [{"kind":"box2d","id":"%s","definition":"object_box","classKey":"target","trackId":"9",
                          "stream":"head","keyframes":[{"time":0,"x":10,"y":10,"width":-5,"height":8}]}]""");
        for (Map.Entry<String, String> bad : broken.entrySet()) {
            ws.editInStore("bad", bad.getValue().formatted(UUID.randomUUID()));
            assertThat(ws.saveState()).hasAttribute("data-state", "refused");
            assertThat(page.locator("ts-label-workspace #save-problems")).containsText(bad.getKey());
            ws.press("Control+z");
            ws.waitSaved();
        }
        assertThat(dsl.fetchSingle("select count(*) from label where draft_id = ? and not deleted",
                draftOf("admin@acme.test")).get(0, Integer.class)).as("only the one good phase").isEqualTo(1);

        // Submitting without the required labels lists what is missing and submits nothing, from the keyboard
        // (its confirmation) and from the button.
        ws.press("Control+Enter");
        assertThat(ws.confirmation().locator("#confirm-missing")).containsText("Grasp outcome is required");
        ws.press("Enter", "Escape");
        ws.submit().click();
        assertThat(page.locator("ts-label-workspace #submit-problems")).containsText("Grasp outcome is required");
        assertThat(dsl.fetchSingle("select count(*) from label_submission where draft_id = ?",
                draftOf("admin@acme.test")).get(0, Integer.class)).isZero();
    }

    /**
     * Issue 17 item 7: a value key put the focus on the first choice, and an arrow then changed "Slip" to "Fail".
     * The focus lands on the chosen value, arrows only move between choices, and Space chooses.
     */
    @Test
    void aValueKeyFocusesTheChosenValueAndArrowsDoNotChangeTheAnswer() {
        UUID version = freshStarterVersion("focus");
        signInAs("qa@acme.test");
        WorkspacePage ws = new WorkspacePage(page).open(episode, version);
        ws.field("grasp_outcome").locator("input[value='slip']").check();
        ws.waitSaved();
        ws.focusPlayer();

        ws.press("o");
        assertThat(ws.focusedChoice()).as("the key focuses the current answer").isEqualTo("grasp_outcome=slip");
        ws.press("ArrowRight");
        assertThat(ws.focusedChoice()).as("an arrow moves the focus").isEqualTo("grasp_outcome=fail");
        assertThat(ws.field("grasp_outcome").locator("input[value='slip']")).isChecked();
        ws.press("ArrowLeft", "ArrowLeft");
        assertThat(ws.focusedChoice()).isEqualTo("grasp_outcome=success");
        assertThat(ws.field("grasp_outcome").locator("input[value='slip']")).isChecked();
        ws.press("Escape");
        ws.waitSaved();
        assertThat(episodeValue("qa@acme.test", version, "grasp_outcome")).isEqualTo("slip");

        // Space chooses the focused value, on purpose.
        ws.press("o", "ArrowRight", "Space", "Escape");
        assertThat(ws.field("grasp_outcome").locator("input[value='fail']")).isChecked();
        ws.waitSaved();
        assertThat(episodeValue("qa@acme.test", version, "grasp_outcome")).isEqualTo("fail");
    }

    /**
     * Issue 17 item 7: Ctrl+Enter submitted at once. It now opens a confirmation that lists what is missing and the
     * values (changed ones marked); nothing is submitted until Enter confirms, and Esc goes back.
     */
    @Test
    void ctrlEnterAsksFirstListingMissingAndChangedValuesAndSubmitsOnlyOnConfirmation() {
        UUID version = freshStarterVersion("confirm");
        signInAs("pm@acme.test");
        WorkspacePage ws = new WorkspacePage(page).open(episode, version);
        ws.press("Home", "1");
        ws.seek(2);
        ws.press("Enter");
        ws.field("grasp_outcome").locator("input[value='slip']").check();
        ws.waitSaved();
        ws.focusPlayer();

        // Quality (required) is missing: the dialog says so and offers no submit.
        ws.press("Control+Enter");
        assertThat(ws.confirmation()).isVisible();
        assertThat(ws.confirmation().locator("#confirm-missing")).containsText("Quality verdict is required");
        Locator outcome = ws.confirmation().locator("#confirm-values tr[data-definition='grasp_outcome']");
        assertThat(outcome).hasAttribute("data-changed", "true");
        assertThat(outcome).containsText("Slip");
        assertThat(ws.confirmation().locator("#confirm-submit")).hasCount(0);
        ws.press("Enter");
        assertThat(ws.confirmation()).isVisible();
        ws.press("Escape");
        assertThat(ws.confirmation()).isHidden();
        assertThat(submissions("pm@acme.test", version)).isZero();

        // Complete: the dialog lists the labels; a second Ctrl+Enter does not confirm; Esc submits nothing.
        ws.field("quality").locator("input[value='accept']").check();
        ws.waitSaved();
        ws.focusPlayer();
        ws.press("Control+Enter");
        assertThat(ws.confirmation().locator("#confirm-missing")).hasCount(0);
        assertThat(ws.confirmation().locator("#confirm-counts")).containsText("1 Task phase");
        String shots = System.getProperty("workspace.screenshots");
        if (shots != null && !shots.isBlank()) {
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of(shots, "workspace-confirm.png")));
        }
        assertThat(ws.confirmation().locator("#confirm-values tr[data-definition='quality']")).containsText("Accept");
        ws.press("Control+Enter");
        ws.press("Escape");
        assertThat(ws.confirmation()).isHidden();
        page.waitForTimeout(500);
        assertThat(submissions("pm@acme.test", version)).as("nothing submitted without confirmation").isZero();
        assertThat(ws.saveState()).hasAttribute("data-state", "saved");

        // Confirmed with Enter, pressed twice quickly: one submission.
        ws.press("Control+Enter");
        assertThat(ws.confirmation().locator("#confirm-submit")).isFocused();
        ws.press("Enter", "Enter");
        assertThat(ws.submitted()).isVisible();
        assertThat(ws.saveState()).hasAttribute("data-state", "submitted");
        assertThat(submissions("pm@acme.test", version)).isEqualTo(1);
    }

    /** Issue 17 item 9: at 1600x1000 Submit and the label list sat below the fold. */
    @Test
    void submitAndTheLabelListAreInViewWithoutScrolling() {
        UUID version = freshStarterVersion("fold");
        signInAs("admin@acme.test");
        for (int[] size : new int[][] {{1600, 1000}, {1280, 800}}) {
            page.setViewportSize(size[0], size[1]);
            WorkspacePage ws = new WorkspacePage(page).open(episode, version);
            if (ws.listItems("phase").count() == 0) {
                ws.press("Home", "1");
                ws.seek(2);
                ws.press("2");
                ws.seek(4);
                ws.press("Enter");
            }
            ws.listItems("phase").first().click();
            assertThat(page.locator("ts-label-workspace #selected-label")).isVisible();
            String at = size[0] + "x" + size[1];
            for (Locator part : List.of(ws.submit(), page.locator("ts-label-workspace #label-list"),
                    ws.listItems("phase").last(), page.locator("ts-label-workspace #selected-label h3"))) {
                BoundingBox box = part.boundingBox();
                assertThat(box).as("%s at %s", part, at).isNotNull();
                assertThat(box.y).as("%s starts inside the window at %s", part, at).isGreaterThanOrEqualTo(0);
                assertThat(box.y + box.height).as("%s ends inside the window at %s", part, at)
                        .isLessThanOrEqualTo(size[1]);
            }
            assertThat(((Number) page.evaluate("document.scrollingElement.scrollTop")).intValue()).isZero();
            String shots = System.getProperty("workspace.screenshots");
            if (shots != null && !shots.isBlank()) {
                page.screenshot(new Page.ScreenshotOptions().setPath(Path.of(shots, "workspace-" + at + ".png")));
            }
            ws.waitSaved();
        }
    }

    /** A copy of the starter schema under a new name: a draft of its own for a member who has one already. */
    private UUID freshStarterVersion(String purpose) {
        signIn.as("admin@acme.test");
        try {
            LabelSchema starter = schemas.version(schemaVersion).orElseThrow().schema();
            return schemas.create(new LabelSchema(starter.name() + " " + purpose + " " + UUID.randomUUID(),
                    starter.description(), starter.definitions())).id();
        } finally {
            signIn.out();
        }
    }

    private String episodeValue(String email, UUID version, String definition) {
        return dsl.fetchSingle("""
                select l.body->'classes'->>0 from label l join label_draft d on d.id = l.draft_id
                join app_user u on u.id = d.owner_id
                where u.email = ? and d.episode_id = ? and d.schema_version_id = ? and l.definition = ?
                  and not l.deleted""", email, episode, version, definition).get(0, String.class);
    }

    private int submissions(String email, UUID version) {
        return dsl.fetchSingle("""
                select count(*) from label_submission s join label_draft d on d.id = s.draft_id
                join app_user u on u.id = d.owner_id
                where u.email = ? and d.episode_id = ? and d.schema_version_id = ?""", email, episode, version)
                .get(0, Integer.class);
    }

    private com.microsoft.playwright.BrowserContext newSignedInContext(Browser browser, String email) {
        com.microsoft.playwright.BrowserContext fresh = browser.newContext(new Browser.NewContextOptions()
                .setBaseURL("http://localhost:" + port).setViewportSize(1280, 800));
        fresh.setDefaultTimeout(20_000);
        page = fresh.newPage();
        signInAs(email);
        return fresh;
    }

    private UUID draftOf(String email) {
        return dsl.fetchSingle("""
                select d.id from label_draft d join app_user u on u.id = d.owner_id
                where u.email = ? and d.episode_id = ? and d.schema_version_id = ?""", email, episode, schemaVersion)
                .get(0, UUID.class);
    }

    private void screenshotIfAsked() {
        String screenshot = System.getProperty("workspace.screenshot");
        if (screenshot != null && !screenshot.isBlank()) {
            page.setViewportSize(1600, 1000);
            page.evaluate("document.querySelector('ts-label-workspace').shadowRoot.querySelector('aside').scrollTop = 0");
            page.waitForTimeout(1500);
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of(screenshot)));
        }
    }
}
