package dev.touchstone.workflow;

import dev.touchstone.audit.AuditService;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.labeling.Draft;
import dev.touchstone.labeling.DraftLifecycle;
import dev.touchstone.labeling.DraftService;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelRules;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.organization.Role;
import dev.touchstone.organization.TouchstoneUser;
import dev.touchstone.quality.DefinitionAgreement;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The QA lead's side of work distribution (docs/workflow/review.md): the review inbox, one task's annotations
 * and consensus side by side, and the decisions (accept, edit the consensus, return work with comments), gold
 * answers, and the notifications of automatic pauses. Every decision is audited.
 */
@Service
@PreAuthorize(Ability.Expressions.REVIEW)
public class ReviewService {

    public static final int MAX_COMMENT = 4000;

    private final CurrentOrganization current;
    private final ReviewRepository reviews;
    private final WorkflowRepository workflow;
    private final DraftLifecycle lifecycle;
    private final DraftService drafts;
    private final DatasetService datasets;
    private final LabelsJson json;
    private final AuditService audit;
    private final ApplicationEventPublisher events;

    ReviewService(CurrentOrganization current, ReviewRepository reviews, WorkflowRepository workflow,
                  DraftLifecycle lifecycle, DraftService drafts, DatasetService datasets, LabelsJson json,
                  AuditService audit, ApplicationEventPublisher events) {
        this.events = events;
        this.current = current;
        this.reviews = reviews;
        this.workflow = workflow;
        this.lifecycle = lifecycle;
        this.drafts = drafts;
        this.datasets = datasets;
        this.json = json;
        this.audit = audit;
    }

    /** Tasks waiting for review, in one project or all, highest project priority and oldest first. */
    @Transactional(readOnly = true)
    public List<ReviewItem> inbox(UUID projectId, int limit) {
        return reviews.inbox(current.id(), projectId, Math.clamp(limit, 1, 1000));
    }

    @Transactional(readOnly = true)
    public TaskReview review(UUID taskId) {
        UUID org = current.id();
        ReviewRepository.TaskRow task = reviews.task(org, taskId, false).orElseThrow(() -> new NotFoundInOrganizationException("Task"));
        EpisodeDetail episode = datasets.episode(task.episodeId()).orElseThrow(() -> new NotFoundInOrganizationException("Episode"));
        LabelSchema schema = lifecycle.schema(org, task.schemaVersionId()).orElseThrow();
        List<TaskReview.AnnotatorWork> work = new ArrayList<>();
        for (ReviewRepository.SubmittedRow row : reviews.work(org, taskId)) {
            List<Label> labels = row.submissionId() == null ? List.of()
                    : lifecycle.submittedLabels(org, row.submissionId()).orElse(List.of());
            work.add(new TaskReview.AnnotatorWork(row.assignmentId(), row.annotatorId(), row.name(), row.state(),
                    labels, row.returnComment()));
        }
        Map<String, DefinitionAgreement> agreement = json.agreement(task.agreement());
        List<Label> consensus = task.finalLabels() != null ? json.labels(task.finalLabels()) : json.labels(task.consensus());
        return new TaskReview(task.id(), task.projectId(), task.projectName(), episode, schema, task.reviewState(),
                task.reviewReason(), task.gold(), work, consensus, List.copyOf(agreement.values()), List.of(),
                json.labels(task.goldLabels()));
    }

    /** Accepts the consensus as it is. */
    @Transactional
    public void accept(UUID taskId) {
        ReviewRepository.TaskRow task = waitingForReview(taskId);
        UUID by = current.requireUser().userId();
        reviews.accept(taskId, task.consensus() == null ? "[]" : task.consensus(), by);
        audit.record("workflow.review.accepted", "task", taskId.toString(), Map.of("edited", false));
        events.publishEvent(new TaskAccepted(current.id(), taskId, task.projectId(), task.projectName(),
                task.episodeId(), by, false));
    }

    /**
     * The QA lead's draft for editing the consensus, seeded with it; submitting that draft accepts the task with the
     * edited labels.
     */
    @Transactional
    public Draft editConsensus(UUID taskId) {
        ReviewRepository.TaskRow task = waitingForReview(taskId);
        return drafts.openForReview(taskId, task.episodeId(), task.schemaVersionId(), json.labels(task.consensus()));
    }

    /**
     * Returns submitted work to its annotators with a comment: each assignment reopens (its draft editable again)
     * and comes first in that annotator's queue; the task waits for their resubmissions and is merged again.
     *
     * @param assignmentIds the task's submitted assignments to return; null means all of them (an empty selection,
     *                      the review dialog with everyone deselected, is refused: it returns nothing)
     */
    @Transactional
    public int returnWork(UUID taskId, Collection<UUID> assignmentIds, String comment) {
        if (comment == null || comment.isBlank() || comment.length() > MAX_COMMENT) {
            throw new IllegalArgumentException("Returning work needs a comment of 1-" + MAX_COMMENT + " characters");
        }
        UUID org = current.id();
        ReviewRepository.TaskRow task = reviews.task(org, taskId, true).orElseThrow(() -> new NotFoundInOrganizationException("Task"));
        List<ReviewRepository.SubmittedRow> submitted = reviews.work(org, taskId).stream()
                .filter(r -> r.state() == AssignmentState.SUBMITTED)
                .filter(r -> assignmentIds == null || assignmentIds.isEmpty() || assignmentIds.contains(r.assignmentId()))
                .toList();
        if (submitted.isEmpty() || (assignmentIds != null && submitted.size() != assignmentIds.size())) {
            throw new IllegalArgumentException("Only submitted work of this task can be returned");
        }
        TouchstoneUser me = current.requireUser();
        for (ReviewRepository.SubmittedRow row : submitted) {
            workflow.lockAssignment(org, row.assignmentId());
            workflow.returnWork(row.assignmentId(), taskId);
            reviews.returnWork(row.assignmentId(), me.userId(), comment.trim());
            reviews.draftsOf(List.of(row.assignmentId())).forEach(draft -> lifecycle.reopen(org, draft));
            audit.record("workflow.assignment.returned", "assignment", row.assignmentId().toString(),
                    Map.of("task", taskId.toString(), "annotator", row.annotatorId().toString(),
                            "comment", comment.trim()));
        }
        reviews.reopenTask(taskId);
        events.publishEvent(new TaskReturned(org, taskId, task.projectId(), task.projectName(), task.episodeId(),
                submitted.stream().map(ReviewRepository.SubmittedRow::assignmentId).toList(),
                submitted.stream().map(ReviewRepository.SubmittedRow::annotatorId).toList(), me.userId(),
                comment.trim()));
        return submitted.size();
    }

    /** Returns one submitted assignment (see {@link #returnWork}). */
    @Transactional
    public void returnToAnnotator(UUID assignmentId, String comment) {
        WorkflowRepository.AssignmentRow row = workflow.assignmentRow(current.id(), assignmentId, false)
                .orElseThrow(() -> new NotFoundInOrganizationException("Assignment"));
        returnWork(row.taskId(), List.of(assignmentId), comment);
    }

    /** Makes an accepted task gold, its accepted labels the reference answer. */
    @Transactional
    public void promoteToGold(UUID taskId) {
        UUID org = current.id();
        ReviewRepository.TaskRow task = reviews.task(org, taskId, true).orElseThrow(() -> new NotFoundInOrganizationException("Task"));
        if (!"accepted".equals(task.reviewState()) || task.finalLabels() == null) {
            throw new IllegalStateException("Only an accepted task's labels can become a gold answer");
        }
        reviews.setGoldAnswer(taskId, task.finalLabels(), "consensus", current.requireUser().userId());
        audit.record("workflow.task.gold", "task", taskId.toString(), Map.of("gold", true, "source", "consensus"));
    }

    /**
     * Makes a task gold with the QA lead's own labels of its episode (their direct draft under the project's schema
     * version, opened from the episode's page) as the reference answer.
     */
    @Transactional
    public int setGoldAnswer(UUID taskId) {
        UUID org = current.id();
        ReviewRepository.TaskRow task = reviews.task(org, taskId, true).orElseThrow(() -> new NotFoundInOrganizationException("Task"));
        Draft mine = drafts.openDirect(task.episodeId(), task.schemaVersionId());
        if (mine.labels().isEmpty()) {
            throw new IllegalStateException("Label the episode under the project's schema first; your draft is empty");
        }
        List<Label> labels = mine.labels().stream().map(Draft.StoredLabel::label).toList();
        reviews.setGoldAnswer(taskId, json.writeLabels(labels), "curated", current.requireUser().userId());
        audit.record("workflow.task.gold", "task", taskId.toString(),
                Map.of("gold", true, "source", "curated", "labels", labels.size(), "draft", mine.id().toString()));
        return labels.size();
    }

    /**
     * Makes a task gold with a known answer given as labels (the demo's generator ground truth, an import of
     * reference labels).
     *
     * @throws IllegalArgumentException listing every rule the labels break under the project's schema
     */
    @Transactional
    public void setGoldAnswer(UUID taskId, List<Label> labels) {
        UUID org = current.id();
        ReviewRepository.TaskRow task = reviews.task(org, taskId, true).orElseThrow(() -> new NotFoundInOrganizationException("Task"));
        LabelSchema schema = lifecycle.schema(org, task.schemaVersionId()).orElseThrow();
        long duration = datasets.episode(task.episodeId()).orElseThrow(() -> new NotFoundInOrganizationException("Episode"))
                .episode().durationNanos();
        List<String> problems = LabelRules.problems(schema, duration, labels);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("The gold answer breaks the schema: " + String.join("; ", problems));
        }
        reviews.setGoldAnswer(taskId, json.writeLabels(labels), "curated", current.requireUser().userId());
        audit.record("workflow.task.gold", "task", taskId.toString(),
                Map.of("gold", true, "source", "curated", "labels", labels.size()));
    }

    @Transactional(readOnly = true)
    public List<LeadNotification> notifications() {
        return reviews.notifications(current.id(), Role.QA_LEAD.name());
    }

    @Transactional
    public void dismiss(UUID notificationId) {
        if (!reviews.dismiss(current.id(), notificationId, current.requireUser().userId())) {
            throw new NotFoundInOrganizationException("Notification");
        }
        audit.record("workflow.notification.dismissed", "notification", notificationId.toString(), Map.of());
    }

    private ReviewRepository.TaskRow waitingForReview(UUID taskId) {
        ReviewRepository.TaskRow task = reviews.task(current.id(), taskId, true)
                .orElseThrow(() -> new NotFoundInOrganizationException("Task"));
        if (!"review".equals(task.reviewState())) {
            throw new IllegalStateException("This task is not waiting for review (it is " + task.reviewState() + ")");
        }
        return task;
    }
}
