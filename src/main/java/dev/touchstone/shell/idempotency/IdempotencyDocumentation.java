package dev.touchstone.shell.idempotency;

import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code Idempotency-Key} header on every POST of the OpenAPI description, as the filter takes it on all. */
@Configuration(proxyBeanMethods = false)
class IdempotencyDocumentation {

    @Bean
    OpenApiCustomizer idempotencyKeyHeader() {
        return api -> api.getPaths().forEach((path, item) -> {
            if (!path.startsWith("/api/v1/") || item.getPost() == null) {
                return;
            }
            var post = item.getPost();
            post.addParametersItem(new HeaderParameter().name(IdempotencyKeyFilter.HEADER).required(false)
                    .schema(new StringSchema().minLength(1).maxLength(255))
                    .description("Optional. The same key with the same request within 24 hours answers the first"
                            + " answer again (with Idempotent-Replayed: true) instead of doing it twice; the key with"
                            + " another request is 422, a key whose first request still runs 409 (docs/api.md)"));
            post.getResponses().putIfAbsent("409", new ApiResponse().description("A request with the same"
                    + " Idempotency-Key is still running (Retry-After: 1)"));
            post.getResponses().putIfAbsent("422", new ApiResponse().description("The Idempotency-Key was used"
                    + " for another request in the last 24 hours"));
        });
    }
}
