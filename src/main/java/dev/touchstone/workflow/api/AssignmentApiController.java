package dev.touchstone.workflow.api;

import dev.touchstone.common.ApiProblem;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.workflow.AssignmentClosedException;
import dev.touchstone.workflow.WorkflowService;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The workspace's heartbeat (docs/workflow/queue.md, "Leases"): a plain HTTP call so that a busy or lost Vaadin
 * session never lets a lease run out while the annotator works. Session sign-in and the CSRF header as for the drafts
 * API; errors are problems ({@link ApiProblem}): 404 unknown (or another organization's) assignment, 403 someone else's or a role without
 * assignments, 409 the lease already ended. These three, and only these, carry the problem type
 * {@value #ASSIGNMENT_ENDED}: the workspace stops working on the task only on that, not on a 503 (the server
 * unavailable for a moment), a 401 or a 403 of the security filters (an ended session's CSRF token).
 */
@RestController
@RequestMapping("/api/v1/assignments")
class AssignmentApiController {

    static final String ASSIGNMENT_ENDED = "urn:touchstone:problem:assignment-ended";

    private final WorkflowService workflow;

    AssignmentApiController(WorkflowService workflow) {
        this.workflow = workflow;
    }

    record Lease(UUID assignmentId, Instant leaseExpiresAt) {
    }

    @PostMapping("/{assignmentId}/heartbeat")
    Lease heartbeat(@PathVariable UUID assignmentId) {
        return new Lease(assignmentId, workflow.heartbeat(assignmentId));
    }

    @ExceptionHandler(AssignmentClosedException.class)
    ResponseEntity<Map<String, Object>> closed(AssignmentClosedException e) {
        return ended(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(NotFoundInOrganizationException.class)
    ResponseEntity<Map<String, Object>> notFound(NotFoundInOrganizationException e) {
        return ended(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Map<String, Object>> forbidden(AccessDeniedException e) {
        return ended(HttpStatus.FORBIDDEN, e.getMessage());
    }

    private static ResponseEntity<Map<String, Object>> ended(HttpStatus status, String message) {
        ProblemDetail problem = ApiProblem.of(status, message);
        problem.setType(URI.create(ASSIGNMENT_ENDED));
        return ApiProblem.response(problem, HttpHeaders.EMPTY);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> badId(MethodArgumentTypeMismatchException e) {
        return ApiProblem.response(HttpStatus.BAD_REQUEST, "'" + e.getValue() + "' is not an assignment id (a UUID)");
    }
}
