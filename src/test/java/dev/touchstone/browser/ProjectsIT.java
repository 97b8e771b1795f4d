package dev.touchstone.browser;

import com.microsoft.playwright.Page;
import dev.touchstone.SignIn;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeFilter;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.workflow.NewProject;
import dev.touchstone.workflow.WorkflowService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Path;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * A project manager creates a project on the demo dataset, finds it in the list, reads its progress (one unstarted
 * task per episode) and changes its review policy and gold rate; a QA lead sees projects but creates none.
 */
class ProjectsIT extends BrowserTest {

    private static final String DEMO_DATASET = "Pick and place (synthetic)";

    @Autowired
    SignIn signIn;

    @Autowired
    DatasetService datasets;

    @Autowired
    LabelSchemaService schemas;

    @Autowired
    WorkflowService workflow;

    /** The demo episodes are imported in the background at start-up: waits until the dataset holds them all. */
    private Dataset demoDataset() throws InterruptedException {
        signIn.as("pm@acme.test");
        try {
            for (int attempt = 0; ; attempt++) {
                Dataset dataset = datasets.datasets().stream().filter(d -> d.name().equals(DEMO_DATASET)).findFirst()
                        .orElse(null);
                if (dataset != null && datasets.countEpisodes(dataset.id(), EpisodeFilter.NONE) > 0) {
                    return datasets.dataset(dataset.id()).orElseThrow();
                }
                if (attempt > 120) {
                    throw new AssertionError("The demo dataset never got its episodes");
                }
                Thread.sleep(500);
            }
        } finally {
            signIn.out();
        }
    }

    @Test
    void aProjectManagerCreatesAProjectAndChangesItsSettings() throws InterruptedException {
        Dataset dataset = demoDataset();
        String name = "Browser project " + UUID.randomUUID().toString().substring(0, 6);

        signInAs("pm@acme.test");
        ProjectPages projects = new ProjectPages(page).openList().create(name, DEMO_DATASET, 0.2);

        projects.openList();
        assertThat(projects.rows().filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText(name)))
                .hasCount(1);
        projects.open(name);
        assertThat(projects.progress()).isVisible();
        assertThat(projects.tasksIn("unstarted")).hasText(String.valueOf(dataset.episodeCount()));
        assertThat(projects.tasksIn("accepted")).hasText("0");
        assertThat(page.locator("#progress-total")).containsText(dataset.episodeCount() + " task");
        assertThat(page.locator("#project-tasks")).isVisible();
        // Tasks by their episode's name, never by its id (issue 17).
        assertThat(page.locator("#project-tasks vaadin-grid-cell-content a").first()).hasText(
                java.util.regex.Pattern.compile("^synthetic-\\d+-\\d{4}$"));
        assertThat(projects.goldRate()).hasValue("0.2");
        assertThat(projects.reviewSample()).isDisabled();

        projects.reviewPolicy("A sample of agreeing tasks");
        assertThat(projects.reviewSample()).isEnabled();
        projects.reviewSample().fill("20");
        projects.goldRate().fill("0.35");
        projects.save();

        page.reload();
        assertThat(projects.title()).hasText(name);
        assertThat(projects.reviewPolicy()).hasText("A sample of agreeing tasks");
        assertThat(projects.goldRate()).hasValue("0.35");
        assertThat(projects.reviewSample()).hasValue("20");
        documentationScreenshot("project-page.png");

        page.locator("[id='pause-annotator@acme.test']").click();
        page.locator("#pause-reason textarea").fill("Boxes too loose on gold tasks");
        page.locator("#pause-confirm").click();
        assertThat(page.locator("#project-annotators vaadin-grid-cell-content").filter(
                new com.microsoft.playwright.Locator.FilterOptions().setHasText("Boxes too loose"))).hasCount(1);
        page.locator("[id='reinstate-annotator@acme.test']").click();
        assertThat(page.locator("[id='pause-annotator@acme.test']")).isVisible();
    }

    @Test
    void aQaLeadSeesProjectsButCreatesNone() throws InterruptedException {
        Dataset dataset = demoDataset();
        String name = "QA sees " + UUID.randomUUID().toString().substring(0, 6);
        signIn.as("pm@acme.test");
        try {
            workflow.createProject(NewProject.of(name, dataset.id(), schemas.schemas().getFirst().latestVersionId(),
                    2, 0.1, 600));
        } finally {
            signIn.out();
        }

        signInAs("qa@acme.test");
        ProjectPages projects = new ProjectPages(page).openList();
        assertThat(projects.newProjectButton()).not().isVisible();
        projects.open(name);
        assertThat(projects.progress()).isVisible();
        assertThat(projects.saveButton()).not().isVisible();
        assertThat(page.locator("#project-pause")).not().isVisible();
        assertThat(page.locator("#settings-gold-rate")).hasAttribute("readonly", "");
    }
}
