package dev.touchstone.browser;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.BoundingBox;
import dev.touchstone.SignIn;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.organization.Role;
import dev.touchstone.proposal.ProposalService;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkflowService;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proposals in the labeling workspace (docs/labeling/workspace.md, "Proposals") through the real path: the demo's
 * labeling project gets signal proposals at start-up ({@code DemoProject} → {@link ProposalService#proposeFromSignals});
 * an annotator presses Start labeling on My work, the assignment's workspace shows the stored proposals
 * ({@code WorkService.proposalsToShow} → {@code ProposalService.proposalsFor}) marked "proposed", and the annotator
 * accepts one with Enter, adjusts one, deletes one, undoes and redoes, reloads (only the proposals not acted on are
 * proposed again), accepts the rest of the phases with Shift+Enter, and submits. What became of each proposal is read
 * back through the drafts API ({@code GET /api/v1/drafts/{id}}, {@code proposals}). Then the project manager turns
 * "Annotators see proposals" off in the project's settings, and the next annotator's assignment of the same task shows
 * none. Fresh annotators (the demo project is open to every annotator) keep the demo logins' queues out of it.
 */
class WorkspaceProposalsIT extends BrowserTest {

    private static final String DEMO_PROJECT = "Pick and place · labeling demo";

    @Autowired
    DSLContext dsl;
    @Autowired
    SignIn signIn;
    @Autowired
    OrganizationProvisioning provisioning;
    @Autowired
    ProposalService proposals;
    @Autowired
    WorkflowService workflow;
    @Autowired
    JsonMapper json;

    @Test
    void anAnnotatorActsOnTheStoredProposalsOfTheDemoProjectAndBlindLabelingShowsNone() throws InterruptedException {
        Project project = demoProjectWithProposals();
        String first = annotator("Paula Proposals");
        String second = annotator("Bea Blind");

        AppShell shell = signInAs(first);
        UUID assignment = startLabeling();
        WorkspacePage ws = new WorkspacePage(page).waitUntilReady();
        Locator counts = ws.proposalCounts();
        int phases = ws.proposedItems("phase").count();
        int events = ws.proposedItems("event").count();
        int values = ws.proposedItems("value").count();
        assertThat(phases).as("proposed phases on the demo episode").isGreaterThanOrEqualTo(2);
        assertThat(events).as("proposed contacts on the demo episode").isGreaterThanOrEqualTo(2);
        assertThat(values).as("the suggested quality verdict and grasp outcome").isEqualTo(2);
        assertThat(counts).hasAttribute("data-proposed", String.valueOf(phases + events + values));
        assertThat(page.locator("ts-label-tracks .segment[data-proposed='true']")).hasCount(phases);
        assertThat(page.locator("ts-label-tracks .event[data-proposed='true']")).hasCount(events);
        assertThat(ws.proposedItems().first().locator(".proposed-tag")).hasText("proposed");
        List<String> phaseIds = ids(ws.proposedItems("phase"));
        List<String> eventIds = ids(ws.proposedItems("event"));

        // Selected: who proposed it and why. Enter accepts it as it is.
        String accepted = phaseIds.get(1);
        ws.listItem(accepted).click();
        assertThat(ws.proposalPanel()).containsText("signals.phase");
        assertThat(ws.proposalPanel()).containsText("confidence");
        assertThat(page.locator("ts-label-workspace #proposal-evidence li").first()).isVisible();
        assertThat(page.locator("ts-label-tracks .evidence").first()).isAttached();
        assertTheSelectedLabelsButtonsAndTheListStayInView();
        ws.focusPlayer();
        ws.press("Enter");
        assertThat(counts).hasAttribute("data-accepted", "1");
        assertThat(ws.listItem(accepted)).hasAttribute("data-proposed", "false");

        // Any edit of a proposal accepts it changed: a contact one frame later.
        String adjusted = eventIds.getFirst();
        ws.listItem(adjusted).click();
        assertThat(ws.proposalPanel()).containsText("signals.contact");
        assertTheSelectedLabelsButtonsAndTheListStayInView();
        ws.focusPlayer();
        ws.press("Control+ArrowRight");
        assertThat(counts).hasAttribute("data-adjusted", "1");

        // Delete rejects one; undo brings it back as a proposal, redo deletes it again.
        String deleted = eventIds.getLast();
        ws.listItem(deleted).click();
        ws.focusPlayer();
        ws.press("Delete");
        assertThat(counts).hasAttribute("data-deleted", "1");
        ws.press("Control+z");
        assertThat(counts).hasAttribute("data-deleted", "0");
        assertThat(ws.listItem(deleted)).hasAttribute("data-proposed", "true");
        ws.press("Control+Shift+z");
        assertThat(counts).hasAttribute("data-deleted", "1");
        assertThat(ws.listItem(deleted)).hasCount(0);
        assertThat(counts).hasAttribute("data-proposed", String.valueOf(phases + events + values - 3));

        ws.waitSaved();

        // After a reload the proposals acted on are not proposed again; Shift+Enter accepts the rest of the phases.
        page.reload();
        ws.waitUntilReady();
        assertThat(counts).hasAttribute("data-proposed", String.valueOf(phases + events + values - 3));
        assertThat(counts).hasAttribute("data-accepted", "1");
        assertThat(counts).hasAttribute("data-adjusted", "1");
        assertThat(counts).hasAttribute("data-deleted", "1");
        assertThat(ws.listItem(deleted)).hasCount(0);
        ws.listItem(phaseIds.getFirst()).click();
        ws.focusPlayer();
        ws.press("Shift+Enter");
        assertThat(counts).hasAttribute("data-proposed", String.valueOf(events - 2 + values));
        assertThat(counts).hasAttribute("data-accepted", String.valueOf(phases));

        // The required episode values (grasp outcome, quality verdict) are proposed too: accept each with Enter.
        for (String value : ids(ws.proposedItems("value"))) {
            ws.listItem(value).click();
            ws.focusPlayer();
            ws.press("Enter");
        }
        assertThat(counts).hasAttribute("data-proposed", String.valueOf(events - 2));
        assertThat(counts).hasAttribute("data-accepted", String.valueOf(phases + values));
        ws.waitSaved();
        ws.submit().click();
        assertThat(ws.submitted()).isVisible();
        assertThat(page.locator("#work-state")).hasText("Submitted");

        UUID draft = dsl.fetchSingle("select draft_id from assignment where id = ?", assignment).get(0, UUID.class);
        Map<String, String> outcomes = outcomesFromTheApi(draft);
        assertThat(outcomes).as("every proposal shown is recorded").hasSize(phases + events + values)
                .containsEntry(accepted, "accepted").containsEntry(adjusted, "adjusted")
                .containsEntry(deleted, "deleted").containsEntry(phaseIds.getFirst(), "accepted");
        assertThat(outcomes.values().stream().filter("accepted"::equals).count()).as("every phase and value")
                .isEqualTo(phases + values);
        assertThat(outcomes.values().stream().filter("proposed"::equals).count())
                .as("the other contacts were not acted on").isEqualTo(events - 2);
        assertThat(dsl.fetchSingle("""
                select count(*)::int from label_submission s, jsonb_array_elements(s.labels) l
                where s.draft_id = ? and l->>'id' in (?, ?, ?)""", draft, accepted, adjusted, deleted)
                .get(0, Integer.class)).as("accepted and adjusted are submitted, deleted is not").isEqualTo(2);
        shell.signOut();

        try {
            // The project manager turns proposals off (an unbiased sample labelled blind).
            shell = signInAs("pm@acme.test");
            page.navigate("/projects/" + project.id());
            ProjectPages projectPage = new ProjectPages(page);
            Locator show = projectPage.showProposals();
            assertThat(show).hasAttribute("checked", "");
            show.click();
            assertThat(show).not().hasAttribute("checked", "");
            projectPage.save();
            shell.signOut();

            assertThat(settingsShowProposals(project)).as("stored off").isFalse();
            signInAs(second);
            UUID blind = startLabeling();
            assertThat(blind).isNotEqualTo(assignment);
            ws = new WorkspacePage(page).waitUntilReady();
            assertThat(page.locator("ts-label-workspace #label-list")).containsText("No labels yet.");
            assertThat(ws.proposalCounts()).hasCount(0);
            assertThat(ws.proposedItems()).hasCount(0);
            assertThat(page.locator("ts-label-tracks .segment[data-proposed='true'],"
                    + " ts-label-tracks .event[data-proposed='true']")).hasCount(0);
            UUID blindDraft = dsl.fetchSingle("select draft_id from assignment where id = ?", blind).get(0, UUID.class);
            assertThat(outcomesFromTheApi(blindDraft)).as("none offered to the blind draft").isEmpty();
        } finally {
            showProposals(project, true);
        }
    }

    /** The demo labeling project, once the signal proposals of its (one, in tests) episode are stored. */
    private Project demoProjectWithProposals() throws InterruptedException {
        for (int attempt = 0; attempt < 240; attempt++) {
            signIn.as("pm@acme.test");
            try {
                Project project = workflow.projects().stream().filter(p -> p.name().equals(DEMO_PROJECT)).findFirst()
                        .orElse(null);
                if (project != null && proposals.sets(project.id()).stream()
                        .map(s -> s.source()).distinct().count() >= 2) {
                    return project;
                }
            } finally {
                signIn.out();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("The demo never stored signal proposals for " + DEMO_PROJECT);
    }

    private String annotator(String name) {
        String email = "proposals-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        provisioning.addMember(provisioning.organization("acme").orElseThrow(), email, name, "touchstone-demo",
                EnumSet.of(Role.ANNOTATOR));
        return email;
    }

    /** My work → Start labeling: the demo project's task (the only open project a new annotator has). */
    private UUID startLabeling() {
        page.navigate("/work");
        page.locator("#start-labeling").click();
        page.waitForURL(Pattern.compile(".*/work/[0-9a-f-]{36}$"));
        assertThat(page.locator("#work-title")).isVisible();
        assertThat(page.locator("body")).containsText(DEMO_PROJECT);
        return UUID.fromString(page.url().substring(page.url().lastIndexOf('/') + 1));
    }

    /**
     * A selected proposal's panel (source, evidence, Accept buttons) once grew the Selected part until its Delete and
     * Deselect buttons sat under the "Labels" header, scrolled out of view, and the label list shrank to three rows:
     * both buttons must lie wholly inside the panel's scrolling part, above the header, and the list show four rows.
     */
    private void assertTheSelectedLabelsButtonsAndTheListStayInView() {
        BoundingBox scrolling = page.locator("ts-label-workspace #workspace-panel > .fields").boundingBox();
        BoundingBox header = page.locator("ts-label-workspace #labels-section h3").boundingBox();
        for (Locator button : List.of(page.locator("ts-label-workspace #delete-selected"),
                page.locator("ts-label-workspace #selected-actions button").filter(
                        new Locator.FilterOptions().setHasText("Deselect")))) {
            assertThat(button).isVisible();
            BoundingBox box = button.boundingBox();
            assertThat(box.y).as("%s top", button).isGreaterThanOrEqualTo(scrolling.y);
            assertThat(box.y + box.height).as("%s bottom, within the scrolling part", button)
                    .isLessThanOrEqualTo(scrolling.y + scrolling.height)
                    .as("%s bottom, above the Labels header", button).isLessThanOrEqualTo(header.y);
        }
        double row = ws().listItems().first().boundingBox().height;
        assertThat(page.locator("ts-label-workspace #label-list").boundingBox().height).as("label list height")
                .isGreaterThanOrEqualTo(4 * row);
    }

    private WorkspacePage ws() {
        return new WorkspacePage(page);
    }

    private static List<String> ids(Locator items) {
        return items.all().stream().map(i -> i.getAttribute("data-id")).toList();
    }

    /** {@code GET /api/v1/drafts/{id}} in the signed-in session: label id → outcome. */
    private Map<String, String> outcomesFromTheApi(UUID draft) {
        APIResponse response = page.request().get("/api/v1/drafts/" + draft);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        Map<String, String> outcomes = new HashMap<>();
        for (JsonNode p : json.readTree(response.text()).path("proposals")) {
            outcomes.put(p.path("labelId").asString(), p.path("outcome").asString());
        }
        return outcomes;
    }

    private boolean settingsShowProposals(Project project) {
        signIn.as("pm@acme.test");
        try {
            return workflow.settings(project.id()).showProposals();
        } finally {
            signIn.out();
        }
    }

    private void showProposals(Project project, boolean show) {
        signIn.as("pm@acme.test");
        try {
            Project p = workflow.projects().stream().filter(x -> x.id().equals(project.id())).findFirst().orElseThrow();
            workflow.updateProject(p.id(), p.overlap(), p.goldRate(), p.leaseSeconds(), p.priority(), p.deadline(),
                    workflow.settings(p.id()).withShowProposals(show));
        } finally {
            signIn.out();
        }
    }
}
