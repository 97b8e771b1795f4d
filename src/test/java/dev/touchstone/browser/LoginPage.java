package dev.touchstone.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** Page object of the sign-in page. */
final class LoginPage {

    private final Page page;

    LoginPage(Page page) {
        this.page = page;
    }

    LoginPage open() {
        page.navigate("/login");
        assertThat(page.locator("#login-form")).isVisible();
        return this;
    }

    LoginPage signIn(String email, String password) {
        page.locator("#login-form input[name='username']").fill(email);
        Locator passwordField = page.locator("#login-form input[name='password']");
        passwordField.fill(password);
        passwordField.press("Enter");
        page.waitForLoadState();
        return this;
    }

    AppShell expectSignedIn() {
        AppShell shell = new AppShell(page);
        assertThat(shell.nav()).isVisible();
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
