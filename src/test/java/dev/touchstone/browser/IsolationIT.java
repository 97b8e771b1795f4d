package dev.touchstone.browser;

import dev.touchstone.SignIn;
import dev.touchstone.organization.Member;
import dev.touchstone.organization.MemberService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** Pages addressed by URL: another organization's ids and pages of other roles show "not found". */
class IsolationIT extends BrowserTest {

    @Autowired
    SignIn signIn;

    @Autowired
    MemberService members;

    private UUID memberOf(String adminEmail, String memberEmail) {
        try {
            signIn.as(adminEmail);
            return members.members().stream().filter(m -> m.email().equals(memberEmail)).findFirst()
                    .map(Member::userId).orElseThrow();
        } finally {
            signIn.out();
        }
    }

    @Test
    void anotherOrganizationsMemberPageIsNotFound() {
        UUID globexAnnotator = memberOf("admin@globex.test", "annotator@globex.test");
        UUID acmeAnnotator = memberOf("admin@acme.test", "annotator@acme.test");
        signInAs("admin@acme.test");

        page.navigate("/admin/users/" + acmeAnnotator);
        assertThat(page.locator("#member-name")).hasText("Ana Annotator");

        page.navigate("/admin/users/" + globexAnnotator);
        assertThat(page.locator("#not-found")).isVisible();
        assertThat(page.locator("#member-name")).hasCount(0);
        assertThat(page.getByText("Gabi Annotator")).hasCount(0);
    }

    @Test
    void adminPagesAreNotFoundForOtherRoles() {
        signInAs("annotator@acme.test");
        page.navigate("/admin/users");
        assertThat(page.locator("#not-found")).isVisible();
        assertThat(page.locator("#members-grid")).hasCount(0);
        page.navigate("/admin/audit");
        assertThat(page.locator("#audit-grid")).hasCount(0);
    }

    @Test
    void theContractorSwitchesOrganizationAndSeesTheOtherRole() {
        AppShell shell = signInAs("contractor@touchstone.test");
        shell.waitForPath("/work");
        org.assertj.core.api.Assertions.assertThat(shell.menuEntries()).containsExactly("My work", "API tokens");

        shell.switchOrganization("Globex Humanoids");
        shell.waitForPath("/review");
        org.assertj.core.api.Assertions.assertThat(shell.menuEntries()).containsExactly("Datasets", "Projects", "Label schemas", "Review", "Agreement",
                "Releases", "API tokens");

        shell.switchOrganization("Acme Robotics");
        shell.waitForPath("/work");
    }
}
