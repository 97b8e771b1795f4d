package dev.touchstone.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
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
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

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

    @Autowired
    org.jooq.DSLContext dsl;

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

    /**
     * The "Last 14 days" chart of the simulated history project (submissions today): fourteen pairs of bars, each
     * centred over its own day label, the days running up to today.
     */
    @Test
    void eachOfTheFourteenDaysBarsSitsOverItsDayLabel() throws InterruptedException {
        UUID task = DemoEpisodeProjects.simulatedHistoryTask(dsl);
        UUID project = dsl.fetchSingle("select project_id from task where id = ?", task).get(0, UUID.class);
        signInAs("qa@acme.test");
        page.setViewportSize(1600, 1000);
        page.navigate("/projects/" + project);
        Locator days = page.locator("#progress-throughput .throughput-day");
        Locator labels = page.locator("#project-progress .throughput-label");
        assertThat(days).hasCount(14);
        assertThat(labels).hasCount(14);
        page.locator("#progress-throughput").screenshot(new Locator.ScreenshotOptions()
                .setPath(Path.of("target", "playwright", "project-14-days-1600x1000.png")));
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        for (int i = 0; i < 14; i++) {
            BoundingBox bars = days.nth(i).boundingBox();
            BoundingBox label = labels.nth(i).boundingBox();
            double centre = bars.x + bars.width / 2;
            assertThat(centre).as("day %d: bars centred at %s over the label at %s..%s", i, centre, label.x,
                    label.x + label.width).isBetween(label.x, label.x + label.width);
            assertThat(labels.nth(i)).hasText(String.valueOf(today.minusDays(13 - i).getDayOfMonth()));
        }
        assertThat(days.nth(13).locator("div").first()).hasAttribute("data-value",
                Pattern.compile("[1-9][0-9]*"));
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
