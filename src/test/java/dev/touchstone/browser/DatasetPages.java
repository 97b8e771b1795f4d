package dev.touchstone.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import java.nio.file.Path;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** Page object of the datasets list, a dataset's episodes, its import page and an episode page. */
final class DatasetPages {

    private final Page page;

    DatasetPages(Page page) {
        this.page = page;
    }

    DatasetPages openList() {
        page.navigate("/datasets");
        assertThat(page.locator("#datasets-grid")).isVisible();
        return this;
    }

    DatasetPages create(String name, String description) {
        page.locator("#new-dataset").click();
        page.locator("#dataset-name input").fill(name);
        page.locator("#dataset-description textarea").fill(description);
        page.locator("#create-dataset").click();
        assertThat(page.locator("#dataset-title")).hasText(name);
        return this;
    }

    DatasetPages openImport() {
        page.locator("#import-episodes").click();
        assertThat(page.locator("#episode-upload")).isVisible();
        return this;
    }

    DatasetPages upload(Path file) {
        page.locator("#episode-upload input[type=file]").setInputFiles(file);
        return this;
    }

    Locator importStates() {
        return page.locator("#imports-grid .import-state");
    }

    DatasetPages backToDataset() {
        page.locator("#import-dataset-link").click();
        assertThat(page.locator("#episodes-grid")).isVisible();
        return this;
    }

    Locator episodeRows() {
        return page.locator("#episodes-grid vaadin-grid-cell-content");
    }

    Locator summary() {
        return page.locator("#dataset-summary");
    }

    DatasetPages filterText(String text) {
        page.locator("#episode-filter-text input").fill(text);
        return this;
    }

    DatasetPages openEpisode(String name) {
        page.locator("#episodes-grid vaadin-grid-cell-content", new Page.LocatorOptions().setHasText(name)).first()
                .click();
        assertThat(page.locator("#episode-title")).hasText(name);
        return this;
    }

    Locator streamCells() {
        return page.locator("#streams-grid vaadin-grid-cell-content");
    }
}
