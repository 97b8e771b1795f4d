package dev.touchstone.browser;

import com.microsoft.playwright.Locator;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API tokens page as a customer uses it: make a token, copy the secret from the one-time dialog, use it from a
 * script (plain HTTP), find it in the list by its prefix, revoke it after confirming, and see the script refused;
 * and an admin revoking another member's leaked token from the organization's list, after which it gets 401.
 */
class ApiTokensIT extends BrowserTest {

    @Autowired
    DSLContext dsl;

    @Autowired
    dev.touchstone.SignIn signIn;

    @Autowired
    dev.touchstone.apitoken.ApiTokenService tokens;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aCustomerMakesATokenUsesItAndRevokesIt() throws Exception {
        AppShell shell = signInAs("customer@acme.test");
        page.locator("#nav-tokens").click();
        shell.waitForPath("/tokens");
        assertThat(page.locator("#api-tokens-about")).containsText("Acme Robotics");

        page.locator("#new-token").click();
        assertThat(page.locator("#token-days input")).hasValue("90");
        page.locator("#token-name input").fill("Nightly download " + UUID.randomUUID().toString().substring(0, 6));
        String name = page.locator("#token-name input").inputValue();
        page.locator("#token-days input").fill("30");
        page.locator("#token-create").click();

        Locator secretField = page.locator("#token-secret input");
        assertThat(secretField).hasValue(Pattern.compile("ts_[A-Za-z0-9_-]{43}"));
        String secret = secretField.inputValue();
        assertThat(page.locator("#token-warning")).containsText("shown only this once");
        assertThat(page.locator("#token-example")).containsText("/api/v1/releases");
        documentationScreenshot("api-token.png");
        page.locator("#token-secret-done").click();
        assertThat(page.locator("#token-secret-dialog")).hasCount(0);

        assertThat(list(secret)).isEqualTo(200);

        Locator grid = page.locator("#tokens-grid");
        assertThat(grid).containsText(name);
        assertThat(grid).containsText(secret.substring(0, 11) + "…");
        assertThat(grid).not().containsText(secret);
        UUID id = dsl.resultQuery("select id from api_token where name = ?", name).fetchSingle(0, UUID.class);

        page.locator("#revoke-" + id).click();
        assertThat(page.locator("#revoke-dialog")).containsText(secret.substring(0, 11));
        page.locator("#revoke-cancel").click();
        assertThat(list(secret)).as("cancelled: still works").isEqualTo(200);
        page.locator("#revoke-" + id).click();
        page.locator("#revoke-confirm").click();
        assertThat(grid.locator("vaadin-grid-cell-content").filter(new Locator.FilterOptions()
                .setHasText("Revoked")).first()).isVisible();
        assertThat(page.locator("#revoke-" + id)).isHidden();
        assertThat(list(secret)).isEqualTo(401);
    }

    @Test
    void anAnnotatorsTokenIsForTheLabelingLoopNotForReleases() {
        AppShell shell = signInAs("annotator@acme.test");
        page.locator("#nav-tokens").click();
        shell.waitForPath("/tokens");
        assertThat(page.locator("#api-tokens-about")).containsText("labeling loop");
        page.locator("#new-token").click();
        Locator scopes = page.locator("#token-scopes vaadin-checkbox");
        assertThat(scopes).hasCount(2);
        assertThat(scopes.filter(new Locator.FilterOptions().setHasText("releases:read"))).hasCount(0);
        assertThat(page.locator("#token-scopes vaadin-checkbox[checked]")).hasCount(2);
    }

    @Test
    void anAdminRevokesAnotherMembersTokenAndTheTokenIsThenRefused() throws Exception {
        String name = "Leaked script " + UUID.randomUUID().toString().substring(0, 6);
        signIn.as("customer@acme.test");
        dev.touchstone.apitoken.CreatedApiToken created;
        try {
            created = tokens.create(name, 30);
        } finally {
            signIn.out();
        }
        UUID id = created.token().id();
        assertThat(list(created.secret())).as("the member's token works").isEqualTo(200);

        AppShell shell = signInAs("admin@acme.test");
        ApiTokensPage tokensPage = ApiTokensPage.open(page, shell);
        assertThat(tokensPage.organizationTokens()).containsText(name);
        // Not among the admin's own tokens: only in the organization's list.
        assertThat(page.locator("#revoke-" + id)).hasCount(0);

        Locator dialog = tokensPage.startRevokingOrganizationToken(id);
        // The title names the token and whose it is; the text its prefix.
        assertThat(dialog).hasAttribute("aria-label", "Revoke “" + name + "” of Cory Customer?");
        assertThat(dialog).containsText(created.secret().substring(0, 11));
        tokensPage.confirmRevoke();
        assertThat(tokensPage.organizationRevokeButton(id)).isHidden();
        assertThat(tokensPage.organizationTokens().locator("vaadin-grid-cell-content")
                .filter(new Locator.FilterOptions().setHasText("Revoked")).first()).isVisible();

        assertThat(list(created.secret())).as("revoked by the admin: refused").isEqualTo(401);
        assertThat(dsl.resultQuery("select revoked_at is not null from api_token where id = ?", id)
                .fetchSingle(0, Boolean.class)).isTrue();
    }

    private int list(String secret) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/releases"))
                .header("Authorization", "Bearer " + secret).GET().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }
}
