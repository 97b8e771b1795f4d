package dev.touchstone.shell;

import dev.touchstone.TouchstoneSpringTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Headers every answer carries, pages and the JSON API alike (docs/security.md, "Headers"). */
@TouchstoneSpringTest
class SecurityHeadersTest {

    private static final long SECOND = 1_000_000_000L;

    @LocalServerPort
    int port;

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A Vaadin page; in dev mode the first one of a fresh build can be a placeholder while the bundle is checked. */
    private HttpResponse<String> page(String path) throws Exception {
        long deadline = System.nanoTime() + 60 * SECOND;
        HttpResponse<String> page = get(path);
        while (page.headers().firstValue("X-DevModePending").isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            page = get(path);
        }
        return page;
    }

    /** The policy's directives, each with its sources in order. */
    private static Map<String, List<String>> policy(HttpResponse<String> response) {
        List<String> headers = response.headers().allValues("Content-Security-Policy");
        assertThat(headers).as(response.uri().getPath()).hasSize(1);
        Map<String, List<String>> directives = new LinkedHashMap<>();
        for (String directive : headers.getFirst().split(";")) {
            List<String> words = Arrays.asList(directive.trim().split("\\s+"));
            assertThat(directives.put(words.getFirst(), words.subList(1, words.size()))).as(directive).isNull();
        }
        return directives;
    }

    @Test
    void noAddressLeavesTheSiteInAReferrerAndNoOtherSiteFramesIt() throws Exception {
        for (String path : new String[]{"/login", "/api/v1/me", "/api/v1/nonexistent"}) {
            HttpResponse<String> response = path.startsWith("/api/") ? get(path) : page(path);
            assertThat(response.headers().firstValue("Referrer-Policy")).as(path).hasValue("same-origin");
            assertThat(response.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
        }
    }

    @Test
    void aPageRunsOnlyThisOriginsScriptsAndInlineScriptsWithItsNonce() throws Exception {
        HttpResponse<String> login = page("/login");
        assertThat(login.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        Map<String, List<String>> policy = policy(login);

        List<String> scripts = policy.get("script-src");
        assertThat(scripts).hasSize(3).contains("'self'", "'unsafe-eval'").doesNotContain("'unsafe-inline'");
        String nonceSource = scripts.stream().filter(s -> s.startsWith("'nonce-")).findFirst().orElseThrow();
        String nonce = nonceSource.substring("'nonce-".length(), nonceSource.length() - 1);
        assertThat(nonce).as("at least 128 random bits, base64url").matches("[A-Za-z0-9_-]{22,}");

        assertThat(policy).containsEntry("default-src", List.of("'self'"))
                .containsEntry("style-src", List.of("'self'", "'unsafe-inline'"))
                .containsEntry("img-src", List.of("'self'", "data:"))
                .containsEntry("font-src", List.of("'self'", "data:"))
                .containsEntry("connect-src", List.of("'self'"))
                .containsEntry("media-src", List.of("'self'"))
                .containsEntry("worker-src", List.of("'self'"))
                .containsEntry("manifest-src", List.of("'self'"))
                .containsEntry("object-src", List.of("'none'"))
                .containsEntry("base-uri", List.of("'self'"))
                .doesNotContainKey("form-action")
                .containsEntry("frame-ancestors", List.of("'none'"));
        assertThat(policy).hasSize(12);

        // Every script of the page, Vaadin's inline bootstrap included, carries this answer's nonce.
        Matcher tags = Pattern.compile("<script\\b[^>]*>").matcher(login.body());
        int count = 0;
        while (tags.find()) {
            assertThat(tags.group()).contains("nonce=\"" + nonce + "\"");
            count++;
        }
        assertThat(count).as("scripts in the page").isGreaterThanOrEqualTo(2);

        String next = policy(page("/login")).get("script-src").stream().filter(s -> s.startsWith("'nonce-"))
                .findFirst().orElseThrow();
        assertThat(next).as("a fresh nonce for every page").isNotEqualTo(nonceSource);
    }

    @Test
    void apiAnswersOpenedAsADocumentLoadNothingAndCannotBeFramed() throws Exception {
        for (String path : new String[]{"/api/v1/me", "/api/v1/nonexistent", "/api/v1/openapi"}) {
            HttpResponse<String> response = get(path);
            assertThat(response.headers().allValues("Content-Security-Policy")).as(path)
                    .containsExactly("default-src 'none'; frame-ancestors 'none'");
        }
    }
}
