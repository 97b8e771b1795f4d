package dev.touchstone.sso.ui;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.server.VaadinSession;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.organization.Organization;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.organization.Role;
import dev.touchstone.shell.ui.LoginView;
import dev.touchstone.sso.SingleSignOn;
import dev.touchstone.sso.SsoSettings;
import dev.touchstone.sso.SsoSettingsService;
import dev.touchstone.sso.SsoSettingsUpdate;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SSO page and the sign-in page's SSO part without a browser, each in an organization of its own (the test
 * database is shared): the secret is write-only, the mapping is read from "value = role" lines, and the sign-in
 * page of an organization shows its provider's button, or why there is none, or why a sign-in was refused; a
 * provider that never answers or an issuer in a private network is refused on save with the reason.
 */
@TouchstoneSpringTest
class SsoSettingsViewTest extends SpringBrowserlessTest {

    @Autowired SignIn signIn;
    @Autowired OrganizationProvisioning provisioning;
    @Autowired SsoSettingsService sso;

    // A real provider: saving enabled settings reads its discovery document.
    private final MockOAuth2Server idp = new MockOAuth2Server();

    @BeforeEach
    void provider() {
        idp.start();
    }

    @AfterEach
    void signOut() {
        signIn.out();
        idp.shutdown();
    }

    private String organizationWithAdmin(String prefix) {
        String slug = prefix + UUID.randomUUID().toString().substring(0, 8);
        Organization organization = provisioning.createOrganization(slug, "SSO " + slug);
        provisioning.addMember(organization, "admin@" + slug + ".test", "Admin", "correct horse battery 1",
                Set.of(Role.ADMIN));
        signIn.as("admin@" + slug + ".test");
        return slug;
    }

    private void signInPage(String query) {
        UI.getCurrent().navigate("login", QueryParameters.fromString(query));
        assertThat(getCurrentView()).isInstanceOf(LoginView.class);
    }

    private <T extends Component> T field(Class<T> type, String id) {
        return findInView(type).withId(id).single();
    }

    @Test
    void theSecretIsWriteOnlyAndTheMappingIsReadFromLines() {
        String slug = organizationWithAdmin("sso-page-");
        navigate(SsoSettingsView.class);
        assertThat(field(Paragraph.class, "sso-redirect-uri").getText())
                .contains("/login/oauth2/code/" + slug).contains("/login?org=" + slug);

        test(field(TextField.class, "sso-provider-name")).setValue("Okta");
        test(field(TextField.class, "sso-issuer")).setValue(idp.issuerUrl("okta").toString());
        test(field(TextField.class, "sso-client-id")).setValue("touchstone");
        test(field(TextField.class, "sso-role-claim")).setValue("groups");
        test(field(TextArea.class, "sso-role-mapping")).setValue("labelers = ANNOTATOR\nqa=qa lead");
        test(field(Checkbox.class, "sso-enabled")).click();
        test(field(Button.class, "sso-save")).click();
        // The first save needs a secret.
        assertThat(field(Paragraph.class, "sso-settings-error").getText()).isEqualTo("Enter the client secret.");
        assertThat(sso.settings()).isEmpty();

        test(field(PasswordField.class, "sso-client-secret")).setValue("s3cret");
        test(field(Button.class, "sso-save")).click();
        assertThat(field(Paragraph.class, "sso-settings-error").getText()).isEmpty();
        SsoSettings saved = sso.settings().orElseThrow();
        assertThat(saved.roleMapping()).isEqualTo(Map.of("labelers", Role.ANNOTATOR, "qa", Role.QA_LEAD));
        assertThat(saved.defaultRole()).isEqualTo(Role.ANNOTATOR);
        assertThat(saved.enabled()).isTrue();
        assertThat(saved.clientSecretSet()).isTrue();

        // Opened again: everything but the secret is shown; saving without one keeps the stored secret.
        navigate(SsoSettingsView.class);
        PasswordField secret = field(PasswordField.class, "sso-client-secret");
        assertThat(secret.getValue()).isEmpty();
        assertThat(secret.getPlaceholder()).startsWith("Stored");
        assertThat(field(TextArea.class, "sso-role-mapping").getValue())
                .isEqualTo("labelers = ANNOTATOR\nqa = QA_LEAD");
        test(field(TextField.class, "sso-provider-name")).setValue("Okta Workforce");
        test(field(Button.class, "sso-save")).click();
        assertThat(field(Paragraph.class, "sso-settings-error").getText()).isEmpty();
        assertThat(sso.settings().orElseThrow().providerName()).isEqualTo("Okta Workforce");

        test(field(TextArea.class, "sso-role-mapping")).setValue("labelers = boss");
        test(field(Button.class, "sso-save")).click();
        assertThat(field(Paragraph.class, "sso-settings-error").getText())
                .startsWith("Not a \"claim value = role\" line: \"labelers = boss\"");
    }

    @Test
    void aProviderThatNeverAnswersOrAPrivateAddressIsRefusedWithTheReason() throws Exception {
        organizationWithAdmin("sso-slow-");
        navigate(SsoSettingsView.class);
        test(field(TextField.class, "sso-provider-name")).setValue("Slow");
        test(field(TextField.class, "sso-client-id")).setValue("touchstone");
        test(field(PasswordField.class, "sso-client-secret")).setValue("s3cret");
        test(field(Checkbox.class, "sso-enabled")).click();

        test(field(TextField.class, "sso-issuer")).setValue("http://10.20.30.40/realms/acme");
        test(field(Button.class, "sso-save")).click();
        assertThat(field(Paragraph.class, "sso-settings-error").getText())
                .startsWith("The identity provider's host '10.20.30.40' resolves to 10.20.30.40, a private address");

        // Accepts connections (the kernel's backlog) and never answers.
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
            test(field(TextField.class, "sso-issuer")).setValue("http://127.0.0.1:" + silent.getLocalPort()
                    + "/realms/slow");
            long start = System.nanoTime();
            test(field(Button.class, "sso-save")).click();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(field(Paragraph.class, "sso-settings-error").getText())
                    .startsWith("The identity provider did not answer within 5 s at http://127.0.0.1:"
                            + silent.getLocalPort() + "/realms/slow/.well-known/openid-configuration");
            assertThat(took).as("touchstone.sso.timeout is 5 s in the tests")
                    .isBetween(Duration.ofMillis(4900), Duration.ofSeconds(15));
        }
        assertThat(sso.settings()).as("nothing saved").isEmpty();
    }

    @Test
    void anOrganizationsSignInPageShowsItsProviderOrSaysWhyNot() {
        String slug = organizationWithAdmin("sso-login-");
        sso.save(new SsoSettingsUpdate("Contoso ID", idp.issuerUrl("contoso").toString(), "touchstone", "s3cret", null,
                Map.of(), Role.CUSTOMER, true));
        signIn.out();

        signInPage("org=" + slug);
        Anchor start = field(Anchor.class, "sso-start");
        assertThat(start.getText()).isEqualTo("Sign in with Contoso ID");
        assertThat(start.getHref()).isEqualTo("/oauth2/authorization/" + slug);

        signInPage("org=nobody-here");
        assertThat(field(Paragraph.class, "sso-none").getText())
                .isEqualTo("Single sign-on is not set up for \"nobody-here\".");
        assertThat(findInView(Anchor.class).withId("sso-start").all()).isEmpty();

        VaadinSession.getCurrent().getSession().setAttribute(SingleSignOn.FAILURE, "The token was refused.");
        signInPage("org=" + slug + "&sso-error");
        assertThat(field(Paragraph.class, "sso-error").getText()).isEqualTo("The token was refused.");
    }
}
