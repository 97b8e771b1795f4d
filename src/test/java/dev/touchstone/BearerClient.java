package dev.touchstone;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * A script's view of the JSON API: every request with {@code Authorization: Bearer <token>} (or none, for null), no
 * cookies, no redirects followed.
 */
public final class BearerClient {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final int port;
    private final String token;

    public BearerClient(int port, String token) {
        this.port = port;
        this.token = token;
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null, List.of());
    }

    public HttpResponse<String> post(String path, String json, String... headers) throws Exception {
        return send("POST", path, json, List.of(headers));
    }

    public HttpResponse<String> patch(String path, String json) throws Exception {
        return send("PATCH", path, json, List.of());
    }

    public HttpResponse<String> send(String method, String path, String json, List<String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        List<String> pairs = new ArrayList<>(headers);
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            request.header(pairs.get(i), pairs.get(i + 1));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
