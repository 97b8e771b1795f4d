package dev.touchstone.labeling.api;

import dev.touchstone.labeling.Draft;
import dev.touchstone.labeling.DraftSave;
import dev.touchstone.labeling.DraftService;
import dev.touchstone.labeling.InvalidLabelsException;
import dev.touchstone.labeling.SaveResult;
import dev.touchstone.labeling.Submission;
import dev.touchstone.organization.NotFoundException;
import org.springframework.http.HttpStatus;
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
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The drafts API the labeling workspace's autosave calls (contract in docs/labeling/api.md). It only translates
 * HTTP to {@link DraftService}, which owns transactions, roles and ownership, and its exceptions to JSON errors
 * ({@code {"error": "..."}}, plus {@code problems} for broken rules). Request bodies are limited by
 * {@link ApiBodyLimitFilter}.
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

    // --- errors: always {"error": "..."} --------------------------------------------------------------------

    @ExceptionHandler(InvalidLabelsException.class)
    ResponseEntity<Map<String, Object>> invalidLabels(InvalidLabelsException e) {
        return ResponseEntity.status(422).body(Map.of("error", e.getMessage(), "problems", e.problems()));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, Object>> malformed(IllegalArgumentException e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<Map<String, Object>> conflict(IllegalStateException e) {
        return error(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Map<String, Object>> notFound(NotFoundException e) {
        return error(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Map<String, Object>> forbidden(AccessDeniedException e) {
        // Both "someone else's draft" and "your role has no drafts" land here; the service's message says which.
        String message = e.getMessage() == null || e.getMessage().startsWith("Access Denied")
                ? "Your role does not work with label drafts" : e.getMessage();
        return error(HttpStatus.FORBIDDEN, message);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> badId(MethodArgumentTypeMismatchException e) {
        return error(HttpStatus.BAD_REQUEST, "'" + e.getValue() + "' is not a draft id (a UUID)");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
        return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send the body as JSON (Content-Type: application/json)");
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiBodyLimitFilter.BodyTooLargeException) {
                return error(HttpStatus.valueOf(413), ApiBodyLimitFilter.MESSAGE);
            }
        }
        return error(HttpStatus.BAD_REQUEST, describe(e));
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("error", message == null ? status.getReasonPhrase() : message));
    }

    private static final Pattern JAVA_TYPE = Pattern.compile("`(?:[\\w$]+\\.)*([\\w$]+)`");
    /** Jackson's "(start marker at [Source: REDACTED ...])": says nothing to the client. */
    private static final Pattern SOURCE = Pattern.compile("\\s*\\(?(?:start marker )?at \\[Source:[^\\]]*]\\)?");

    /**
     * What is wrong with an unreadable body, for a person reading the client's log: where (a JSON path such as
     * {@code ops[0].label.start}) and Jackson's own words without Java package names; never a stack trace.
     */
    static String describe(HttpMessageNotReadableException e) {
        if (!(e.getMostSpecificCause() instanceof JacksonException jackson)) {
            return e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")
                    ? "The request needs a JSON body" : "The request body could not be read";
        }
        String what = SOURCE.matcher(JAVA_TYPE.matcher(String.valueOf(jackson.getOriginalMessage()))
                .replaceAll(m -> m.group(1).replace('$', '.'))).replaceAll("");
        if (jackson instanceof StreamReadException) {
            var location = jackson.getLocation();
            String at = location == null || location.getLineNr() < 0 ? ""
                    : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
            return "The body is not valid JSON" + at + ": " + what;
        }
        String path = path(jackson.getPath());
        return "The body does not fit the expected shape" + (path.isEmpty() ? "" : " at " + path) + ": " + what;
    }

    private static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
