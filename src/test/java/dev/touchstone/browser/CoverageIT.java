package dev.touchstone.browser;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import dev.touchstone.SignIn;
import dev.touchstone.curation.CoverageFixture;
import dev.touchstone.curation.FactorService;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.organization.CurrentOrganization;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coverage planner in Chromium over the hand-counted worked example of docs/curation.md: the numbers a person
 * reads in the cells and on the axes, "no data" for a rate without outcomes, the shortfall of a rule, a cell's
 * episodes as links, and the collection plan's CSV download.
 */
class CoverageIT extends BrowserTest {

    @Autowired SignIn signIn;
    @Autowired DatasetService datasets;
    @Autowired EpisodeStore store;
    @Autowired CurrentOrganization current;
    @Autowired FactorService factors;

    @Test
    void aProjectManagerReadsTheGridFollowsACellAndExportsThePlan() throws Exception {
        Dataset dataset;
        signIn.as("pm@acme.test");
        try {
            dataset = datasets.create("Coverage " + UUID.randomUUID().toString().substring(0, 6), "");
            CoverageFixture.record(store, current.id(), dataset.id());
            CoverageFixture.declare(factors, dataset.id());
        } finally {
            signIn.out();
        }

        signInAs("pm@acme.test");
        CoveragePage coverage = new CoveragePage(page).openFromDataset(dataset.id());
        assertThat(coverage.corner()).hasText("Object ↓ · Lighting →");
        assertThat(coverage.columnHeaders()).hasText(new String[]{"bright", "dim"});
        assertThat(coverage.rowHeaders()).hasText(new String[]{"cube", "mug", "bottle"});
        assertThat(coverage.cell(1, 1)).hasText("4");
        assertThat(coverage.cell(1, 2)).hasText("1");
        assertThat(coverage.cell(3, 1)).hasText("0");
        assertThat(coverage.cell(3, 2)).hasText("2");
        assertThat(coverage.summary()).containsText("12 episodes; 1 without a value");
        assertThat(coverage.legend()).containsText("Episodes per cell:");

        coverage.colourBy("Success rate");
        assertThat(coverage.cell(1, 1)).hasText("67 %n=3");
        assertThat(coverage.cell(1, 2)).hasText("no data");
        assertThat(coverage.cell(2, 1)).hasText("100 %n=2");
        assertThat(coverage.legend()).containsText("no data");

        coverage.colourBy("Episodes").rule(">= 2 episodes per object x lighting");
        assertThat(coverage.summary()).containsText("Shortfall: 3 episodes in 2 cells");
        assertThat(coverage.cell(3, 1)).hasText("0needs 2");
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "coverage-it.png")).setFullPage(true));
        documentationScreenshot("coverage-planner.png");

        coverage.cell(1, 1).click();
        assertThat(coverage.cellTitle()).hasText("cube · bright: 4 episodes");
        assertThat(coverage.cellEpisodeLinks()).hasText(new String[]{"e01", "e02", "e03", "e12"});

        Download download = page.waitForDownload(() -> coverage.export("csv").click());
        String csv = Files.readString(download.path());
        assertThat(csv).isEqualTo("object,lighting,have,target,needed,examples\r\nbottle,bright,0,2,2,\r\n"
                + "cube,dim,1,2,1,e04\r\n");

        coverage.cellEpisodeLinks().first().click();
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/episodes/[0-9a-f-]{36}$"));
    }
}
