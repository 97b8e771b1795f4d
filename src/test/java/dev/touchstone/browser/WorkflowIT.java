package dev.touchstone.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.touchstone.SignIn;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkflowService;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
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
