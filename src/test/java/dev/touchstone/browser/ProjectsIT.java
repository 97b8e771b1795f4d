package dev.touchstone.browser;

import com.microsoft.playwright.Locator;
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
import java.util.List;
import java.util.UUID;

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
     * The progress section of the simulated history project (submissions today). "Last 14 days" is the shared uPlot
     * day chart: its x axis runs from the day 13 days ago to today (half a day either side), today's submissions
     * are in its data and fit under its y axis, and its legend names both series. Each state's part of the
     * tasks-by-state bar is as wide as its share of the tasks, and the legend's total is in Lumo's secondary text
     * colour, which only holds while Lumo's utility stylesheet is loaded.
     */
    @Test
    void theProgressChartsShowTheLastFourteenDaysAndTheShareOfEachState() throws InterruptedException {
        UUID task = DemoEpisodeProjects.simulatedHistoryTask(dsl);
        UUID project = dsl.fetchSingle("select project_id from task where id = ?", task).get(0, UUID.class);
        signInAs("qa@acme.test");
        page.setViewportSize(1600, 1000);
        page.navigate("/projects/" + project);
        Locator chart = page.locator("#progress-throughput");
        assertThat(chart.locator("canvas")).isVisible();
        // The chart's last day is the server's UTC day at render time; a run that crosses midnight between the demo's
        // submissions and this page would otherwise look for today's submissions on a day that has none yet.
        long chartToday = Long.parseLong(chart.getAttribute("data-x-max")) - 43_200;
        long utcToday = java.time.LocalDate.now(java.time.ZoneOffset.UTC).atStartOfDay(java.time.ZoneOffset.UTC)
                .toEpochSecond();
        assertThat(chartToday).as("the chart ends on today (UTC)").isIn(utcToday, utcToday - 86_400);
        assertThat(chart).hasAttribute("data-x-min", String.valueOf(chartToday - 13 * 86_400 - 43_200));
        assertThat(chart.locator(".u-legend")).containsText("Submissions");
        assertThat(chart.locator(".u-legend")).containsText("Accepted");
        chart.screenshot(new Locator.ScreenshotOptions()
                .setPath(Path.of("target", "playwright", "project-14-days-1600x1000.png")));
        long lastSubmissionDay = dsl.fetchSingle("""
                select extract(epoch from date_trunc('day', max(submitted_at) at time zone 'UTC'))::bigint
                  from assignment where project_id = ?""", project).get(0, Long.class);
        int dayIndex = (int) (13 - (chartToday - lastSubmissionDay) / 86_400);
        assertThat(dayIndex).as("the latest submission falls in the chart's 14 days").isBetween(0, 13);
        int submittedThatDay = ((Number) chart.evaluate("(c, i) => c.data.series[0].values[i]", dayIndex)).intValue();
        assertThat(submittedThatDay).as("submissions on the latest submission's day in the chart's data").isPositive();
        assertThat(Double.parseDouble(chart.getAttribute("data-y-max"))).isGreaterThanOrEqualTo(submittedThatDay);

        Locator bar = page.locator("#project-progress .progress-bar");
        double barWidth = bar.boundingBox().width;
        ProjectPages projects = new ProjectPages(page);
        int total = 0;
        for (String state : List.of("unstarted", "in-progress", "review", "accepted")) {
            total += Integer.parseInt(projects.tasksIn(state).textContent());
        }
        assertThat(total).isPositive();
        for (String state : List.of("unstarted", "in progress", "review", "accepted")) {
            int count = Integer.parseInt(projects.tasksIn(state.replace(' ', '-')).textContent());
            double width = bar.locator(".progress-segment[data-state='" + state + "']").boundingBox().width;
            assertThat(width / barWidth).as("%s: %d of %d tasks", state, count, total)
                    .isCloseTo((double) count / total, org.assertj.core.data.Offset.offset(0.01));
        }
        Object colours = page.evaluate("() => { const probe = document.createElement('span');"
                + " probe.style.color = 'var(--lumo-secondary-text-color)'; document.body.append(probe);"
                + " const want = getComputedStyle(probe).color; probe.remove();"
                + " return [getComputedStyle(document.querySelector('#progress-total')).color, want]; }");
        List<?> pair = (List<?>) colours;
        assertThat(pair.get(0)).as("#progress-total's colour (LumoUtility.TextColor.SECONDARY)").isEqualTo(pair.get(1));
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
