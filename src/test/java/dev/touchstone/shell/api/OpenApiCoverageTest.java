package dev.touchstone.shell.api;

import dev.touchstone.ApiClient;
import dev.touchstone.TouchstoneSpringTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint of every {@code @RestController} under {@code /api/v1} in the running application is in the OpenAPI
 * description (issue 21: "the OpenAPI document covers every endpoint"). The mappings come from Spring MVC's own
 * registry, so a controller added in any module, by any annotation, is checked without being named here.
 */
@TouchstoneSpringTest
class OpenApiCoverageTest {

    /** Methods the OpenAPI description has no separate operation for: Spring answers them for every GET. */
    private static final Set<RequestMethod> IMPLIED = Set.of(RequestMethod.HEAD, RequestMethod.OPTIONS);

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @Autowired
    JsonMapper json;
    @LocalServerPort
    int port;

    record Operation(String method, String path) {
        @Override
        public String toString() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }
    }

    @Test
    void everyRestControllerMappingUnderApiV1IsDescribed() throws Exception {
        List<Operation> operations = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            if (!AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), RestController.class)) {
                return;
            }
            for (String path : info.getPatternValues()) {
                if (!path.startsWith("/api/v1/") || path.startsWith("/api/v1/openapi")) {
                    continue;
                }
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                assertThat(methods).as("%s#%s names its HTTP methods", handler.getBeanType().getSimpleName(),
                        handler.getMethod().getName()).isNotEmpty();
                methods.stream().filter(method -> !IMPLIED.contains(method))
                        .forEach(method -> operations.add(new Operation(method.name().toLowerCase(Locale.ROOT),
                                withoutPatterns(path))));
            }
        });
        assertThat(operations).as("the controllers under /api/v1 were found").hasSizeGreaterThanOrEqualTo(20);

        JsonNode paths = json.readTree(new ApiClient(port, json).get("/api/v1/openapi").body()).path("paths");
        Set<String> missing = new TreeSet<>();
        for (Operation operation : operations) {
            if (!paths.path(operation.path()).has(operation.method())) {
                missing.add(operation.toString());
            }
        }
        assertThat(missing).as("endpoints missing from /api/v1/openapi").isEmpty();
    }

    /** {@code /files/{name:.+}} is {@code /files/{name}} in OpenAPI. */
    private static String withoutPatterns(String path) {
        return path.replaceAll("\\{([^}:]+):[^}]*}", "{$1}");
    }
}
