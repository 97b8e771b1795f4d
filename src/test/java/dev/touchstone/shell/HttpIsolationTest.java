package dev.touchstone.shell;

import dev.touchstone.FormSignIn;
import dev.touchstone.TouchstoneSpringTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Tenant isolation and role rules through real HTTP: form sign-in, session cookie, JSON API. */
@TouchstoneSpringTest
class HttpIsolationTest {

    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;

    /** A browser-like client: own cookie jar, no automatic redirects (so we can see them). */
    private final class Client {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> signIn(String email, String password) throws Exception {
            return http.send(FormSignIn.open(http, port).post(email, password).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        JsonNode getJson(String path) throws IOException, InterruptedException {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            return json.readTree(response.body());
        }
    }

    private Client signedIn(String email) throws Exception {
        Client client = new Client();
        HttpResponse<String> response = client.signIn(email, "touchstone-demo");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        return client;
    }

    @Test
    void anonymousRequestsGetNothing() throws Exception {
        Client anonymous = new Client();
        assertThat(anonymous.get("/api/v1/me").statusCode()).isEqualTo(401);
        HttpResponse<String> page = anonymous.get("/admin/users");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    }

    @Test
    void aWrongPasswordSendsBackToTheLoginPageWithAnError() throws Exception {
        HttpResponse<String> response = new Client().signIn("pm@acme.test", "not-the-password");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow()).contains("/login?error");
    }

    @Test
    void idsOfAnotherOrganizationAnswer404() throws Exception {
        Client globex = signedIn("admin@globex.test");
        JsonNode globexMe = globex.getJson("/api/v1/me");
        String globexOrg = globexMe.get("organization").get("id").asString();
        String globexAdmin = globexMe.get("userId").asString();

        Client acme = signedIn("admin@acme.test");
        String acmeOrg = acme.getJson("/api/v1/me").get("organization").get("id").asString();

        assertThat(acme.get("/api/v1/organizations/" + acmeOrg + "/members").statusCode()).isEqualTo(200);
        assertThat(acme.get("/api/v1/organizations/" + globexOrg + "/members").statusCode()).isEqualTo(404);
        assertThat(acme.get("/api/v1/organizations/" + acmeOrg + "/members/" + globexAdmin).statusCode())
                .isEqualTo(404);
        assertThat(acme.get("/api/v1/organizations/" + globexOrg + "/members/" + globexAdmin).statusCode())
                .isEqualTo(404);
        // The same ids work for their own organization's admin: the 404s above are isolation, not typos.
        assertThat(globex.get("/api/v1/organizations/" + globexOrg + "/members/" + globexAdmin).statusCode())
                .isEqualTo(200);
        assertThat(acme.getJson("/api/v1/organizations/" + acmeOrg + "/members").toString())
                .contains("admin@acme.test").doesNotContain("admin@globex.test");
    }

    @Test
    void nonAdminsAreForbiddenFromTheMemberApi() throws Exception {
        Client annotator = signedIn("annotator@acme.test");
        String org = annotator.getJson("/api/v1/me").get("organization").get("id").asString();
        assertThat(annotator.get("/api/v1/organizations/" + org + "/members").statusCode()).isEqualTo(403);
    }

    @Test
    void probesArePublicButOtherActuatorEndpointsAreNot() throws Exception {
        Client anonymous = new Client();
        assertThat(anonymous.get("/actuator/health/liveness").body()).contains("UP");
        assertThat(anonymous.get("/actuator/health/readiness").body()).contains("UP");
        assertThat(anonymous.get("/actuator/env").statusCode()).isNotEqualTo(200);
        Client admin = signedIn("admin@acme.test");
        assertThat(admin.get("/actuator/env").statusCode()).isNotEqualTo(200);
    }
}
