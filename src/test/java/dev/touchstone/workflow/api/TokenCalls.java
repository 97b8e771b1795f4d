package dev.touchstone.workflow.api;

import dev.touchstone.SignIn;
import dev.touchstone.apitoken.ApiTokenScope;
import dev.touchstone.apitoken.ApiTokenService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Real HTTP calls with a bearer token (or none), for the workflow API tests. */
final class TokenCalls {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final int port;
    private final JsonMapper json;
    private final SignIn signIn;
    private final ApiTokenService tokens;

    TokenCalls(int port, JsonMapper json, SignIn signIn, ApiTokenService tokens) {
        this.port = port;
        this.json = json;
        this.signIn = signIn;
        this.tokens = tokens;
    }

    /** A new token of the member with these scopes. */
    String token(String email, Set<ApiTokenScope> scopes) {
        signIn.as(email);
        try {
            return tokens.create("workflow api " + UUID.randomUUID(), 7, scopes).secret();
        } finally {
            signIn.out();
        }
    }

    HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        return send("GET", path, null, token);
    }

    HttpResponse<String> post(String path, String body, String token) throws Exception {
        return send("POST", path, body, token);
    }

    /** The JSON of a call that must answer {@code status}. */
    JsonNode expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.request().method() + " " + response.uri() + ": "
                + response.body()).isEqualTo(status);
        return response.body().isEmpty() ? null : json.readTree(response.body());
    }

    /** A problem+json answer with this status. */
    JsonNode problem(int status, HttpResponse<String> response) {
        JsonNode body = expect(status, response);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        return body;
    }
}
