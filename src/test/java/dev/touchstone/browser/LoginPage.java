package dev.touchstone.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** Page object of the sign-in page. */
final class LoginPage {

    private final Page page;
    private final List<String> navigations = new ArrayList<>();

    LoginPage(Page page) {
        this.page = page;
        page.onFrameNavigated(frame -> {
            if (frame.parentFrame() == null) {
                navigations.add(frame.url());
            }
        });
    }

    LoginPage open() {
        page.navigate("/login");
        assertThat(page.locator("#login-form")).isVisible();
        return this;
    }

    LoginPage signIn(String email, String password) {
        page.locator("#login-form input[name='username']").fill(email);
        page.locator("#login-form input[name='password']").fill(password);
        int before = navigations.size();
        page.locator("#login-form vaadin-button").filter(new Locator.FilterOptions().setHasText("Log in")).click();
        // The form posts natively: wait for a navigation caused by this submit that leaves the bare sign-in page
        // (to a home page, or back with ?error), so a lost submit fails here with the history instead of later
        // as a missing element, and a repeated attempt never reads the previous attempt's page.
        try {
            page.waitForCondition(() -> navigations.subList(before, navigations.size()).stream()
                    .anyMatch(url -> !URI.create(url).getPath().equals("/login") || url.contains("error")));
        } catch (PlaywrightException e) {
            throw new AssertionError("Sign-in as " + email + " never left the sign-in page; navigations: "
                    + navigations, e);
        }
        return this;
    }

    AppShell expectSignedIn() {
        AppShell shell = new AppShell(page);
        try {
            assertThat(shell.nav()).isVisible();
        } catch (AssertionError e) {
            throw new AssertionError("Not signed in at " + page.url() + "; navigations: " + navigations, e);
        }
        return shell;
    }

    /** The error the form shows after a refused sign-in (title and message). */
    Locator error() {
        return page.locator("#login-form [part='error-message']").first();
    }

    Locator demoAccounts() {
        return page.locator("#demo-accounts");
    }
}
