package dev.touchstone.release.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Map;

/**
 * The OpenAPI 3.1 description of the release API, served by springdoc at {@code /api/v1/openapi} (JSON) and
 * {@code /api/v1/openapi.yaml}: the paths come from {@link ReleaseApiController}; this adds the title, the two ways
 * to authenticate (an API token as a bearer token, or a browser session with its CSRF header for the one POST), the
 * error body every failure has, and the 401/403 answers every operation can give.
 */
@Configuration(proxyBeanMethods = false)
class ReleaseApiDocumentation {

    static final String TOKEN = "apiToken";
    static final String SESSION = "session";
    static final String ERROR = "Error";

    @Bean
    OpenAPI releaseApi() {
        return new OpenAPI()
                .info(new Info().title("Touchstone release API").version("v1").description("""
                        Releases of your organization: immutable, versioned snapshots of a project's accepted labels \
                        with a quality report and downloadable files; and predictions, a model's labels for a \
                        project's episodes (docs/proposals.md). Scripts authenticate with an API token \
                        (made on the *API tokens* page) sent as `Authorization: Bearer ts_...`: scope \
                        `releases:read` reads releases (GET/HEAD), scope `predictions:write` posts predictions, \
                        nothing else; a token acts as its member in the organization it was made in. Another \
                        organization's release or project is 404. \
                        Errors are RFC 9457 problems (`application/problem+json`: `type`, `title`, `status`, \
                        `detail`, and `error`, the same text as `detail`). See docs/release/api.md."""))
                .components(new Components()
                        .addSecuritySchemes(TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("ts_ + 43 base64url characters")
                                .description("An API token with the releases:read or predictions:write scope"))
                        .addSecuritySchemes(SESSION, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.COOKIE).name("JSESSIONID")
                                .description("A signed-in browser session; unsafe methods also need the session's "
                                        + "CSRF token in the X-CSRF-TOKEN header (GET /api/v1/csrf)")))
                .security(List.of(new SecurityRequirement().addList(TOKEN), new SecurityRequirement().addList(SESSION)));
    }

    /** Every 4xx answer (but 416, which is plain text) is a problem; every operation may answer 401 and 403. */
    @Bean
    OpenApiCustomizer releaseApiErrors() {
        // Added here, after springdoc has computed the schemas (it replaces the ones the OpenAPI bean brings).
        return api -> {
            api.getComponents().addSchemas(ERROR, new ObjectSchema()
                    .description("Every error answer: an RFC 9457 problem")
                    .addProperty("type", new StringSchema().description("about:blank: the status says the kind"))
                    .addProperty("title", new StringSchema().description("The status's reason phrase"))
                    .addProperty("status", new IntegerSchema().description("The HTTP status"))
                    .addProperty("detail", new StringSchema().description("What went wrong, for a person"))
                    .addProperty("error", new StringSchema().description("The same text as detail, for clients "
                            + "written before the problem format"))
                    .required(List.of("type", "title", "status", "detail", "error")));
            api.getPaths().values().forEach(path -> path.readOperations().forEach(ReleaseApiDocumentation::errors));
        };
    }

    private static void errors(Operation operation) {
        ApiResponses responses = operation.getResponses();
        responses.putIfAbsent("401", new ApiResponse().description("No session and no token, or an unknown, expired or "
                + "revoked token, or one whose member was deactivated (the message does not say which)"));
        responses.putIfAbsent("403", new ApiResponse().description("Your role may not do this, a token used for "
                + "anything its scopes do not allow, or (POST) a missing CSRF token"));
        for (Map.Entry<String, ApiResponse> response : responses.entrySet()) {
            int code = Integer.parseInt(response.getKey());
            if (code >= 400 && code != 416) {
                response.getValue().setContent(new Content().addMediaType("application/problem+json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ERROR))));
            }
        }
    }
}
