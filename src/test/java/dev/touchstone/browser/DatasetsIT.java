package dev.touchstone.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * A project manager creates a dataset, uploads recordings in the browser, watches the import finish and finds the
 * episode with its stream statistics; a bad file shows its error instead. Uses the test-only line format
 * ({@code LinesTestImporter}), so the screens are tested apart from the real formats.
 */
class DatasetsIT extends BrowserTest {

    @TempDir
    Path files;

    private Path lines(String name, String content) throws IOException {
        return Files.writeString(files.resolve(name), content);
    }

    @Test
    void aProjectManagerUploadsARecordingAndFindsItsEpisodeAndStreams() throws IOException {
        StringBuilder samples = new StringBuilder("shoulder,elbow\n");
        for (int i = 0; i < 200; i++) {
            samples.append(i * 5_000_000L).append(',').append(i * 0.01).append(',').append(-i * 0.01).append('\n');
        }
        Path good = lines("reach-left.tslines", samples.toString());
        Path bad = lines("broken.tslines", "shoulder,elbow\n0,1,2\n0,1,2\n");
        String name = "Browser dataset " + UUID.randomUUID().toString().substring(0, 6);

        signInAs("pm@acme.test");
        DatasetPages datasets = new DatasetPages(page).openList().create(name, "uploaded in a browser test");
        assertThat(datasets.summary()).hasText("0 episodes");

        datasets.openImport().upload(good);
        assertThat(datasets.importStates().first()).hasText("Succeeded");
        datasets.upload(bad);
        assertThat(datasets.importStates().first()).hasText("Failed");
        assertThat(page.locator("#imports-grid .import-progress").first()).containsText("broken.tslines");
        assertThat(page.locator("#imports-grid .import-progress").first()).containsText("backwards");

        datasets.backToDataset();
        assertThat(datasets.summary()).hasText("1 episode");
        datasets.filterText("nothing-like-this");
        assertThat(datasets.summary()).hasText("0 episodes");
        datasets.filterText("reach");
        assertThat(datasets.summary()).hasText("1 episode");

        datasets.openEpisode("reach-left");
        assertThat(datasets.streamCells().filter(new com.microsoft.playwright.Locator.FilterOptions()
                .setHasText("200 Hz"))).hasCount(1);
        assertThat(page.locator("#episode-facts")).containsText("test-bot");
    }

    @Test
    void aRunningImportShowsProgressAndCanBeCancelled() {
        signInAs("pm@acme.test");
        String name = "Cancel " + UUID.randomUUID().toString().substring(0, 6);
        DatasetPages datasets = new DatasetPages(page).openList().create(name, "").openImport();
        page.locator("#generate-count input").fill("5");
        page.locator("#generate-episodes").click();
        assertThat(datasets.importStates().first()).hasText("Running");
        assertThat(page.locator("#imports-grid .import-progress").first()).containsText("Generating episode");
        documentationScreenshot("import-page.png");
        page.locator("#imports-grid .cancel-import").first().click();
        assertThat(datasets.importStates().first()).hasText("Cancelled");
        datasets.backToDataset();
        assertThat(datasets.summary()).hasText("0 episodes");
    }

    @Test
    void theDemoStartsWithAGeneratedEpisodeShowingEverySensor() {
        signInAs("qa@acme.test");
        DatasetPages datasets = new DatasetPages(page).openList();
        page.locator("#datasets-grid vaadin-grid-cell-content",
                new com.microsoft.playwright.Page.LocatorOptions().setHasText("Pick and place (synthetic)")).click();
        // Generated in the background at start-up; reload until the import has stored it.
        for (int attempt = 0; attempt < 60 && !datasets.summary().textContent().startsWith("1 "); attempt++) {
            page.waitForTimeout(1000);
            page.reload();
        }
        assertThat(datasets.summary()).hasText("1 episode");
        datasets.openEpisode("synthetic-1-0000");
        for (String stream : new String[]{"head_camera", "head_depth", "head_lidar", "left_hand/tactile",
                "right_wrist/force_torque"}) {
            assertThat(datasets.streamCells().filter(new com.microsoft.playwright.Locator.FilterOptions()
                    .setHasText(stream)).first()).isVisible();
        }
        assertThat(page.locator("#episode-ground-truth")).containsText("transport");
        documentationScreenshot("episode-page.png");
    }

    @Test
    void annotatorsAndCustomersDoNotSeeDatasets() {
        AppShell shell = signInAs("annotator@acme.test");
        shell.waitForPath("/work");
        page.navigate("/datasets");
        assertThat(page.locator("#datasets-grid")).hasCount(0);
    }
}
