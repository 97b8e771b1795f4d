package dev.touchstone.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.touchstone.SignIn;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.organization.Role;
import dev.touchstone.workflow.Assignment;
import dev.touchstone.workflow.ReviewService;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkflowService;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.microsoft.playwright.options.BoundingBox;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The review loop in the browser with the demo logins: two annotators label the demo episode from "Start labeling"
 * and disagree on the grasp outcome, the task lands in the QA lead's inbox, the QA lead returns one annotator's
 * work with a comment, that annotator sees the comment, reworks and resubmits, and the task is accepted and made
 * gold. Checked against PostgreSQL at the end.
 */
class WorkflowIT extends BrowserTest {

    private static final String COMMENT = "The cup stays in the hand after release: that is a success, not a slip";

    @Autowired
    DSLContext dsl;
    @Autowired
    SignIn signIn;
    @Autowired
    WorkflowService workflow;
    @Autowired
    OrganizationProvisioning provisioning;
    @Autowired
    ReviewService reviews;

    @Test
    void disagreementIsReviewedReturnedReworkedAndAccepted() throws InterruptedException {
        Project project = reviewedProjectOnTheDemoEpisode();
        UUID task = dsl.fetchSingle("select id from task where project_id = ?", project.id()).get(0, UUID.class);

        labelFromStartLabeling("annotator@acme.test", "Space");
        labelFromStartLabeling("annotator2@acme.test", "ArrowRight", "Space");
        assertThat(reviewState(task)).as("the outcomes differ").isEqualTo("review");

        // The QA lead finds the task in the inbox, sees both annotations, and returns Ben's with a comment.
        AppShell shell = signInAs("qa@acme.test");
        page.navigate("/review");
        // Its reasons are shown whole, in words (the inbox once cut every reason to one line, hiding the second).
        String reason = dsl.fetchSingle("select review_reason from task where id = ?", task).get(0, String.class);
        assertThat(reason).contains("Grasp outcome").doesNotContainPattern("\\d{5,}");
        Locator why = page.locator("#review-grid vaadin-grid-cell-content", new Page.LocatorOptions()
                .setHasText(reason)).first();
        assertThat(why).isVisible();
        assertThat((Boolean) why.evaluate("e => e.scrollWidth <= e.clientWidth + 1"
                + " && e.scrollHeight <= e.clientHeight + 1")).as("the reason is shown whole: %s", reason).isTrue();
        Locator row = page.locator("#review-grid vaadin-grid-cell-content", new Page.LocatorOptions()
                .setHasText(project.name()));
        row.first().click();
        page.waitForURL(url -> URI.create(url).getPath().equals("/review/" + task));
        assertThat(page.locator("#review-state")).containsText("Grasp outcome");
        assertThat(page.locator("#review-values")).containsText("slip");
        assertThat(page.locator("#review-values")).containsText("success");
        assertThat(page.locator("ts-label-tracks")).isVisible();
        assertThat(((Number) page.evaluate("document.querySelector('ts-label-tracks').tracks.length")).intValue())
                .as("phase and event lanes for each annotator plus consensus").isEqualTo(6);
        documentationScreenshot("review.png");
        page.locator("#review-return").click();
        page.locator("#return-who vaadin-checkbox", new Page.LocatorOptions().setHasText("Ana Annotator")).click();
        page.locator("#return-comment-text textarea").fill(COMMENT);
        page.locator("#return-send").click();
        assertThat(page.locator("#review-state")).hasAttribute("data-state", "labeling");
        shell.signOut();

        // Ben sees the comment at home and first in his queue, reworks the outcome and resubmits.
        shell = signInAs("annotator2@acme.test");
        page.navigate("/work");
        assertThat(page.locator("#returned-work")).containsText(COMMENT);
        page.locator("#start-labeling").click();
        page.waitForURL(Pattern.compile(".*/work/[0-9a-f-]{36}$"));
        assertThat(page.locator("#return-comment")).containsText(COMMENT);
        WorkspacePage ws = new WorkspacePage(page).waitUntilReady();
        documentationScreenshot("work-returned.png");
        // The field's key focuses his answer (slip); the arrow moves to success, Space picks it.
        ws.press("o", "ArrowLeft", "Space", "Escape");
        ws.waitSaved();
        ws.submit().click();
        assertThat(ws.submitted()).isVisible();
        assertThat(page.locator("#next-task")).isVisible();
        shell.signOut();
        assertThat(reviewState(task)).as("they agree now; the reason was: %s", dsl.fetchSingle(
                "select review_reason from task where id = ?", task).get(0, String.class)).isEqualTo("accepted");

        // The QA lead sees it accepted and makes it a gold task.
        signInAs("qa@acme.test");
        page.navigate("/review/" + task);
        assertThat(page.locator("#review-state")).hasAttribute("data-state", "accepted");
        page.locator("#review-gold").click();
        assertThat(page.locator("#review-state")).containsText("gold task");

        assertThat(dsl.fetchSingle("select final_labels::text from task where id = ?", task).get(0, String.class))
                .contains("\"success\"").doesNotContain("\"slip\"");
        assertThat(dsl.fetchSingle("select is_gold and gold_source = 'consensus' from task where id = ?", task)
                .get(0, Boolean.class)).isTrue();
        assertThat(dsl.fetchSingle("""
                select count(*)::int from audit_event where action = 'workflow.assignment.returned'
                   and details ->> 'task' = ?""", task.toString()).get(0, Integer.class)).isEqualTo(1);
        assertThat(dsl.fetchSingle("select count(*)::int from label_submission s join label_draft d on d.id = s.draft_id"
                + " join assignment a on a.draft_id = d.id where a.task_id = ?", task).get(0, Integer.class))
                .as("Ana once, Ben twice").isEqualTo(3);
    }

    /**
     * Issue 17: returned work opens straight from My work. A new annotator's submitted task on the demo episode is
     * returned with a comment while another project's task is still open in their queue; on My work the item's
     * Rework button opens that very assignment in the workspace, live (Skip is offered) with the comment above it,
     * and the screen states the order Start labeling serves in.
     */
    @Test
    void returnedWorkOpensStraightFromMyWork() throws InterruptedException {
        String email = "rework-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        provisioning.addMember(provisioning.organization("acme").orElseThrow(), email, "Rhea Rework",
                "touchstone-demo", java.util.EnumSet.of(Role.ANNOTATOR));
        UUID me = provisioning.accountOrganizations(email).orElseThrow().userId();
        Project reworked = DemoEpisodeProjects.forAnnotators("Rework", java.util.Set.of(me), 1, dsl, signIn, workflow);
        Project other = DemoEpisodeProjects.forAnnotators("Still open", java.util.Set.of(me), 1, dsl, signIn, workflow);
        signIn.as(email);
        Assignment submitted;
        try {
            submitted = workflow.claimNext(reworked.id()).orElseThrow();
            workflow.submit(submitted.id());
            workflow.claimNext(other.id()).orElseThrow();
        } finally {
            signIn.out();
        }
        signIn.as("qa@acme.test");
        try {
            reviews.returnToAnnotator(submitted.id(), COMMENT);
        } finally {
            signIn.out();
        }

        signInAs(email);
        page.navigate("/work");
        Locator item = page.locator(".returned-item[data-assignment='" + submitted.id() + "']");
        assertThat(item).containsText(COMMENT);
        assertThat(item).containsText(reworked.name());
        assertThat(page.locator("#queue-order")).hasText("Start labeling opens returned work first, then the task you"
                + " have open, then a new task. Or press Rework to open one of them now.");
        item.locator(".open-returned").click();
        page.waitForURL(url -> URI.create(url).getPath().equals("/work/" + submitted.id()));
        assertThat(page.locator("#return-comment")).containsText(COMMENT);
        new WorkspacePage(page).waitUntilReady();
        // Live again, not read-only: Skip is offered.
        assertThat(page.locator("#skip-task")).isVisible();
        assertThat(page.locator("#work-state")).hasText("");
        assertThat(dsl.fetchSingle("select state from assignment where id = ?", submitted.id()).get(0, String.class))
                .isEqualTo("live");
    }

    /**
     * What a QA lead reads on a review at 1600x1000: the simulated history task (three simulated annotators with
     * names that differ only at the end, phases and events, a mass in kg) shows every lane inside the window, cameras
     * big enough to see, each annotator's full name in the values table, and numbers with two decimals.
     */
    @Test
    void aReviewAtDesktopSizeShowsEveryLaneFullNamesAndReadableNumbers() throws InterruptedException {
        UUID task = DemoEpisodeProjects.simulatedHistoryTask(dsl);
        List<String> names = dsl.fetch("""
                select distinct u.display_name from assignment a join app_user u on u.id = a.annotator_id
                where a.task_id = ? order by 1""", task).getValues(0, String.class);
        assertThat(names).as("the simulated annotators").hasSize(3);

        signInAs("qa@acme.test");
        page.setViewportSize(1600, 1000);
        page.navigate("/review/" + task);
        Locator tracks = page.locator("ts-label-tracks");
        assertThat(tracks.locator(".lane").first()).isVisible();
        int lanes = ((Number) page.evaluate("document.querySelector('ts-label-tracks').tracks.length")).intValue();
        assertThat(lanes).as("phase and event lanes for three annotators plus consensus").isEqualTo(8);
        page.waitForTimeout(500);
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "playwright", "review-1600x1000.png")));

        // Every lane lies inside the window and inside the lanes' own (unscrolled) area.
        BoundingBox area = tracks.locator(".area").boundingBox();
        for (int i = 0; i < lanes; i++) {
            BoundingBox lane = tracks.locator(".lane").nth(i).boundingBox();
            assertThat(lane.y).as("lane %d top", i).isGreaterThanOrEqualTo(0);
            assertThat(lane.y + lane.height).as("lane %d bottom within the window", i).isLessThanOrEqualTo(1000);
            assertThat(lane.y + lane.height).as("lane %d bottom within the lane area", i)
                    .isLessThanOrEqualTo(area.y + area.height + 1);
        }
        assertThat(page.locator("#review-lanes")).hasText(lanes + " lanes");

        BoundingBox camera = page.locator("ts-camera-view").first().boundingBox();
        assertThat(camera.height).as("camera %s x %s px", camera.width, camera.height).isGreaterThanOrEqualTo(240);
        assertThat(camera.width).as("camera %s x %s px", camera.width, camera.height).isGreaterThanOrEqualTo(240);

        // The values table names each annotator in full (not cut with an ellipsis), with a distinct short label.
        Locator headers = page.locator("#review-values .annotator-header");
        assertThat(headers).hasCount(3);
        List<String> shortLabels = new java.util.ArrayList<>();
        for (String name : names) {
            Locator header = headers.filter(new Locator.FilterOptions().setHasText(name));
            assertThat(header).hasCount(1);
            assertThat(header).isVisible();
            assertThat(header.getAttribute("title")).as("the tooltip").startsWith(name);
            assertThat((Boolean) header.evaluate("e => e.scrollWidth <= e.clientWidth + 1"
                    + " && e.closest('vaadin-grid-cell-content').scrollWidth"
                    + " <= e.closest('vaadin-grid-cell-content').clientWidth + 1"))
                    .as("%s is not cut", name).isTrue();
            shortLabels.add(header.locator(".annotator-short").textContent());
        }
        assertThat(shortLabels).as("short labels tell the annotators apart").doesNotHaveDuplicates();

        // Agreement with two decimals (or "not labelled"), and the measure it is in beside it.
        Locator agreements = page.locator("#review-agreement .review-agreement-value");
        assertThat(agreements.first()).isVisible();
        List<String> values = agreements.allTextContents();
        assertThat(values).allMatch(v -> v.matches("^-?\\d\\.\\d\\d$") || v.equals("not labelled"), "formatted")
                .anyMatch(v -> v.matches("^-?\\d\\.\\d\\d$"));
        // The mass is a number with two decimals and its unit, not a raw float.
        List<String> masses = page.locator("#review-values .review-value[data-type=number]").allTextContents();
        assertThat(masses).isNotEmpty().allMatch(v -> v.isEmpty() || v.matches("^-?\\d+\\.\\d\\d( \\S+)?$"),
                "two decimals");
        assertThat(masses).anyMatch(v -> !v.isEmpty());
    }

    /** As the annotator: Start labeling, one phase over the episode, outcome (by key), accept, submit. */
    private void labelFromStartLabeling(String annotator, String... outcomeKeys) {
        AppShell shell = signInAs(annotator);
        page.navigate("/work");
        page.locator("#start-labeling").click();
        page.waitForURL(Pattern.compile(".*/work/[0-9a-f-]{36}$"));
        WorkspacePage ws = new WorkspacePage(page).waitUntilReady();
        ws.press("Home", "1", "End", "Enter");
        ws.press("o");
        ws.press(outcomeKeys);
        ws.press("Escape");
        ws.press("q", "Space", "Escape");
        ws.waitSaved();
        ws.submit().click();
        assertThat(ws.submitted()).isVisible();
        assertThat(page.locator("#work-state")).hasText("Submitted");
        shell.signOut();
    }

    private Project reviewedProjectOnTheDemoEpisode() throws InterruptedException {
        return DemoEpisodeProjects.forBothDemoAnnotators("Review loop", dsl, signIn, workflow, provisioning);
    }

    private String reviewState(UUID task) {
        return dsl.fetchSingle("select review_state from task where id = ?", task).get(0, String.class);
    }
}
