package dev.touchstone;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser-like client of the JSON APIs over real HTTP: its own cookie jar, no automatic redirects, form sign-in,
 * and the CSRF header once it has read a token (from the page, as the workspace does, or from {@code /api/v1/csrf}).
 */
public final class ApiClient {

    private static final long SECOND = 1_000_000_000L;

    public final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final int port;
    private final JsonMapper json;
    public String csrfHeader;
    public String csrfToken;

    public ApiClient(int port, JsonMapper json) {
        this.port = port;
        this.json = json;
    }

    /** Signed in with the demo password (the form sign-in answers 302 to a page that is not the error page). */
    public static ApiClient signedIn(int port, JsonMapper json, String email) throws Exception {
        return signedIn(port, json, email, "touchstone-demo");
    }

    public static ApiClient signedIn(int port, JsonMapper json, String email, String password) throws Exception {
        ApiClient client = new ApiClient(port, json);
        HttpResponse<String> response = client.http.send(FormSignIn.open(client.http, port)
                .post(email, password).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
        return client;
    }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (csrfToken != null) {
            request.header(csrfHeader, csrfToken);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public JsonNode postJson(String path, String body, int status) throws Exception {
        HttpResponse<String> response = post(path, body);
        assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(status);
        // Errors are RFC 9457 problem details (application/problem+json), answers plain JSON.
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .containsPattern(status >= 400 ? "^application/problem\\+json" : "^application/json");
        return json.readTree(response.body());
    }

    public JsonNode getJson(String path, int status) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(status);
        return json.readTree(response.body());
    }

    /**
     * The token the way a Vaadin page has it: the bootstrap page's meta tags, which Vaadin fills from the request
     * attribute {@code CsrfToken}. In dev mode the very first page of a fresh build can be Vaadin's placeholder
     * while it checks its frontend bundle, so this waits a little for the real page.
     */
    public void csrfFromPage() throws Exception {
        long deadline = System.nanoTime() + 60 * SECOND;
        String body;
        while (true) {
            HttpResponse<String> page = get("/");
            for (int hops = 0; hops < 3 && page.statusCode() / 100 == 3; hops++) {
                page = get(URI.create(page.headers().firstValue("Location").orElseThrow()).getPath());
            }
            assertThat(page.statusCode()).isEqualTo(200);
            body = page.body();
            if (body.contains("name=\"_csrf\"") || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(1000);
        }
        csrfHeader = meta(body, "_csrf_header");
        csrfToken = meta(body, "_csrf");
    }

    public void csrfFromApi() throws Exception {
        JsonNode token = getJson("/api/v1/csrf", 200);
        csrfHeader = token.get("headerName").asString();
        csrfToken = token.get("token").asString();
    }

    private static String meta(String html, String name) {
        Matcher m = Pattern.compile("<meta name=\"" + name + "\" content=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("meta %s in the page: %s", name, html.substring(0, Math.min(2000, html.length())))
                .isTrue();
        return m.group(1);
    }

    public URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
