package dev.touchstone.labeling.api;

import dev.touchstone.common.ApiBodyLimitFilter;
import dev.touchstone.common.ApiProblem;
import dev.touchstone.labeling.Draft;
import dev.touchstone.labeling.DraftSave;
import dev.touchstone.labeling.DraftService;
import dev.touchstone.labeling.InvalidLabelsException;
import dev.touchstone.labeling.SaveResult;
import dev.touchstone.labeling.Submission;
import dev.touchstone.organization.NotFoundInOrganizationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.util.Map;
import java.util.UUID;

/**
 * The drafts API the labeling workspace's autosave calls (contract in docs/labeling/api.md). It only translates
 * HTTP to {@link DraftService}, which owns transactions, roles and ownership, and its exceptions to problems
 * ({@link ApiProblem}: RFC 9457 with {@code error} as before, plus {@code problems} for broken rules). Request bodies are limited by
 * {@link ApiBodyLimitFilter} ({@link DraftApiConfiguration}).
 */
@RestController
@RequestMapping("/api/v1/drafts/{draftId}")
class DraftApiController {

    /** The body of a submission: a key made by the client, the same for every retry of one submit. */
    record SubmitRequest(String idempotencyKey) {
    }

    private final DraftService drafts;

    DraftApiController(DraftService drafts) {
        this.drafts = drafts;
    }

    @GetMapping
    Draft draft(@PathVariable UUID draftId) {
        return drafts.draft(draftId);
    }

    @PostMapping("/saves")
    SaveResult save(@PathVariable UUID draftId, @RequestBody DraftSave save) {
        return drafts.save(draftId, save);
    }

    /**
     * 201 when this request submitted the draft, 200 when it was submitted before (a retry or a double click); the
     * body is the same submission either way. The status is a courtesy: two submits racing may both see 201.
     */
    @PostMapping("/submissions")
    ResponseEntity<Submission> submit(@PathVariable UUID draftId, @RequestBody SubmitRequest request) {
        boolean before = drafts.draft(draftId).submitted();
        Submission submission = drafts.submit(draftId, request.idempotencyKey());
        return ResponseEntity.status(before ? HttpStatus.OK : HttpStatus.CREATED).body(submission);
    }

    // --- errors: problems (ApiProblem), with "error" as before and "problems" for broken rules -----------------

    @ExceptionHandler(InvalidLabelsException.class)
    ResponseEntity<Map<String, Object>> invalidLabels(InvalidLabelsException e) {
        ProblemDetail problem = ApiProblem.of(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setProperty("problems", e.problems());
        return ApiProblem.response(problem, HttpHeaders.EMPTY);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, Object>> malformed(IllegalArgumentException e) {
        return ApiProblem.response(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<Map<String, Object>> conflict(IllegalStateException e) {
        return ApiProblem.response(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(NotFoundInOrganizationException.class)
    ResponseEntity<Map<String, Object>> notFound(NotFoundInOrganizationException e) {
        return ApiProblem.response(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Map<String, Object>> forbidden(AccessDeniedException e) {
        // Both "someone else's draft" and "your role has no drafts" land here; the service's message says which.
        String message = e.getMessage() == null || e.getMessage().startsWith("Access Denied")
                ? "Your role does not work with label drafts" : e.getMessage();
        return ApiProblem.response(HttpStatus.FORBIDDEN, message);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> badId(MethodArgumentTypeMismatchException e) {
        return ApiProblem.response(HttpStatus.BAD_REQUEST, "'" + e.getValue() + "' is not a draft id (a UUID)");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
        return ApiProblem.response(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Send the body as JSON (Content-Type: application/json)");
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        if (ApiBodyLimitFilter.tooLarge(e) != null) {
            return ApiProblem.response(HttpStatus.CONTENT_TOO_LARGE, DraftApiConfiguration.TOO_LARGE);
        }
        if (e.getMostSpecificCause() instanceof IllegalArgumentException refused && refused.getMessage() != null) {
            // A value our own types refuse while reading (a proposal outcome that is none): their message says why.
            return ApiProblem.response(HttpStatus.BAD_REQUEST,
                    "The body does not fit the expected shape: " + refused.getMessage());
        }
        return ApiProblem.response(HttpStatus.BAD_REQUEST, ApiProblem.describe(e));
    }
}
