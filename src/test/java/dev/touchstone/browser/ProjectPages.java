package dev.touchstone.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** Page object of the projects list, its "New project" dialog and a project's page. */
final class ProjectPages {

    private final Page page;

    ProjectPages(Page page) {
        this.page = page;
    }

    ProjectPages openList() {
        page.navigate("/projects");
        assertThat(page.locator("#projects-grid")).isVisible();
        return this;
    }

    Locator newProjectButton() {
        return page.locator("#new-project");
    }

    /** Fills the dialog with a dataset and the first label schema; the other settings keep their defaults. */
    ProjectPages create(String name, String dataset, double goldRate) {
        newProjectButton().click();
        page.locator("#project-name input").fill(name);
        page.locator("#project-dataset input").fill(dataset);
        comboItem(dataset).click();
        page.locator("#project-schema input").click();
        page.locator("vaadin-combo-box-item:visible").first().click();
        page.locator("#project-gold-rate input").fill(String.valueOf(goldRate));
        page.locator("#project-create").click();
        assertThat(title()).hasText(name);
        return this;
    }

    private Locator comboItem(String text) {
        return page.locator("vaadin-combo-box-item:visible").filter(new Locator.FilterOptions().setHasText(text)).first();
    }

    Locator rows() {
        return page.locator("#projects-grid vaadin-grid-cell-content");
    }

    ProjectPages open(String name) {
        rows().filter(new Locator.FilterOptions().setHasText(name)).first().click();
        assertThat(title()).hasText(name);
        return this;
    }

    Locator title() {
        return page.locator("#project-title");
    }

    Locator progress() {
        return page.locator("#project-progress");
    }

    /** The count in the legend of the tasks-by-state bar: "unstarted", "in-progress", "review", "accepted". */
    Locator tasksIn(String state) {
        return page.locator("#progress-" + state);
    }

    ProjectPages reviewPolicy(String label) {
        page.locator("#settings-review-policy").click();
        page.locator("vaadin-select-item:visible").filter(new Locator.FilterOptions().setHasText(label)).click();
        return this;
    }

    Locator reviewPolicy() {
        return page.locator("#settings-review-policy vaadin-select-value-button");
    }

    Locator reviewSample() {
        return page.locator("#settings-review-sample input");
    }

    /** The "Annotators see proposals" checkbox of the settings. */
    Locator showProposals() {
        return page.locator("#settings-show-proposals");
    }

    Locator goldRate() {
        return page.locator("#settings-gold-rate input");
    }

    ProjectPages save() {
        page.locator("#project-save").click();
        assertThat(page.locator("vaadin-notification-card").filter(new Locator.FilterOptions()
                .setHasText("Settings saved"))).isVisible();
        return this;
    }

    Locator saveButton() {
        return page.locator("#project-save");
    }
}
