package dev.touchstone.browser;

import com.microsoft.playwright.Locator;
import dev.touchstone.SignIn;
import dev.touchstone.organization.MemberService;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.organization.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.EnumSet;

import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** An admin creates a person; the person signs in with the one-time password and must choose their own. */
class UserAdministrationIT extends BrowserTest {

    @Autowired
    SignIn signIn;

    @Autowired
    OrganizationProvisioning provisioning;
    @Autowired
    MemberService members;

    @Test
    void aMemberDeactivatedWhileSignedInIsSignedOutAtTheNextNavigation() {
        String email = "leaver-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        UUID id = provisioning.addMember(provisioning.organization("acme").orElseThrow(), email, "Lou Leaver",
                "touchstone-demo", EnumSet.of(Role.ANNOTATOR));
        AppShell shell = signInAs(email);
        shell.waitForPath("/work");

        signIn.as("admin@acme.test");
        try {
            members.setActive(id, false);
        } finally {
            signIn.out();
        }

        // An in-app navigation, no reload: the layout checks the membership on every navigation.
        page.locator("#user-menu-root").click();
        page.locator("#menu-account").click();
        assertThat(page.locator("#login-form")).isVisible();
        page.navigate("/work");
        assertThat(page.locator("#login-form")).isVisible();
        loginPage().signIn(email, "touchstone-demo");
        assertThat(loginPage().error()).containsText("Account deactivated");
    }

    @Test
    void anAdminCreatesAnAnnotatorWhoThenSetsTheirOwnPassword() {
        String email = "newbie-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        AppShell shell = signInAs("admin@acme.test");
        page.navigate("/admin/users");
        page.locator("#add-member").click();
        page.locator("#new-member-email input").fill(email);
        page.locator("#new-member-name input").fill("Nico Newbie");
        page.locator("#new-member-roles vaadin-checkbox")
                .filter(new Locator.FilterOptions().setHasText("Annotator")).click();
        page.locator("#new-member-save").click();
        Locator secret = page.locator("#one-time-password");
        assertThat(secret).isVisible();
        String oneTimePassword = secret.innerText().trim();
        assertThat(oneTimePassword).hasSize(16);
        page.locator("#one-time-password-done").click();
        assertThat(page.locator("#members-grid")).containsText(email);

        page.navigate("/admin/audit");
        assertThat(page.locator("#audit-grid")).containsText("user.created");
        shell.signOut();

        AppShell newbie = loginPage().open().signIn(email, oneTimePassword).expectSignedIn();
        newbie.waitForPath("/account");
        assertThat(page.locator("#must-change-password")).isVisible();
        page.navigate("/work");
        newbie.waitForPath("/account");

        page.locator("#current-password input").fill(oneTimePassword);
        page.locator("#new-password input").fill("my-own-strong-password");
        page.locator("#confirm-password input").fill("my-own-strong-password");
        page.locator("#change-password").click();
        assertThat(page.locator("#must-change-password")).hasCount(0);
        page.navigate("/work");
        newbie.waitForPath("/work");
        assertThat(newbie.menuEntries()).containsExactly("My work", "API tokens");
    }

    @Test
    void anAdminChangesRolesAndSeesRuleViolationsExplained() {
        signInAs("admin@globex.test");
        page.navigate("/admin/users");
        page.locator("#members-grid").getByText("Gil Admin").click();
        assertThat(page.locator("#member-name")).hasText("Gil Admin");
        // Gil is Globex's only admin: removing the role must be refused with a reason, not silently applied.
        page.locator("#member-roles vaadin-checkbox").filter(new Locator.FilterOptions().setHasText("Admin"))
                .first().click();
        page.locator("#member-roles vaadin-checkbox")
                .filter(new Locator.FilterOptions().setHasText("Annotator")).click();
        page.locator("#save-roles").click();
        assertThat(page.locator("#member-error")).containsText("at least one active admin");
    }
}
