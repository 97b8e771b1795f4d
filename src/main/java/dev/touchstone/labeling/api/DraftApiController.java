package dev.touchstone.labeling.api;

import dev.touchstone.common.ApiBodyLimitFilter;
import dev.touchstone.common.ApiProblem;
import dev.touchstone.labeling.Draft;
import dev.touchstone.labeling.DraftSave;
import dev.touchstone.labeling.DraftService;
import dev.touchstone.labeling.SaveResult;
import dev.touchstone.labeling.Submission;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.UUID;

/**
 * The drafts API the labeling workspace's autosave calls (contract in docs/labeling/api.md). It only translates
 * HTTP to {@link DraftService}, which owns transactions, roles and ownership; the shell's exception handler turns
 * its exceptions into problems ({@link ApiProblem}: RFC 9457 with {@code error} as before, plus {@code problems} for
 * broken rules). Request bodies are limited by {@link ApiBodyLimitFilter} ({@link DraftApiConfiguration}).
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

    // --- errors: the shell's ApiExceptionHandler answers every API error as a problem (422 with "problems" for
    // broken rules); only what is particular to drafts is here.

    /** A submitted or closed draft cannot change: the client should reload it, not retry. */
    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<Map<String, Object>> conflict(IllegalStateException e) {
        return ApiProblem.response(HttpStatus.CONFLICT, e.getMessage());
    }
}
