package dev.touchstone.browser;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import dev.touchstone.SignIn;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.organization.Role;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkflowService;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server goes away under an annotator at work on an assignment: for a while every save and every heartbeat is
 * answered 503 with {@code Retry-After: 1}, as the server answers when its database or disk fails (the browser's
 * network layer stands in for the outage here: {@code page.route}). The workspace says the server is unavailable and
 * that the work is kept, not that the annotator was signed out or the assignment ended; the edits stay on screen and
 * in this browser's backup. When the server answers again, the queued save goes through by itself, the banner goes
 * away, and PostgreSQL has the edit.
 */
class WorkspaceOutageIT extends BrowserTest {

    private static final String SAVES = "**/api/v1/drafts/*/saves";
    private static final String HEARTBEAT = "**/api/v1/assignments/*/heartbeat";
    private static final String BANNER = "Server unavailable — your work is kept and will be saved when it is back";

    @Autowired DSLContext dsl;
    @Autowired SignIn signIn;
    @Autowired WorkflowService workflow;
    @Autowired OrganizationProvisioning provisioning;

    private static void unavailable(Route route) {
        route.fulfill(new Route.FulfillOptions().setStatus(503)
                .setHeaders(Map.of("Retry-After", "1", "Content-Type", "application/problem+json"))
                .setBody("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
                        + "\"detail\":\"The server is unavailable for a moment\","
                        + "\"error\":\"The server is unavailable for a moment\"}"));
    }

    @Test
    void duringAnOutageTheWorkIsKeptAndSavedByItselfWhenTheServerIsBack() throws Exception {
        String email = "outage-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        UUID annotator = provisioning.addMember(provisioning.organization("acme").orElseThrow(), email, "Otto Outage",
                "touchstone-demo", EnumSet.of(Role.ANNOTATOR));
        Project project = DemoEpisodeProjects.forAnnotators("Outage", Set.of(annotator), 1, dsl, signIn, workflow);
        allowProblem("HTTP 503 POST /api/v1/drafts/[0-9a-f-]+/saves");
        allowProblem("HTTP 503 POST /api/v1/assignments/[0-9a-f-]+/heartbeat");

        signInAs(email);
        page.navigate("/work");
        page.locator("#start-labeling").click();
        page.waitForURL(Pattern.compile(".*/work/[0-9a-f-]{36}$"));
        WorkspacePage ws = new WorkspacePage(page).waitUntilReady();
        ws.press("Home", "1", "End", "Enter");
        ws.waitSaved();
        assertThat(labels(project, "phase")).isEqualTo(1);

        page.route(SAVES, WorkspaceOutageIT::unavailable);
        page.route(HEARTBEAT, WorkspaceOutageIT::unavailable);
        ws.seek(3);
        ws.press("c");
        assertThat(ws.serverUnavailable()).hasText(BANNER);
        assertThat(ws.saveState()).hasAttribute("data-state", "unavailable");
        // The heartbeat is refused with 503 too: the lease keeper keeps the assignment (no "no longer yours").
        page.evaluate("document.querySelector('ts-label-workspace').leaseKeeper.beat()");
        // A second edit while the server is away queues up behind the first.
        ws.seek(5);
        ws.press("v");
        page.waitForTimeout(2500);  // a few retries go out and are refused
        assertThat(ws.serverUnavailable()).hasText(BANNER);
        assertThat(ws.events()).hasCount(2);
        assertThat(page.locator("ts-label-workspace #workspace-panel")).not().containsText("Signed out");
        assertThat(page.locator("ts-label-workspace #workspace-panel")).not().containsText("no longer");
        assertThat(ws.submit()).isEnabled();
        String backup = (String) page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith("
                + "'touchstone.draft.')).map(k => localStorage.getItem(k)).join('\\n')");
        assertThat(backup).as("the unsaved events are kept in this browser").contains("\"kind\":\"event\"");
        assertThat(labels(project, "event")).as("nothing reached the server").isZero();
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(Path.of("target", "playwright", "WorkspaceOutageIT-during-the-outage.png")));

        page.unroute(SAVES);
        page.unroute(HEARTBEAT);
        ws.waitSaved();
        assertThat(ws.serverUnavailable()).isHidden();
        assertThat(labels(project, "event")).isEqualTo(2);
        // The assignment goes on: the next heartbeat extends the lease.
        page.evaluate("document.querySelector('ts-label-workspace').leaseKeeper.active = true");
        page.evaluate("document.querySelector('ts-label-workspace').leaseKeeper.beat()");
        assertThat(ws.serverUnavailable()).isHidden();
        assertThat(page.locator("ts-label-workspace #workspace-panel")).not().containsText("no longer");
    }

    private int labels(Project project, String kind) {
        return dsl.fetchSingle("""
                select count(*) from label l join label_draft d on d.id = l.draft_id
                join assignment a on a.id = d.assignment_id join task t on t.id = a.task_id
                where t.project_id = ? and l.kind = ? and not l.deleted""",
                project.id(), kind).get(0, Integer.class);
    }
}
