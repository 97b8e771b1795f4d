package dev.touchstone.workflow;

import dev.touchstone.common.CursorPage;
import dev.touchstone.labeling.DraftLifecycle;
import dev.touchstone.labeling.Label;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the JSON API needs of workflow beyond the screens' services (docs/workflow/api.md): cursor pages of projects,
 * tasks and tasks waiting for review, a task's labels, a claim that hands back the draft to label in, and review
 * decisions that refuse a task already decided. The work itself goes through the same service methods as the
 * screens ({@link WorkflowService#claimNext}, {@link WorkService#open}, {@link ReviewService#accept},
 * {@link ReviewService#returnWork}), so pauses, gold, excluded tasks and audits apply unchanged.
 */
@Service
public class WorkflowApiService {

    private static final String READERS = "hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')";

    private final CurrentOrganization current;
    private final TaskPageRepository pages;
    private final WorkflowRepository workflowRepository;
    private final ReviewRepository reviews;
    private final WorkflowService workflow;
    private final WorkService work;
    private final ReviewService review;
    private final DraftLifecycle lifecycle;
    private final LabelsJson json;

    WorkflowApiService(CurrentOrganization current, TaskPageRepository pages, WorkflowRepository workflowRepository,
                       ReviewRepository reviews, WorkflowService workflow, WorkService work, ReviewService review,
                       DraftLifecycle lifecycle, LabelsJson json) {
        this.current = current;
        this.pages = pages;
        this.workflowRepository = workflowRepository;
        this.reviews = reviews;
        this.workflow = workflow;
        this.work = work;
        this.review = review;
        this.lifecycle = lifecycle;
        this.json = json;
    }

    // ---- projects ----

    /** The organization's projects, oldest first. */
    @Transactional(readOnly = true)
    @PreAuthorize(READERS)
    public CursorPage<Project> projects(String cursor, int limit) {
        UUID org = current.id();
        String[] key = key(cursor, 2);
        List<Project> rows = new ArrayList<>();
        for (UUID id : pages.projectIds(org, key == null ? null : instant(key[0]), key == null ? null : uuid(key[1]),
                limit + 1)) {
            workflowRepository.project(org, id).ifPresent(rows::add);
        }
        return CursorPage.of(rows, limit, p -> p.createdAt() + "|" + p.id());
    }

    /**
     * Creates a project ({@link WorkflowService#createProject}: one task per episode of the dataset) and, when given,
     * its quality settings, in one transaction: settings that the project refuses leave no project behind.
     */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public Project createProject(NewProject request, ProjectSettings quality) {
        Project project = workflow.createProject(request);
        if (quality == null) {
            return project;
        }
        return workflow.updateProject(project.id(), project.overlap(), project.goldRate(), project.leaseSeconds(),
                project.priority(), project.deadline(), quality);
    }

    // ---- tasks ----

    /**
     * A project's tasks in creation order, optionally only those in one {@link TaskStatus#STATES state}.
     *
     * @throws IllegalArgumentException for a state that is none of them, or a cursor this API did not make
     */
    @Transactional(readOnly = true)
    @PreAuthorize(READERS)
    public CursorPage<TaskStatus> tasks(UUID projectId, String state, String cursor, int limit) {
        if (state != null && !TaskStatus.STATES.contains(state)) {
            throw new IllegalArgumentException("state must be one of " + String.join(", ", TaskStatus.STATES)
                    + ", not '" + state + "'");
        }
        UUID org = current.id();
        requireProject(org, projectId);
        String[] key = key(cursor, 2);
        List<TaskStatus> rows = pages.tasks(org, projectId, state, key == null ? null : instant(key[0]),
                key == null ? null : uuid(key[1]), limit + 1);
        return CursorPage.of(rows, limit, t -> t.createdAt() + "|" + t.id());
    }

    @Transactional(readOnly = true)
    @PreAuthorize(READERS)
    public TaskStatus task(UUID taskId) {
        return pages.task(current.id(), taskId).orElseThrow(() -> new NotFoundInOrganizationException("Task"));
    }

    /** A task's submissions (with who and when), its consensus and its accepted labels. */
    @Transactional(readOnly = true)
    @PreAuthorize(READERS)
    public TaskLabels labels(UUID taskId) {
        UUID org = current.id();
        TaskStatus status = task(taskId);
        ReviewRepository.TaskRow row = reviews.task(org, taskId, false).orElseThrow();
        List<TaskLabels.SubmittedLabels> submissions = new ArrayList<>();
        for (TaskPageRepository.SubmissionRow s : pages.submissions(org, taskId)) {
            List<Label> labels = lifecycle.submittedLabels(org, s.submissionId()).orElse(List.of());
            submissions.add(new TaskLabels.SubmittedLabels(s.assignmentId(), s.annotatorId(), s.annotatorName(),
                    s.state(), s.submittedAt() == null ? null : s.submittedAt().toInstant(), labels));
        }
        List<Label> consensus = row.consensus() == null ? null : json.labels(row.consensus());
        List<Label> accepted = "accepted".equals(row.reviewState()) && row.finalLabels() != null
                ? json.labels(row.finalLabels()) : null;
        return new TaskLabels(taskId, status.state(), submissions, consensus, accepted);
    }

    // ---- the annotator's loop ----

    /**
     * The signed-in annotator's next work ({@link WorkflowService#claimNext}: returned work first, then their live
     * assignment, then a new task, honouring pauses, gold and excluded tasks) opened with its draft
     * ({@link WorkService#open}); empty when nothing is left.
     *
     * @param projectId one project, or null for all of the annotator's projects
     */
    @Transactional
    @PreAuthorize("hasRole('ANNOTATOR')")
    public Optional<WorkItem> claim(UUID projectId) {
        return workflow.claimNext(projectId).map(assignment -> work.open(assignment.id()));
    }

    // ---- review ----

    /** A project's tasks waiting for review, those to review first first, then oldest complete first. */
    @Transactional(readOnly = true)
    @PreAuthorize(Ability.Expressions.REVIEW)
    public CursorPage<TaskStatus> waitingForReview(UUID projectId, String cursor, int limit) {
        UUID org = current.id();
        requireProject(org, projectId);
        String[] key = key(cursor, 3);
        List<TaskStatus> rows = pages.waitingForReview(org, projectId, key == null ? null : Boolean.valueOf(key[0]),
                key == null ? null : instant(key[1]), key == null ? null : uuid(key[2]), limit + 1);
        return CursorPage.of(rows, limit, t -> pages.reviewFirst(org, t.id()) + "|" + t.completedAt() + "|" + t.id());
    }

    /**
     * Decides a task waiting for review: accepts its consensus, or returns all its submitted work with the comment.
     * The task row is locked first, so of two decisions sent at once the second finds it decided.
     *
     * @throws TaskDecidedException     when the task is not waiting for review (decided already, or still labeling)
     * @throws IllegalArgumentException when returning without a comment of 1-{@value ReviewService#MAX_COMMENT}
     *                                  characters
     */
    @Transactional
    @PreAuthorize(Ability.Expressions.REVIEW)
    public TaskStatus decide(UUID taskId, ReviewDecision decision, String comment) {
        if (decision == null) {
            throw new IllegalArgumentException("decision must be accept or return");
        }
        UUID org = current.id();
        ReviewRepository.TaskRow task = reviews.task(org, taskId, true)
                .orElseThrow(() -> new NotFoundInOrganizationException("Task"));
        if (!"review".equals(task.reviewState())) {
            throw new TaskDecidedException(task.reviewState());
        }
        switch (decision) {
            case ACCEPT -> review.accept(taskId);
            case RETURN -> review.returnWork(taskId, null, comment);
        }
        return pages.task(org, taskId).orElseThrow();
    }

    private void requireProject(UUID org, UUID projectId) {
        if (!workflowRepository.projectExists(org, projectId)) {
            throw new NotFoundInOrganizationException("Project");
        }
    }

    private static String[] key(String cursor, int parts) {
        String key = CursorPage.decode(cursor);
        if (key == null) {
            return null;
        }
        String[] split = key.split("\\|", -1);
        if (split.length != parts) {
            throw new IllegalArgumentException("cursor is not one this list made; follow nextCursor from a page");
        }
        return split;
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("cursor is not one this list made; follow nextCursor from a page");
        }
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor is not one this list made; follow nextCursor from a page");
        }
    }
}
