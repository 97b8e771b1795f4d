package dev.touchstone.shell.api;

import dev.touchstone.common.ApiProblem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.DisconnectedClientHelper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Answers what fails on the JSON API and the media plane outside a controller's exception handlers: above all the
 * security filters' own database lookups (the session's membership, an API token), which run before any controller.
 * Placed in front of Spring Security, it sees every exception that would otherwise reach the container's error page.
 * <ul>
 *     <li>The infrastructure failed for a moment ({@link TransientFailures}: the database down, the disk full): 503
 *     with {@code Retry-After}, a problem on the API and a line of text on the media plane. Never 401 or 403: that
 *     the membership could not be checked does not mean the member was signed out.</li>
 *     <li>Anything else on the API: a 500 problem, logged, without internals. On the media plane it is passed on.</li>
 * </ul>
 * An answer already under way, or a client that went away, is left alone.
 */
final class ApiFailureFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ApiFailureFilter.class);
    private static final int MAX_SUMMARY = 300;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (response.isCommitted() || DisconnectedClientHelper.isClientDisconnectedException(e)) {
                throw e;
            }
            if (TransientFailures.isTransient(e)) {
                log.warn("{} {} answered 503, the server's infrastructure failed: {}", request.getMethod(),
                        request.getRequestURI(), summary(e));
                log.debug("{} {} failed", request.getMethod(), request.getRequestURI(), e);
                response.resetBuffer();
                if (ApiProblem.isApi(request)) {
                    ApiProblem.writeUnavailable(response);
                } else {
                    response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
                    response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(ApiProblem.RETRY_AFTER_SECONDS));
                    response.setContentType(MediaType.TEXT_PLAIN_VALUE);
                    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                    response.getWriter().write(ApiProblem.UNAVAILABLE + "\n");
                }
                return;
            }
            if (!ApiProblem.isApi(request)) {
                throw e;
            }
            log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
            response.resetBuffer();
            ApiProblem.write(response, HttpStatus.INTERNAL_SERVER_ERROR, "The server failed to answer; the failure "
                    + "is logged");
        }
    }

    /** The outermost and the innermost failure in a line, for a log that an outage fills with one per request. */
    static String summary(Throwable failure) {
        Throwable root = failure;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 32; depth++) {
            root = root.getCause();
        }
        String text = failure.getClass().getSimpleName() + (root == failure ? ""
                : " caused by " + root.getClass().getSimpleName()) + ": " + root.getMessage();
        return text.length() <= MAX_SUMMARY ? text : text.substring(0, MAX_SUMMARY) + "…";
    }
}
