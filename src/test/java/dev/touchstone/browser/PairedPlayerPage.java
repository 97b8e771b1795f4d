package dev.touchstone.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * Page object of the paired player ({@code episodes/:first/compare/:second}). The player itself (clock, cameras and
 * what they show) is read with {@link PlayerPage}, which works on any page with one {@code ts-player}.
 */
final class PairedPlayerPage {

    private final Page page;
    final PlayerPage player;

    PairedPlayerPage(Page page) {
        this.page = page;
        this.player = new PlayerPage(page);
    }

    PairedPlayerPage open(UUID first, UUID second, long offsetNanos) {
        page.navigate("/episodes/" + first + "/compare/" + second + "?offset=" + offsetNanos);
        assertThat(page.locator("ts-player")).isVisible();
        assertThat(offsetControl()).hasAttribute("data-applied", Long.toString(offsetNanos));
        return this;
    }

    Locator offsetControl() {
        return page.locator("#pair-offset");
    }

    /** Types milliseconds into the offset field and leaves it, as a person does. */
    void typeOffsetMillis(String text) {
        Locator field = page.locator("#pair-offset-ms");
        field.fill(text);
        field.press("Enter");
        field.blur();
    }

    Locator alignSelect() {
        return page.locator("#pair-align");
    }

    Locator overlay() {
        return page.locator("ts-paired-signals");
    }

    Locator timingSources() {
        return page.locator("#pair-timing-sources");
    }

    Locator timingTable() {
        return page.locator("#pair-timing-table");
    }
}
