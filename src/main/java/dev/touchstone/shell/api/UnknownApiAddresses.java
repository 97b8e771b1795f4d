package dev.touchstone.shell.api;

import dev.touchstone.common.ApiProblem;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

import java.util.Map;

/**
 * An address under {@code /api/} that no controller maps is a 404 problem ({@link ApiProblem}). Without
 * this the request falls through to Vaadin's catch-all mapping, which answers 200 with the application's HTML page
 * (and a new session). Ordered after the controllers' mappings, so a known address with the wrong method still gets
 * its 405, and before Vaadin's.
 */
@Configuration(proxyBeanMethods = false)
class UnknownApiAddresses {

    @Bean
    SimpleUrlHandlerMapping unknownApiAddressMapping() {
        // Written here: exception handlers (ApiExceptionHandler) only serve controller methods.
        HttpRequestHandler notFound = (request, response) -> ApiProblem.write(response, HttpStatus.NOT_FOUND,
                "No such API address: " + request.getMethod() + " " + request.getRequestURI()
                        + " (the release API is described at /api/v1/openapi)");
        SimpleUrlHandlerMapping mapping = new SimpleUrlHandlerMapping(Map.of("/api/**", notFound));
        mapping.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
        return mapping;
    }
}
