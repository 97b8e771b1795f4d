package dev.touchstone.browser;

import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.organization.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

class SignInIT extends BrowserTest {

    @Autowired
    OrganizationProvisioning provisioning;

    @ParameterizedTest(name = "{0} lands on {1}")
    @CsvSource(delimiter = ';', value = {
            "admin@acme.test;     /admin;    Organization|Users and roles|Audit log|Single sign-on|Webhooks|Datasets|Projects|Label schemas|Review|Agreement|Releases|API tokens",
            "pm@acme.test;        /projects; Datasets|Projects|Label schemas|Agreement|Releases|API tokens",
            "qa@acme.test;        /review;   Datasets|Projects|Label schemas|Review|Agreement|Releases|API tokens",
            "annotator@acme.test; /work;     My work|API tokens",
            "customer@acme.test;  /releases; Releases|API tokens"})
    void eachRoleLandsOnItsHomeAndSeesOnlyItsMenu(String email, String home, String menu) {
        AppShell shell = signInAs(email);
        shell.waitForPath(home);
        assertThat(shell.menuEntries()).containsExactlyElementsOf(Arrays.asList(menu.split("\\|")));
        assertThat(shell.pageTitle()).not().isEmpty();
    }

    /** docs/release/releases.md: admins make releases, so they have the page and its New release button. */
    @Test
    void adminsOpenReleasesAndMayMakeOne() {
        AppShell shell = signInAs("admin@acme.test");
        shell.waitForPath("/admin");
        page.locator("#main-nav vaadin-side-nav-item", new com.microsoft.playwright.Page.LocatorOptions().setHasText("Releases")).click();
        shell.waitForPath("/releases");
        assertThat(page.locator("#new-release")).isVisible();
        assertThat(page.locator("#releases-grid")).isVisible();
    }

    @Test
    void theSignInPageListsTheDemoLogins() {
        assertThat(loginPage().open().demoAccounts()).containsText("admin@acme.test");
    }

    @Test
    void aWrongPasswordShowsAnErrorAndStaysSignedOut() {
        LoginPage login = loginPage().open().signIn("pm@acme.test", "not-the-password");
        assertThat(login.error()).containsText("Incorrect e-mail or password");
        assertThat(page.locator("#main-nav")).hasCount(0);
        page.navigate("/projects");
        assertThat(page.locator("#login-form")).isVisible();
    }

    @Test
    void repeatedFailuresLockTheAccountEvenForTheRightPassword() {
        String email = "locked-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        provisioning.addMember(provisioning.organization("acme").orElseThrow(), email, "Lee Locked",
                "the-right-password", EnumSet.of(Role.ANNOTATOR));
        LoginPage login = loginPage().open();
        for (int i = 0; i < 5; i++) {
            login.signIn(email, "wrong-password-" + i);
            assertThat(login.error()).containsText("Incorrect e-mail or password");
        }
        login.signIn(email, "the-right-password");
        assertThat(login.error()).containsText("Too many failed attempts");
        assertThat(page.locator("#main-nav")).hasCount(0);
    }

    @Test
    void signingOutEndsTheSession() {
        AppShell shell = signInAs("customer@acme.test");
        shell.waitForPath("/releases");
        shell.signOut();
        page.navigate("/releases");
        assertThat(page.locator("#login-form")).isVisible();
    }
}
