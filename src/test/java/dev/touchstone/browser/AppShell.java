package dev.touchstone.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import java.net.URI;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** Page object of the frame around every signed-in page: menu, organization switcher, user menu. */
final class AppShell {

    private final Page page;

    AppShell(Page page) {
        this.page = page;
    }

    Locator nav() {
        return page.locator("#main-nav");
    }

    List<String> menuEntries() {
        assertThat(nav()).isVisible();
        return nav().locator("vaadin-side-nav-item").allInnerTexts().stream().map(String::trim).toList();
    }

    String path() {
        return URI.create(page.url()).getPath();
    }

    void waitForPath(String path) {
        page.waitForURL(url -> URI.create(url).getPath().equals(path));
    }

    Locator pageTitle() {
        return page.locator("#page-title");
    }

    void switchOrganization(String name) {
        page.locator("#org-switcher").click();
        page.locator("vaadin-select-item").filter(new Locator.FilterOptions().setHasText(name)).click();
        page.waitForLoadState();
    }

    void signOut() {
        page.locator("#user-menu-root").click();
        page.locator("#menu-sign-out").click();
        page.waitForURL(url -> URI.create(url).getPath().equals("/login"));
    }
}
