package dev.touchstone.organization;

import dev.touchstone.ApiClient;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Open sessions follow the membership over real HTTP (form sign-in, session cookie): a deactivation, a role change,
 * a password change made in another session and a pending one-time password all take effect at the session's very
 * next request, without the person opening a page.
 */
@TouchstoneSpringTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemberSessionTest {

    static final String PASSWORD = "correct horse battery 1";

    @Autowired SignIn signIn;
    @Autowired OrganizationProvisioning provisioning;
    @Autowired MemberService members;
    @Autowired JsonMapper json;
    @LocalServerPort int port;

    Organization acme;

    @BeforeAll
    void organization() {
        acme = provisioning.organization("acme").orElseThrow();
    }

    @AfterEach
    void signOut() {
        signIn.out();
    }

    private UUID customer(String email) {
        return provisioning.addMember(acme, email, "Session Tester", PASSWORD, Set.of(Role.CUSTOMER));
    }

    private ApiClient session(String email) throws Exception {
        return ApiClient.signedIn(port, json, email, PASSWORD);
    }

    @Test
    void aDeactivatedMembersOpenSessionsEndAtTheirNextRequest() throws Exception {
        UUID leaver = customer("session-leaver@acme.test");
        ApiClient script = session("session-leaver@acme.test");
        ApiClient browser = session("session-leaver@acme.test");
        script.getJson("/api/v1/releases", 200);
        assertThat(browser.get("/").statusCode()).isEqualTo(200);

        signIn.as("admin@acme.test");
        members.setActive(leaver, false);

        HttpResponse<String> api = script.get("/api/v1/releases");
        assertThat(api.statusCode()).as(api.body()).isEqualTo(401);
        assertThat(api.headers().firstValue("Content-Type").orElse("")).contains("json");
        assertThat(script.get("/api/v1/me").statusCode()).as("the session is gone, not just refused").isEqualTo(401);

        HttpResponse<String> page = browser.get("/");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        assertThat(browser.get("/media/anything").statusCode()).isEqualTo(401);
    }

    @Test
    void aDemotedCustomersSessionLosesTheReleaseApiAtOnce() throws Exception {
        UUID demoted = customer("session-demoted@acme.test");
        ApiClient client = session("session-demoted@acme.test");
        client.getJson("/api/v1/releases", 200);

        signIn.as("admin@acme.test");
        members.changeRoles(demoted, Set.of(Role.ANNOTATOR));

        HttpResponse<String> releases = client.get("/api/v1/releases");
        assertThat(releases.statusCode()).as(releases.body()).isEqualTo(403);
        assertThat(client.getJson("/api/v1/me", 200).get("roles").toString()).isEqualTo("[\"ANNOTATOR\"]");

        // And back: promoted again, the same session reads releases again.
        members.changeRoles(demoted, Set.of(Role.CUSTOMER));
        client.getJson("/api/v1/releases", 200);
    }

    @Test
    void changingThePasswordEndsTheOtherSessionsButNotThisOne() throws Exception {
        customer("session-rotator@acme.test");
        ApiClient a = session("session-rotator@acme.test");
        ApiClient b = session("session-rotator@acme.test");
        b.getJson("/api/v1/me", 200);

        a.csrfFromApi();
        HttpResponse<String> changed = a.post("/api/v1/me/password",
                "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"a brand new password 2\"}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);

        assertThat(b.get("/api/v1/me").statusCode()).isEqualTo(401);
        a.getJson("/api/v1/me", 200);
        a.getJson("/api/v1/releases", 200);
        ApiClient.signedIn(port, json, "session-rotator@acme.test", "a brand new password 2")
                .getJson("/api/v1/me", 200);
    }

    @Test
    void aPendingOneTimePasswordKeepsTheApiAndMediaClosedUntilItIsReplaced() throws Exception {
        signIn.as("admin@acme.test");
        MemberAddition added = members.add(new NewMember("session-newcomer@acme.test", "Nia Newcomer",
                Set.of(Role.CUSTOMER)));
        signIn.out();
        String oneTime = added.oneTimePassword().orElseThrow();
        ApiClient client = ApiClient.signedIn(port, json, "session-newcomer@acme.test", oneTime);

        for (String path : new String[]{"/api/v1/releases", "/api/v1/me", "/media/anything"}) {
            HttpResponse<String> refused = client.get(path);
            assertThat(refused.statusCode()).as(path).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).as(path)
                    .startsWith("application/problem+json");
            assertThat(json.readTree(refused.body()).get("detail").asString()).as(path).contains("one-time password");
        }

        client.csrfFromApi();
        HttpResponse<String> changed = client.post("/api/v1/me/password",
                "{\"currentPassword\":\"" + oneTime + "\",\"newPassword\":\"my own password 3\"}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
        client.getJson("/api/v1/releases", 200);
    }
}
