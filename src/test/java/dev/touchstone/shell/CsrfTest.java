package dev.touchstone.shell;

import dev.touchstone.ApiClient;
import dev.touchstone.FormSignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.organization.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CSRF over real HTTP (docs/security.md, "CSRF"): the sign-in form needs its page's token, so another site cannot
 * sign a visitor in as someone else; and the JSON API takes its token only in the header.
 */
@TouchstoneSpringTest
class CsrfTest {

    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;
    @Autowired
    OrganizationProvisioning provisioning;

    private HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private HttpResponse<String> postForm(HttpClient http, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int me(HttpClient http) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/me")).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void aSignInFormWithoutItsPagesTokenSignsNobodyIn() throws Exception {
        String rightPassword = FormSignIn.form("pm@acme.test", "touchstone-demo");

        // Another site's form: the browser has no session here yet (or sends none cross-site), and no token.
        HttpClient forged = browser();
        HttpResponse<String> refused = postForm(forged, rightPassword);
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(refused.headers().firstValue("Location").orElseThrow()).endsWith("/login?expired");
        assertThat(me(forged)).isEqualTo(401);

        // A session with the sign-in page open, but a form without its token or with a made-up one.
        HttpClient open = browser();
        FormSignIn page = FormSignIn.open(open, port);
        for (String form : new String[]{rightPassword, rightPassword + "&" + page.parameter() + "=forged"}) {
            HttpResponse<String> response = postForm(open, form);
            assertThat(response.statusCode()).as(form).isEqualTo(302);
            assertThat(response.headers().firstValue("Location").orElseThrow()).as(form).endsWith("/login?expired");
            assertThat(me(open)).as(form).isEqualTo(401);
        }

        // The page's own form, as the browser posts it, signs in.
        HttpResponse<String> signedIn = open.send(page.post("pm@acme.test", "touchstone-demo").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElseThrow())
                .doesNotContain("error").doesNotContain("expired");
        assertThat(me(open)).isEqualTo(200);
    }

    @Test
    void theApiTakesItsCsrfTokenOnlyInTheHeader() throws Exception {
        String email = "csrf-header-only@acme.test";
        provisioning.addMember(provisioning.organization("acme").orElseThrow(), email, "Hedda Header",
                "the first password 1", Set.of(Role.ANNOTATOR));
        ApiClient client = ApiClient.signedIn(port, json, email, "the first password 1");
        client.csrfFromApi();
        String token = URLEncoder.encode(client.csrfToken, StandardCharsets.UTF_8);
        String change = "{\"currentPassword\":\"the first password 1\",\"newPassword\":\"the second password 2\"}";

        HttpResponse<String> inQuery = client.http.send(HttpRequest.newBuilder(
                        client.uri("/api/v1/me/password?_csrf=" + token))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(change)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(inQuery.statusCode()).as(inQuery.body()).isEqualTo(403);
        assertThat(json.readTree(inQuery.body()).get("detail").asString()).contains("X-CSRF-TOKEN header");

        HttpResponse<String> inForm = client.http.send(HttpRequest.newBuilder(client.uri("/api/v1/me/password"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + token + "&currentPassword=the+first+password+1"
                        + "&newPassword=the+second+password+2")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(inForm.statusCode()).as(inForm.body()).isEqualTo(403);

        // Nothing changed: the first password still signs in.
        ApiClient.signedIn(port, json, email, "the first password 1").getJson("/api/v1/me", 200);

        HttpResponse<String> inHeader = client.post("/api/v1/me/password", change);
        assertThat(inHeader.statusCode()).as(inHeader.body()).isEqualTo(204);
        ApiClient.signedIn(port, json, email, "the second password 2").getJson("/api/v1/me", 200);
    }
}
