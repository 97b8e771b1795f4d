package dev.touchstone.workflow.api;

import dev.touchstone.workflow.ReviewDecision;
import dev.touchstone.workflow.ReviewService;
import dev.touchstone.workflow.TaskLabels;
import dev.touchstone.workflow.TaskStatus;
import dev.touchstone.workflow.WorkflowApiService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * One task over HTTP (docs/workflow/api.md): its state, its labels (each submission with its annotator, the
 * consensus, the accepted labels) and the QA lead's decision. Token scope {@code labels:write} (every method on
 * {@code /api/v1/tasks/**}) or {@code read} for the reads; roles as in the screens.
 */
@RestController
@RequestMapping("/api/v1/tasks/{taskId}")
@Tag(name = "Tasks", description = "Tasks, their labels and review decisions")
class TaskApiController {

    private final WorkflowApiService api;

    TaskApiController(WorkflowApiService api) {
        this.api = api;
    }

    @Schema(name = "Annotator", description = "A member who labels")
    record Annotator(@Schema(description = "The member's user id") UUID id,
                     @Schema(description = "Their display name") String name) {
    }

    @Schema(name = "Submission", description = "One annotator's last submission on the task")
    record SubmissionBody(
            @Schema(description = "The assignment that submitted") UUID assignmentId,
            Annotator annotator,
            @Schema(description = "submitted; returned or live while a QA lead's return is being reworked (the "
                    + "labels are then those of the last submission)") String assignmentState,
            @Schema(description = "When it was last submitted") Instant submittedAt,
            @Schema(description = "The submitted labels (the shapes of the drafts API)") List<Object> labels) {
    }

    @Schema(name = "TaskLabels", description = "A task's submissions, consensus and accepted labels")
    record LabelsBody(
            UUID taskId,
            @Schema(description = "unstarted, in_progress, review or accepted") String state,
            @Schema(description = "One per assignment that submitted, by annotator name") List<SubmissionBody> submissions,
            @Schema(description = "The merge of the submissions; null until the task is complete and merged")
            List<Object> consensus,
            @Schema(description = "The accepted labels (edited by a QA lead or the consensus as it was); null unless "
                    + "the task is accepted") List<Object> accepted) {
    }

    @Schema(name = "ReviewDecision", description = "A QA lead's decision on a task waiting for review")
    record DecisionBody(
            @Schema(description = "accept the consensus, or return all submitted work to its annotators",
                    allowableValues = {"accept", "return"}, requiredMode = Schema.RequiredMode.REQUIRED)
            String decision,
            @Schema(description = "Required to return (1-" + ReviewService.MAX_COMMENT + " characters; the annotators "
                    + "see it); not stored on accept")
            String comment) {
    }

    @GetMapping
    @Operation(summary = "One task and its state (admins, project managers, QA leads)")
    @ApiResponse(responseCode = "200", description = "The task")
    @ApiResponse(responseCode = "404", description = "No such task in your organization")
    TaskStatus task(@PathVariable UUID taskId) {
        return api.task(taskId);
    }

    @GetMapping("/labels")
    @Operation(summary = "A task's labels: each submission with its annotator, the consensus, the accepted labels")
    @ApiResponse(responseCode = "200", description = "The labels")
    @ApiResponse(responseCode = "404", description = "No such task in your organization")
    LabelsBody labels(@PathVariable UUID taskId) {
        TaskLabels labels = api.labels(taskId);
        return new LabelsBody(labels.taskId(), labels.state(), labels.submissions().stream()
                .map(s -> new SubmissionBody(s.assignmentId(), new Annotator(s.annotatorId(), s.annotatorName()),
                        s.assignmentState(), s.submittedAt(), List.copyOf(s.labels())))
                .toList(), labels.consensus() == null ? null : List.copyOf(labels.consensus()),
                labels.accepted() == null ? null : List.copyOf(labels.accepted()));
    }

    @PostMapping(path = "/review", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Decide a task waiting for review (admins and QA leads; token scope labels:write)",
            description = "accept takes the consensus as the task's labels; return reopens every submitted "
                    + "assignment with the comment, first in each annotator's queue. A task that is not waiting for "
                    + "review (decided already: a second submit) is 409 and nothing changes.")
    @ApiResponse(responseCode = "200", description = "Decided; the task as it is now")
    @ApiResponse(responseCode = "404", description = "No such task in your organization")
    @ApiResponse(responseCode = "409", description = "The task is not waiting for review (problem type "
            + WorkApiErrors.TASK_DECIDED + ", with reviewState)")
    @ApiResponse(responseCode = "422", description = "An unknown decision, or a return without a comment")
    TaskStatus review(@PathVariable UUID taskId, @RequestBody DecisionBody body) {
        ReviewDecision decision = switch (body.decision() == null ? "" : body.decision().strip().toLowerCase(Locale.ROOT)) {
            case "accept" -> ReviewDecision.ACCEPT;
            case "return" -> ReviewDecision.RETURN;
            default -> throw new InvalidBodyException("decision must be accept or return, not '" + body.decision() + "'");
        };
        if (decision == ReviewDecision.RETURN && (body.comment() == null || body.comment().isBlank()
                || body.comment().length() > ReviewService.MAX_COMMENT)) {
            throw new InvalidBodyException("Returning work needs a comment of 1-" + ReviewService.MAX_COMMENT
                    + " characters");
        }
        return api.decide(taskId, decision, body.comment());
    }
}
