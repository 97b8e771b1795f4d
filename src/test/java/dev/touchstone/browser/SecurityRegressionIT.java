package dev.touchstone.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.touchstone.ApiClient;
import dev.touchstone.FormSignIn;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The security regression suite: each finding of the security review (issue 18) replayed against the production jar
 * as an operator runs it, from outside, over HTTP and in a browser, the way the finding was made. The in-process
 * tests named in docs/security.md pin each rule's details; this suite proves the shipped build and its default
 * configuration keep them.
 */
class SecurityRegressionIT extends ProductionJarTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Override
    Map<String, String> environment() {
        return ProductionServer.env("TOUCHSTONE_DEMO_EPISODES", "0");
    }

    /** Finding 1: open sessions follow the membership: one-time password, password change, demotion, deactivation. */
    @Test
    void sessionsEndWhenAccessEnds() throws Exception {
        String email = "probe-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        Page admin = signedInPage("admin@acme.test");
        admin.navigate("/admin/users");
        admin.locator("#add-member").click();
        admin.locator("#new-member-email input").fill(email);
        admin.locator("#new-member-name input").fill("Pia Probe");
        admin.locator("#new-member-roles vaadin-checkbox").filter(new Locator.FilterOptions().setHasText("Customer"))
                .click();
        admin.locator("#new-member-save").click();
        String oneTime = admin.locator("#one-time-password").innerText().trim();
        admin.locator("#one-time-password-done").click();

        ApiClient script = ApiClient.signedIn(port, json, email, oneTime);
        HttpResponse<String> pending = script.get("/api/v1/releases");
        assertThat(pending.statusCode()).as("a pending one-time password keeps the API closed").isEqualTo(403);
        script.csrfFromApi();
        assertThat(script.post("/api/v1/me/password", passwordChange(oneTime, "probe password one 1")).statusCode())
                .isEqualTo(204);
        script.getJson("/api/v1/releases", 200);

        ApiClient other = ApiClient.signedIn(port, json, email, "probe password one 1");
        other.getJson("/api/v1/me", 200);
        assertThat(script.post("/api/v1/me/password", passwordChange("probe password one 1", "probe password two 2"))
                .statusCode()).isEqualTo(204);
        assertThat(other.get("/api/v1/me").statusCode()).as("a password change ends the other sessions").isEqualTo(401);
        script.getJson("/api/v1/releases", 200);

        admin.navigate("/admin/users");
        admin.locator("#members-grid").getByText(email).click();
        admin.locator("#member-roles vaadin-checkbox").filter(new Locator.FilterOptions().setHasText("Customer")).click();
        admin.locator("#member-roles vaadin-checkbox").filter(new Locator.FilterOptions().setHasText("Annotator"))
                .click();
        admin.locator("#save-roles").click();
        assertThat(admin.locator("#member-error")).isEmpty();
        awaitStatus(script, "/api/v1/releases", 403, "a demoted customer's session loses the release API");

        admin.locator("#toggle-active").click();
        assertThat(admin.locator("#toggle-active")).hasText("Reactivate");
        assertThat(script.get("/api/v1/me").statusCode()).as("a deactivated member's session ends").isEqualTo(401);
        assertThat(script.get("/media/v1/streams/" + UUID.randomUUID() + "/video").statusCode()).isEqualTo(401);
    }

    /** Finding 2: a 1 MB upload that unpacks to 1 GiB is stopped while unpacking, and the upload is deleted. */
    @Test
    void aZipBombIsStoppedAndItsUploadDeleted() throws Exception {
        Path bomb = folder.resolve("bomb.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            zip.putNextEntry(new ZipEntry("session/zeros.tslines"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 1024; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        assertThat(Files.size(bomb)).isLessThan(2_000_000);

        Page admin = signedInPage("admin@acme.test");
        DatasetPages datasets = new DatasetPages(admin).openList().create("Bomb " + UUID.randomUUID(), "")
                .openImport().upload(bomb);
        assertThat(datasets.importStates().first()).hasText("Failed",
                new LocatorAssertions.HasTextOptions().setTimeout(120_000));
        assertThat(admin.locator("#imports-grid")).containsText("zip bomb");

        Path blobs = server.dataDirectory().resolve("blobs");
        try (Stream<Path> files = Files.walk(blobs)) {
            List<Path> uploads = files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().contains("/uploads/")).toList();
            assertThat(uploads).as("rejected uploads are deleted").isEmpty();
        }
        assertThat(largestFileBelow(server.dataDirectory())).as("nothing near 1 GiB was written")
                .isLessThan(200L << 20);
    }

    /** Finding 3: X-Forwarded-* from a client that is not a configured proxy change nothing. */
    @Test
    void forwardedHeadersFromClientsAreIgnored() throws Exception {
        ApiClient attacker = new ApiClient(port, json);
        HttpResponse<String> redirect = attacker.http.send(HttpRequest.newBuilder(attacker.uri("/work"))
                .header("X-Forwarded-Host", "evil.example:8080").header("X-Forwarded-Proto", "https").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location").orElseThrow()).doesNotContain("evil.example")
                .endsWith("/login");

        // Rotating X-Forwarded-For does not escape the per-account limit (5 failures by default).
        String victim = "annotator2@acme.test";
        for (int attempt = 0; attempt < 6; attempt++) {
            failSignIn(victim, "10.0.0." + attempt);
        }
        HttpResponse<String> locked = signInFrom(victim, DEMO_PASSWORD, "10.9.9.9");
        assertThat(locked.headers().firstValue("Location").orElse("")).as("the right password is throttled too")
                .contains("error");
    }

    /** Finding 4: every /api/** answer says what happened, as problem+json with the right status. */
    @Test
    void apiErrorsTellTheTruth() throws Exception {
        ApiClient pm = ApiClient.signedIn(port, json, "pm@acme.test");
        pm.csrfFromApi();
        assertProblem(pm.get("/api/v1/nonexistent"), 404);
        assertProblem(send(pm, "POST", "/api/v1/me", "application/json", "{}"), 405);
        assertProblem(send(pm, "POST", "/api/v1/releases", "text/plain", "version 1"), 415);
        assertProblem(pm.post("/api/v1/drafts/" + UUID.randomUUID() + "/saves", "{\"saveId\":\"" + UUID.randomUUID()
                + "\",\"clientId\":\"x\",\"ops\":[{\"op\":\"put\",\"baseRevision\":0,\"label\":{\"kind\":\"phase\","
                + "\"id\":\"" + UUID.randomUUID() + "\",\"definition\":\"phase\",\"track\":\"a\\u0000b\","
                + "\"classKey\":\"reach\",\"start\":0,\"end\":1}}]}"), 400);
        assertProblem(new ApiClient(port, json).get("/api/v1/me"), 401);
    }

    /** Finding 5: headers a security questionnaire asks for, and CSRF tokens only where they belong. */
    @Test
    void webHygiene() throws Exception {
        ApiClient anonymous = new ApiClient(port, json);
        HttpResponse<String> login = anonymous.get("/login");
        assertThat(login.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
        assertThat(login.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("default-src 'self'").contains("object-src 'none'").contains("frame-ancestors");

        // Login CSRF: a sign-in form posted from another site (no token) does not sign anyone in.
        HttpResponse<String> forged = anonymous.http.send(HttpRequest.newBuilder(anonymous.uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(FormSignIn.form("pm@acme.test", DEMO_PASSWORD)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isIn(302, 403);
        assertThat(anonymous.get("/api/v1/me").statusCode()).as("no session from a forged sign-in").isEqualTo(401);

        // The API takes its CSRF token from the header only: a token in the query string may leak into logs.
        ApiClient pm = ApiClient.signedIn(port, json, "pm@acme.test");
        JsonNode token = pm.getJson("/api/v1/csrf", 200);
        HttpResponse<String> inQuery = pm.http.send(HttpRequest.newBuilder(pm.uri("/api/v1/me/password?"
                        + token.get("parameterName").asString() + "=" + token.get("token").asString()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(passwordChange("wrong", "whatever whatever 1"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(inQuery.statusCode()).as(inQuery.body()).isEqualTo(403);
        assertThat(inQuery.body()).contains("CSRF");

        // The admin's server-path import: one message whether the path is missing or outside the allowed folders.
        Page admin = signedInPage("admin@acme.test");
        new DatasetPages(admin).openList().create("Paths " + UUID.randomUUID(), "").openImport();
        admin.locator("#admin-import-sources").click();
        String outside = serverPathMessage(admin, "/etc/passwd");
        String missing = serverPathMessage(admin, server.dataDirectory().resolve("import/none-such").toString());
        assertThat(outside).isNotBlank().isEqualTo(missing.replace(
                server.dataDirectory().resolve("import/none-such").toString(), "/etc/passwd"));
    }

    private String serverPathMessage(Page admin, String path) {
        admin.locator("#import-server-path input").fill(path);
        admin.locator("#import-server-path-start").click();
        Locator card = admin.locator("vaadin-notification-card").last();
        assertThat(card).isVisible();
        String text = card.innerText().trim();
        admin.evaluate("document.querySelectorAll('vaadin-notification-card').forEach(c => c.remove())");
        return text;
    }

    private Page signedInPage(String email) {
        return signedIn(email).pages().getFirst();
    }

    private String passwordChange(String current, String next) {
        return "{\"currentPassword\":\"" + current + "\",\"newPassword\":\"" + next + "\"}";
    }

    private void awaitStatus(ApiClient client, String path, int status, String why) throws Exception {
        int last = -1;
        for (int attempt = 0; attempt < 50 && last != status; attempt++) {
            last = client.get(path).statusCode();
            if (last != status) {
                Thread.sleep(100);
            }
        }
        assertThat(last).as(why).isEqualTo(status);
    }

    private void failSignIn(String email, String forwardedFor) throws Exception {
        HttpResponse<String> answer = signInFrom(email, "not the password", forwardedFor);
        assertThat(answer.headers().firstValue("Location").orElse("")).contains("error");
    }

    /** A form sign-in with the sign-in page's CSRF token, claiming to come from {@code forwardedFor}. */
    private HttpResponse<String> signInFrom(String email, String password, String forwardedFor) throws Exception {
        ApiClient client = new ApiClient(port, json);
        return client.http.send(FormSignIn.open(client.http, port).post(email, password)
                        .header("X-Forwarded-For", forwardedFor).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(ApiClient client, String method, String path, String type, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(client.uri(path))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", type);
        request.header(client.csrfHeader, client.csrfToken);
        return client.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.uri() + " -> " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).as(response.uri().toString())
                .startsWith("application/problem+json");
        assertThat(json.readTree(response.body()).path("status").asInt()).isEqualTo(status);
    }

    private static long largestFileBelow(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(f -> !f.startsWith(root.resolve("postgres")))
                    .mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (IOException e) {
                            return 0;
                        }
                    }).max().orElse(0);
        }
    }
}
