package dev.touchstone.shell;

import dev.touchstone.TouchstoneSpringTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Headers every answer carries, pages and the JSON API alike (docs/security.md, "Headers"). */
@TouchstoneSpringTest
class SecurityHeadersTest {

    @LocalServerPort
    int port;

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void noAddressLeavesTheSiteInAReferrerAndNoOtherSiteFramesIt() throws Exception {
        for (String path : new String[]{"/login", "/api/v1/me", "/api/v1/nonexistent"}) {
            HttpResponse<String> response = get(path);
            assertThat(response.headers().firstValue("Referrer-Policy")).as(path).hasValue("same-origin");
            assertThat(response.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
        }
    }
}
