package dev.touchstone.workflow.api;

import dev.touchstone.common.ApiProblem;
import dev.touchstone.workflow.TaskDecidedException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.net.URI;
import java.util.Map;

/**
 * The workflow API's own refusals, as problems ({@link ApiProblem}); the shell's handler answers the rest (404,
 * 403, 401, 405, 415, malformed JSON 400). A well-formed body whose values the services refuse is 422
 * ({@link InvalidBodyException}); a bad query parameter or cursor 400; a state that forbids the change 409.
 */
@RestControllerAdvice(basePackageClasses = WorkApiErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class WorkApiErrors {

    /** The problem type of a review decision on a task that is not waiting for review. */
    static final String TASK_DECIDED = "urn:touchstone:problem:task-not-in-review";

    @ExceptionHandler(InvalidBodyException.class)
    ResponseEntity<Map<String, Object>> invalid(InvalidBodyException e) {
        return ApiProblem.response(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, Object>> badRequest(IllegalArgumentException e) {
        return ApiProblem.response(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(TaskDecidedException.class)
    ResponseEntity<Map<String, Object>> decided(TaskDecidedException e) {
        ProblemDetail problem = ApiProblem.of(HttpStatus.CONFLICT, e.getMessage());
        problem.setType(URI.create(TASK_DECIDED));
        problem.setProperty("reviewState", e.reviewState());
        return ApiProblem.response(problem, HttpHeaders.EMPTY);
    }

    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<Map<String, Object>> conflict(IllegalStateException e) {
        return ApiProblem.response(HttpStatus.CONFLICT, e.getMessage());
    }
}
