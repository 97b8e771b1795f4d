package dev.touchstone.release.api;

import dev.touchstone.ApiClient;
import dev.touchstone.TouchstoneSpringTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.lang.reflect.Method;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description of the release API: public, OpenAPI 3.1, every GET and POST mapping of
 * {@link ReleaseApiController} in it (found by reflection, so a new endpoint cannot be left out), the bearer token
 * scheme, the error body, and the download's ranges (206, 416, the Range header). Also the download's content type
 * by file extension.
 */
@TouchstoneSpringTest
class ReleaseApiDocumentationTest {

    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;

    record Mapping(String method, String path) {
    }

    static List<Mapping> controllerMappings() {
        String base = ReleaseApiController.class.getAnnotation(RequestMapping.class).value()[0];
        List<Mapping> mappings = new ArrayList<>();
        for (Method method : ReleaseApiController.class.getDeclaredMethods()) {
            GetMapping get = method.getAnnotation(GetMapping.class);
            if (get != null) {
                mappings.add(new Mapping("get", base + path(get.value(), get.path())));
            }
            PostMapping post = method.getAnnotation(PostMapping.class);
            if (post != null) {
                mappings.add(new Mapping("post", base + path(post.value(), post.path())));
            }
        }
        return mappings;
    }

    private static String path(String[] value, String[] path) {
        String[] paths = value.length > 0 ? value : path;
        return paths.length == 0 ? "" : paths[0];
    }

    @Test
    void everyEndpointOfTheControllerIsDescribed() throws Exception {
        HttpResponse<String> response = new ApiClient(port, json).get("/api/v1/openapi");
        assertThat(response.statusCode()).as("public, no sign-in").isEqualTo(200);
        JsonNode api = json.readTree(response.body());
        assertThat(api.path("openapi").asString()).startsWith("3.1");

        List<Mapping> mappings = controllerMappings();
        assertThat(mappings).hasSizeGreaterThanOrEqualTo(6);
        JsonNode paths = api.path("paths");
        for (Mapping mapping : mappings) {
            assertThat(paths.path(mapping.path()).has(mapping.method()))
                    .as("%s %s is in the OpenAPI description", mapping.method(), mapping.path()).isTrue();
        }
        assertThat(paths.propertyNames()).as("the API under /api/v1, not the description itself").allMatch(p ->
                p.startsWith("/api/v1/") && !p.startsWith("/api/v1/openapi"));

        JsonNode bearer = api.path("components").path("securitySchemes").path(ReleaseApiDocumentation.TOKEN);
        assertThat(bearer.path("type").asString()).isEqualTo("http");
        assertThat(bearer.path("scheme").asString()).isEqualTo("bearer");
        assertThat(api.path("components").path("schemas").path("Error").path("properties").has("error")).isTrue();

        JsonNode download = paths.path("/api/v1/releases/{releaseId}/files/{name}").path("get");
        assertThat(download.path("responses").propertyNames()).contains("200", "206", "304", "401", "403", "404", "416");
        assertThat(download.path("responses").path("206").path("headers").has("Content-Range")).isTrue();
        assertThat(download.path("parameters").valueStream().map(p -> p.path("name").asString() + "@"
                + p.path("in").asString())).contains("Range@header", "If-Range@header", "releaseId@path", "name@path");
        assertThat(download.path("responses").path("404").path("content").path("application/problem+json").path("schema")
                .path("$ref").asString()).isEqualTo("#/components/schemas/Error");

        JsonNode create = paths.path("/api/v1/releases").path("post");
        assertThat(create.path("responses").propertyNames()).contains("201", "400", "403", "404", "409");
        assertThat(create.path("requestBody").path("content").has("application/json")).isTrue();

        HttpResponse<String> yaml = new ApiClient(port, json).get("/api/v1/openapi.yaml");
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.body()).contains("openapi: 3.1", "/api/v1/releases/{releaseId}/files/{name}:");
    }

    @Test
    void downloadsAreTypedByTheirExtension() {
        assertThat(ReleaseApiController.contentType("labels.jsonl")).isEqualTo("application/jsonl");
        assertThat(ReleaseApiController.contentType("quality-report.json")).isEqualTo("application/json");
        assertThat(ReleaseApiController.contentType("coco-head_camera.json")).isEqualTo("application/json");
        assertThat(ReleaseApiController.contentType("lerobot-v3.0.zip")).isEqualTo("application/zip");
        assertThat(ReleaseApiController.contentType("LABELS.JSONL")).isEqualTo("application/jsonl");
        assertThat(ReleaseApiController.contentType("notes.txt")).isEqualTo("application/octet-stream");
        assertThat(ReleaseApiController.contentType("archive")).isEqualTo("application/octet-stream");
    }
}
