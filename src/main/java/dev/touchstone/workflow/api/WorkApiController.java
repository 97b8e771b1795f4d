package dev.touchstone.workflow.api;

import dev.touchstone.workflow.WorkItem;
import dev.touchstone.workflow.WorkflowApiService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.UUID;

/**
 * The annotator's work loop without the browser (docs/workflow/api.md): claim the next task here, then label in
 * its draft ({@code /api/v1/drafts/{draftId}}: saves, then submissions), keeping the lease alive with
 * {@code /api/v1/assignments/{assignmentId}/heartbeat}. Token scope {@code labels:write}; annotators only.
 */
@RestController
@RequestMapping("/api/v1/work")
@Tag(name = "Work", description = "The annotator's loop: claim, draft, heartbeat, submit")
class WorkApiController {

    private final WorkflowApiService api;

    WorkApiController(WorkflowApiService api) {
        this.api = api;
    }

    @Schema(name = "ClaimRequest")
    record ClaimRequest(@Schema(description = "The project to take work from; null or left out: any of yours")
                        UUID projectId) {
    }

    @Schema(name = "Claim", description = "The assignment claimed and the draft to label it in")
    record Claim(
            UUID assignmentId,
            UUID taskId,
            UUID projectId,
            UUID episodeId,
            @Schema(description = "Label here: GET /api/v1/drafts/{draftId}, POST .../saves, POST .../submissions "
                    + "(submitting the draft submits the assignment)")
            UUID draftId,
            @Schema(description = "The draft's schema version (GET /api/v1/schemas/... for its definitions)")
            UUID schemaVersionId,
            @Schema(description = "Start of the task's window in the episode (ns); null: the whole episode")
            Long windowStartNanos,
            @Schema(description = "End of the task's window (ns); null: the whole episode")
            Long windowEndNanos,
            @Schema(description = "The assignment expires then unless a heartbeat extends it")
            Instant leaseExpiresAt,
            @Schema(description = "How often to send a heartbeat while working")
            int heartbeatSeconds,
            @Schema(description = "The QA lead's comment when this is returned work; null otherwise")
            String returnComment) {
    }

    @PostMapping(path = "/claims", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Claim the next task (annotators; token scope labels:write)",
            description = "The same queue as Start labeling: work returned to you first, then your live "
                    + "assignment (its lease renewed), then a new task (gold at the project's rate; never a task "
                    + "excluded by triage, nothing from a project that is paused or closed or that paused you). "
                    + "The draft is made on claim.")
    @ApiResponse(responseCode = "201", description = "Claimed (or your live or returned assignment, again)")
    @ApiResponse(responseCode = "204", description = "Nothing left for you")
    @ApiResponse(responseCode = "403", description = "Your role does not label")
    @ApiResponse(responseCode = "404", description = "No such project in your organization")
    ResponseEntity<Claim> claim(@RequestBody(required = false) ClaimRequest body) {
        return api.claim(body == null ? null : body.projectId())
                .map(item -> ResponseEntity.status(HttpStatus.CREATED).body(claim(item)))
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    private static Claim claim(WorkItem item) {
        var a = item.assignment();
        return new Claim(a.id(), a.taskId(), a.projectId(), a.episodeId(), item.draft().id(),
                item.draft().schemaVersionId(), a.windowStartNanos(), a.windowEndNanos(), a.leaseExpiresAt(),
                item.heartbeatSeconds(), item.returnComment());
    }
}
