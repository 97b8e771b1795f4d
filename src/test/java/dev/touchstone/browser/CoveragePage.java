package dev.touchstone.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.WaitForSelectorState;
import com.microsoft.playwright.options.AriaRole;

import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** Page object of a dataset's coverage planner (datasets/:id/coverage). */
final class CoveragePage {

    private final Page page;

    CoveragePage(Page page) {
        this.page = page;
    }

    CoveragePage openFromDataset(UUID datasetId) {
        page.navigate("/datasets/" + datasetId);
        page.locator("#dataset-coverage").click();
        assertThat(page.locator("#coverage-heatmap table.coverage").first()).isVisible();
        return this;
    }

    /** The cell at the rows' and columns' 1-based bins. */
    Locator cell(int row, int column) {
        return page.locator("#cell-" + row + "-" + column);
    }

    Locator columnHeaders() {
        return page.locator("#coverage-heatmap thead th[scope=col]");
    }

    Locator rowHeaders() {
        return page.locator("#coverage-heatmap tbody th[scope=row]");
    }

    Locator corner() {
        return page.locator("#coverage-heatmap th.corner");
    }

    Locator legend() {
        return page.locator("#coverage-legend");
    }

    Locator summary() {
        return page.locator("#coverage-summary");
    }

    CoveragePage colourBy(String measure) {
        // exact: "Episodes" is also part of "Accepted episodes"
        Locator option = page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName(measure).setExact(true));
        for (int attempt = 1; ; attempt++) {
            // The last choice's overlay may still be closing: its items are visible but about to go, and a click on
            // the select then does not open it again.
            try {
                option.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.HIDDEN).setTimeout(3_000));
            } catch (TimeoutError stillShown) {
                // open from an earlier attempt: the click below closes or reopens it
            }
            page.locator("#coverage-measure").click();
            try {
                option.waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.VISIBLE).setTimeout(3_000));
                option.click(new Locator.ClickOptions().setTimeout(3_000));
                return this;
            } catch (TimeoutError overlayClosedUnderTheClick) {
                if (attempt == 3) {
                    throw overlayClosedUnderTheClick;
                }
                page.keyboard().press("Escape");
            }
        }
    }

    CoveragePage rule(String rule) {
        page.locator("#coverage-rule input").fill(rule);
        page.locator("#coverage-rule input").press("Enter");
        return this;
    }

    Locator cellTitle() {
        return page.locator("#coverage-cell-title");
    }

    Locator cellEpisodeLinks() {
        return page.locator("#coverage-cell-episodes a.coverage-episode-link");
    }

    Locator export(String format) {
        return page.locator("#coverage-export-" + format);
    }
}
