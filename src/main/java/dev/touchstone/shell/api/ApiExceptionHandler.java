package dev.touchstone.shell.api;

import dev.touchstone.common.ApiBodyLimitFilter;
import dev.touchstone.common.ApiProblem;
import dev.touchstone.common.InvalidInputException;
import dev.touchstone.organization.NotFoundInOrganizationException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.util.DisconnectedClientHelper;

import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The last word on errors of {@code /api/**}: whatever a controller's own handlers leave, answered as a problem
 * ({@link ApiProblem}) with the status that says what happened, instead of a container error page that Spring
 * Security then refused with 403. Unknown addresses, wrong methods (405, with {@code Allow}) and media types (415)
 * land here too, and so does a failure of the database, the disk or the object store ({@link TransientFailures}: 503
 * with {@code Retry-After}). Errors of other paths (the media plane, pages) are passed on untouched: a handler that
 * rethrows lets Spring's default resolution carry on. What fails before a controller (a filter's database lookup) is
 * answered by {@link ApiFailureFilter}.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request)
            throws Exception {
        requireApi(e, request);
        String allowed = e.getSupportedHttpMethods() == null ? "" : e.getSupportedHttpMethods().stream()
                .map(Object::toString).sorted().collect(Collectors.joining(", "));
        return ApiProblem.response(ApiProblem.of(HttpStatus.METHOD_NOT_ALLOWED, request.getRequestURI()
                + " does not take " + e.getMethod() + (allowed.isEmpty() ? "" : "; it takes " + allowed)), e.getHeaders());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request)
            throws Exception {
        requireApi(e, request);
        return ApiProblem.response(ApiProblem.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Send the body as JSON (Content-Type: application/json)"), e.getHeaders());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Map<String, Object>> noSuchAddress(NoResourceFoundException e, HttpServletRequest request)
            throws Exception {
        requireApi(e, request);
        return ApiProblem.response(HttpStatus.NOT_FOUND, "No such API address: " + e.getHttpMethod() + " "
                + request.getRequestURI() + " (the release API is described at /api/v1/openapi)");
    }

    /**
     * A body that could not be read: not JSON, not the expected shape, or larger than its API's limit (413, with the
     * limit's own words from {@link ApiBodyLimitFilter}). Always 400 otherwise, whatever the endpoint: a body that
     * reads fine but breaks rules is 422 ({@link #invalid}).
     */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e, HttpServletRequest request)
            throws Exception {
        requireApi(e, request);
        ApiBodyLimitFilter.BodyTooLargeException tooLarge = ApiBodyLimitFilter.tooLarge(e);
        if (tooLarge != null) {
            return ApiProblem.response(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
        }
        if (e.getMostSpecificCause() instanceof IllegalArgumentException refused && refused.getMessage() != null) {
            // A value our own types refuse while reading (a proposal outcome that is none): their message says why.
            return ApiProblem.response(HttpStatus.BAD_REQUEST,
                    "The body does not fit the expected shape: " + refused.getMessage());
        }
        return ApiProblem.response(HttpStatus.BAD_REQUEST, ApiProblem.describe(e));
    }

    /**
     * Input a service refused. 422 when it came in a JSON body that read fine (the endpoint takes a
     * {@code @RequestBody}) or lists broken rules ({@link InvalidInputException}, whose rules go in
     * {@code problems}); 400 for a refused query parameter or path (a limit out of range, a cursor that is none).
     */
    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, Object>> invalid(IllegalArgumentException e, HttpServletRequest request,
                                                HandlerMethod handler) throws Exception {
        requireApi(e, request);
        boolean readBody = handler != null && Arrays.stream(handler.getMethodParameters())
                .anyMatch(parameter -> parameter.hasParameterAnnotation(RequestBody.class));
        if (e instanceof InvalidInputException rules) {
            ProblemDetail problem = ApiProblem.of(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
            problem.setProperty("problems", rules.problems());
            return ApiProblem.response(problem, HttpHeaders.EMPTY);
        }
        return ApiProblem.response(readBody ? HttpStatus.UNPROCESSABLE_CONTENT : HttpStatus.BAD_REQUEST,
                e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> badArgument(MethodArgumentTypeMismatchException e, HttpServletRequest request)
            throws Exception {
        requireApi(e, request);
        String what = e.getRequiredType() == UUID.class ? " (a UUID)" : "";
        return ApiProblem.response(HttpStatus.BAD_REQUEST, "'" + e.getValue() + "' is not a valid " + e.getName()
                + what);
    }

    @ExceptionHandler(NotFoundInOrganizationException.class)
    ResponseEntity<Map<String, Object>> notFound(NotFoundInOrganizationException e, HttpServletRequest request) throws Exception {
        requireApi(e, request);
        return ApiProblem.response(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Map<String, Object>> forbidden(AccessDeniedException e, HttpServletRequest request) throws Exception {
        requireApi(e, request);
        // Spring Security's own refusals say only "Access Denied"; a service's own words say whose or which role.
        String message = e.getMessage() == null || e.getMessage().startsWith("Access Denied")
                ? "Your role may not do this" : e.getMessage();
        return ApiProblem.response(HttpStatus.FORBIDDEN, message);
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<Map<String, Object>> unauthorized(AuthenticationException e, HttpServletRequest request)
            throws Exception {
        requireApi(e, request);
        return ApiProblem.response(HttpStatus.UNAUTHORIZED, "Sign in first");
    }

    /**
     * A constraint of the database refused the change: input the checks before it let through. The statement is
     * logged, never sent (it can hold other people's data and says nothing a client can act on).
     */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Map<String, Object>> integrity(DataIntegrityViolationException e, HttpServletRequest request)
            throws Exception {
        requireApi(e, request);
        log.warn("{} {} refused by a database constraint", request.getMethod(), request.getRequestURI(), e);
        return ApiProblem.response(HttpStatus.CONFLICT, "The change conflicts with the data stored already, "
                + "so nothing was changed; reload and try again");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> failed(Exception e, HttpServletRequest request, HttpServletResponse response)
            throws Exception {
        requireApi(e, request);
        if (response.isCommitted() || DisconnectedClientHelper.isClientDisconnectedException(e)) {
            // A download cut off by its client, or an answer already under way: nobody to tell.
            throw e;
        }
        if (e instanceof ErrorResponse error) {
            // Another of Spring MVC's own refusals (a missing parameter, 406, ...): its status and words.
            HttpStatus status = HttpStatus.valueOf(error.getStatusCode().value());
            return ApiProblem.response(ApiProblem.of(status, error.getBody().getDetail()), error.getHeaders());
        }
        if (TransientFailures.isTransient(e)) {
            // The database, the disk or the object store, for a moment: the same request may well work soon. One
            // line per request (an outage fails every request), the stack trace at debug.
            log.warn("{} {} answered 503, the server's infrastructure failed: {}", request.getMethod(),
                    request.getRequestURI(), ApiFailureFilter.summary(e));
            log.debug("{} {} failed", request.getMethod(), request.getRequestURI(), e);
            return ApiProblem.unavailable();
        }
        log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
        return ApiProblem.response(HttpStatus.INTERNAL_SERVER_ERROR, "The server failed to answer; the failure is "
                + "logged");
    }

    /** Leaves errors outside the API to the default handling (rethrown, the resolver passes them on). */
    private static void requireApi(Exception e, HttpServletRequest request) throws Exception {
        if (!ApiProblem.isApi(request)) {
            throw e;
        }
    }
}
