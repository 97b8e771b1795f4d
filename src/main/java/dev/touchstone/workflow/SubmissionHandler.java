package dev.touchstone.workflow;

import dev.touchstone.audit.AuditService;
import dev.touchstone.labeling.DraftSubmitted;
import dev.touchstone.organization.NotFoundInOrganizationException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Hears a draft's submission in the submitting transaction. An assignment's draft submits the assignment (refusing,
 * and so undoing the draft's submission, when the assignment expired or was skipped), scores gold, and with the
 * N-th submission merges the task. A QA lead's consensus draft accepts its task with the edited labels.
 */
@Component
class SubmissionHandler {

    private final ReviewRepository reviews;
    private final WorkflowRepository workflow;
    private final TaskOutcomes outcomes;
    private final LabelsJson json;
    private final AuditService audit;
    private final ApplicationEventPublisher events;

    SubmissionHandler(ReviewRepository reviews, WorkflowRepository workflow, TaskOutcomes outcomes,
                      LabelsJson json, AuditService audit, ApplicationEventPublisher events) {
        this.events = events;
        this.reviews = reviews;
        this.workflow = workflow;
        this.outcomes = outcomes;
        this.json = json;
        this.audit = audit;
    }

    @EventListener
    void onSubmitted(DraftSubmitted event) {
        if (event.assignmentId() != null) {
            workSubmitted(event);
        } else if (event.reviewTaskId() != null) {
            consensusEdited(event);
        }
    }

    private void workSubmitted(DraftSubmitted event) {
        ReviewRepository.WorkRow work = reviews.workRow(event.organizationId(), event.assignmentId(), true)
                .orElseThrow(() -> new NotFoundInOrganizationException("Assignment"));
        if (!work.annotatorId().equals(event.ownerId())) {
            throw new AccessDeniedException("This assignment belongs to someone else");
        }
        if (work.state() != AssignmentState.LIVE && work.state() != AssignmentState.RETURNED) {
            throw new AssignmentClosedException(work.state());
        }
        WorkflowRepository.Submitted submitted = workflow.submit(work.id(), work.taskId(), event.submissionId());
        audit.recordAtCommit("workflow.assignment.submitted", "assignment", work.id().toString(),
                Map.of("task", work.taskId().toString(), "taskComplete", submitted.complete(),
                        "submission", event.submissionId().toString()));
        outcomes.afterSubmit(event.organizationId(), work, event.labels(), submitted);
    }

    private void consensusEdited(DraftSubmitted event) {
        ReviewRepository.TaskRow task = reviews.task(event.organizationId(), event.reviewTaskId(), true)
                .orElseThrow(() -> new NotFoundInOrganizationException("Task"));
        if (!"review".equals(task.reviewState())) {
            throw new IllegalStateException("This task is no longer waiting for review ("
                    + task.reviewState() + "); the edit was not applied");
        }
        reviews.accept(task.id(), json.writeLabels(event.labels()), event.ownerId());
        audit.record("workflow.review.accepted", "task", task.id().toString(),
                Map.of("edited", true, "labels", event.labels().size(), "submission", event.submissionId().toString()));
        events.publishEvent(new TaskAccepted(event.organizationId(), task.id(), task.projectId(), task.projectName(),
                task.episodeId(), event.ownerId(), true));
    }
}
