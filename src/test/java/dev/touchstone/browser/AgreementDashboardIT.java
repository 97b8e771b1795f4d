package dev.touchstone.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.touchstone.SignIn;
import dev.touchstone.labeling.DraftOp;
import dev.touchstone.labeling.DraftSave;
import dev.touchstone.labeling.DraftService;
import dev.touchstone.labeling.Label;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.workflow.Assignment;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkItem;
import dev.touchstone.workflow.WorkService;
import dev.touchstone.workflow.WorkflowService;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The QA dashboard in the browser: a QA lead picks a project whose one task both demo annotators have labeled (so
 * it is merged), sees agreement per label, a chart per label, per annotator and per class, drills down from a number
 * to the lowest tasks and opens one's review. The assertions check structure, not numbers, so they hold for any
 * quality service behind the screen.
 */
class AgreementDashboardIT extends BrowserTest {

    private static final Pattern REVIEW_LINK = Pattern.compile("review/[0-9a-f-]{36}$");

    @Autowired
    DSLContext dsl;
    @Autowired
    SignIn signIn;
    @Autowired
    WorkflowService workflow;
    @Autowired
    WorkService work;
    @Autowired
    DraftService drafts;
    @Autowired
    OrganizationProvisioning provisioning;

    @Test
    void qaLeadReadsAgreementAndDrillsDownIntoAReview() throws InterruptedException {
        Project project = projectOnTheDemoEpisode();
        labelAndSubmit("annotator@acme.test", project.id());
        labelAndSubmit("annotator2@acme.test", project.id());

        AppShell shell = signInAs("qa@acme.test");
        page.navigate("/quality");
        assertThat(shell.pageTitle()).hasText("Agreement");
        page.locator("#quality-project").click();
        page.locator("vaadin-select-item[role=option]").filter(new Locator.FilterOptions()
                .setHasText(project.name())).click();
        page.waitForURL(url -> url.contains("project=" + project.id()));

        Locator definitions = page.locator("#quality-definitions");
        assertThat(definitions).isVisible();
        Locator numbers = definitions.locator("vaadin-button.agreement-drill");
        assertThat(numbers.first()).isVisible();
        assertThat(definitions.locator("vaadin-grid-cell-content").filter(new Locator.FilterOptions()
                .setHasText("Grasp outcome")).first()).isVisible();
        // issue 17 item 3: one merged task shows no interval but says so
        assertThat(definitions.locator("vaadin-grid-cell-content").filter(new Locator.FilterOptions()
                .setHasText("(too few tasks)")).first()).isVisible();

        Locator chart = page.locator("#quality-over-time ts-day-chart").first();
        assertThat(chart).isVisible();
        assertThat(chart.locator("canvas")).isVisible();
        assertXAxisSpansTheDataDays(chart);

        assertThat(page.locator("#quality-annotators")).isVisible();
        assertThat(page.locator("#quality-annotators vaadin-button.agreement-drill").first()).isVisible();

        Locator confusionCells = page.locator("#quality-confusion table.confusion td");
        assertThat(confusionCells.first()).isVisible();
        assertCellsAreShadedByTheirShare(page.locator("#quality-confusion table.confusion td[data-share]"));
        page.locator("#quality-confusion-annotator").click();
        // The value button shows the chosen item too; only the open list's items are options.
        page.locator("vaadin-select-item[role=option]:visible").nth(1).click();
        assertThat(page.locator("#quality-confusion")).isVisible();
        assertThat(confusionCells.first()).isVisible();

        numbers.first().click();
        Locator drillDown = page.locator("#quality-drilldown");
        assertThat(drillDown.locator("#quality-drilldown-title")).containsText("Lowest agreement on");
        Locator link = drillDown.locator("a.review-link").first();
        assertThat(link).isVisible();
        assertThat(link).hasAttribute("href", REVIEW_LINK);
        String href = link.getAttribute("href");

        documentationScreenshot("agreement-dashboard.png");

        // The rebuild from the merged tasks runs in the background; the bar follows it and the page refreshes.
        page.locator("#quality-recompute").click();
        assertThat(page.locator("#quality-recompute-status")).containsText("Last recomputed",
                new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
        assertThat(page.locator("#quality-recompute-status")).containsText("(1 tasks)");
        assertThat(page.locator("#quality-summary")).containsText("1 merged tasks");
        link = page.locator("#quality-definitions vaadin-button.agreement-drill").first();
        link.click();
        link = page.locator("#quality-drilldown a.review-link").first();
        link.click();
        page.waitForURL(url -> URI.create(url).getPath().equals("/" + href));
    }

    @Test
    void projectManagersSeeTheTasksButNoReviewLinks() throws InterruptedException {
        Project project = projectOnTheDemoEpisode();
        labelAndSubmit("annotator@acme.test", project.id());
        labelAndSubmit("annotator2@acme.test", project.id());

        signInAs("pm@acme.test");
        page.navigate("/quality?project=" + project.id());
        assertThat(page.locator("#quality-project")).containsText(project.name());
        page.locator("#quality-definitions vaadin-button.agreement-drill").first().click();
        assertThat(page.locator("#quality-drilldown-grid")).isVisible();
        assertThat(page.locator("#quality-drilldown .review-link-disabled").first()).isVisible();
        assertThat(page.locator("#quality-drilldown a.review-link")).hasCount(0);
    }

    /**
     * The "Over time" chart of the simulated history project at 1600x1000: its x-axis covers the days with data
     * (the demo's one day, with half a day either side), not years past them.
     */
    @Test
    void overTimeAxisSpansTheDaysOfTheData() throws InterruptedException {
        UUID task = DemoEpisodeProjects.simulatedHistoryTask(dsl);
        UUID project = dsl.fetchSingle("select project_id from task where id = ?", task).get(0, UUID.class);
        signInAs("qa@acme.test");
        page.setViewportSize(1600, 1000);
        page.navigate("/quality?project=" + project);
        Locator chart = page.locator("#quality-over-time ts-day-chart").first();
        assertThat(chart.locator("canvas")).isVisible();
        chart.scrollIntoViewIfNeeded();
        page.locator("#quality-over-time").screenshot(new Locator.ScreenshotOptions()
                .setPath(Path.of("target", "playwright", "agreement-over-time-1600x1000.png")));
        assertXAxisSpansTheDataDays(chart);
    }

    /**
     * Each heat-map cell's computed background is green on the diagonal and red off it, with the cell's share of its
     * row (to the tenth the classes carry) as opacity: a cell nobody chose is transparent, a full row solid.
     */
    @SuppressWarnings("unchecked")
    private static void assertCellsAreShadedByTheirShare(Locator cells) {
        List<List<Object>> read = (List<List<Object>>) (Object) cells.evaluateAll("cells => cells.map(c => ["
                + "c.getAttribute('data-share'), c.classList.contains('agree'), getComputedStyle(c).backgroundColor])");
        assertThat(read).isNotEmpty();
        for (List<Object> cell : read) {
            double share = Double.parseDouble((String) cell.get(0));
            boolean agree = (Boolean) cell.get(1);
            String background = (String) cell.get(2);
            java.util.regex.Matcher rgba = java.util.regex.Pattern
                    .compile("rgba?\\((\\d+), (\\d+), (\\d+)(?:, ([\\d.]+))?\\)").matcher(background);
            assertThat(rgba.matches()).as("background %s", background).isTrue();
            double alpha = rgba.group(4) == null ? 1 : Double.parseDouble(rgba.group(4));
            assertThat(alpha).as("opacity of a cell with share %s", share).isCloseTo(share, within(0.051));
            if (share > 0) {
                assertThat(rgba.group(1) + "," + rgba.group(2) + "," + rgba.group(3))
                        .isEqualTo(agree ? "11,110,79" : "200,40,40");
            }
        }
    }

    /** Reads uPlot's x scale from the chart element and compares it with the days it was given. */
    private static void assertXAxisSpansTheDataDays(Locator chart) {
        @SuppressWarnings("unchecked")
        List<Number> read = (List<Number>) chart.evaluate("e => [e.plot.scales.x.min, e.plot.scales.x.max,"
                + " Math.min(...e.data.days), Math.max(...e.data.days)]");
        double min = read.get(0).doubleValue(), max = read.get(1).doubleValue();
        double firstDay = read.get(2).doubleValue(), lastDay = read.get(3).doubleValue();
        double day = 86_400;
        assertThat(min).as("x-axis start (epoch s) against the first day %s", firstDay)
                .isLessThanOrEqualTo(firstDay).isGreaterThanOrEqualTo(firstDay - day);
        assertThat(max).as("x-axis end (epoch s) against the last day %s", lastDay)
                .isGreaterThanOrEqualTo(lastDay).isLessThanOrEqualTo(lastDay + 2 * day);
        assertThat(chart).hasAttribute("data-x-min", String.valueOf((long) min));
        assertThat(chart).hasAttribute("data-x-max", String.valueOf((long) max));
    }

    private void labelAndSubmit(String annotator, UUID projectId) {
        DemoEpisodeProjects.labelAndSubmit(annotator, projectId, signIn, workflow, work, drafts);
    }

    private Project projectOnTheDemoEpisode() throws InterruptedException {
        return DemoEpisodeProjects.forBothDemoAnnotators("Agreement", dsl, signIn, workflow, provisioning);
    }
}
