package dev.touchstone.workflow;

import dev.touchstone.audit.AuditService;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeFilter;
import dev.touchstone.dataset.EpisodeRow;
import dev.touchstone.labeling.DraftLifecycle;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.organization.TouchstoneUser;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Projects, their tasks, and the work queue (docs/workflow/queue.md). Managers create projects and watch tasks;
 * annotators claim their next task, keep its lease alive with heartbeats, submit or skip it. Every state change is
 * audited; every query is limited to the signed-in member's organization (another organization's ids are "not
 * found").
 */
@Service
public class WorkflowService {

    private static final int TASK_BATCH = 1_000;
    private static final int MAX_TASKS = 200_000;

    private final CurrentOrganization current;
    private final WorkflowRepository repository;
    private final DatasetService datasets;
    private final LabelSchemaService schemas;
    private final AuditService audit;
    private final ReviewRepository reviews;
    private final TaskOutcomes outcomes;
    private final SettingsCodec settings;
    private final DraftLifecycle drafts;

    WorkflowService(CurrentOrganization current, WorkflowRepository repository, DatasetService datasets,
                    LabelSchemaService schemas, AuditService audit, ReviewRepository reviews, TaskOutcomes outcomes,
                    SettingsCodec settings, DraftLifecycle drafts) {
        this.reviews = reviews;
        this.outcomes = outcomes;
        this.settings = settings;
        this.drafts = drafts;
        this.current = current;
        this.repository = repository;
        this.datasets = datasets;
        this.schemas = schemas;
        this.audit = audit;
    }

    // ---- projects (managers) ----

    /**
     * Creates a project with one task per episode of its dataset (or per window, see {@link NewProject}). Puts the
     * schema version in use.
     *
     * @throws IllegalArgumentException for settings out of range, a taken name, an empty dataset, or a restriction
     *                                  naming someone who is not an annotator of this organization
     */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public Project createProject(NewProject request) {
        TouchstoneUser me = current.requireUser();
        UUID organizationId = me.organization().id();
        String name = request.name() == null ? "" : request.name().trim();
        if (name.isEmpty() || name.length() > 200) {
            throw new IllegalArgumentException("A project needs a name of 1-200 characters");
        }
        if (request.overlap() < 1 || request.overlap() > 50) {
            throw new IllegalArgumentException("Overlap must be between 1 and 50 annotators per task");
        }
        if (!(request.goldRate() >= 0 && request.goldRate() <= 1)) {
            throw new IllegalArgumentException("The gold rate must be between 0 and 1");
        }
        if (request.leaseSeconds() < 1 || request.leaseSeconds() > 86_400) {
            throw new IllegalArgumentException("The lease must be between 1 second and 1 day");
        }
        if (request.windowNanos() != null && request.windowNanos() < NewProject.MIN_WINDOW_NANOS) {
            throw new IllegalArgumentException("A task window is at least one second long");
        }
        if (repository.projectNameTaken(organizationId, name)) {
            throw new IllegalArgumentException("A project named '" + name + "' exists already");
        }
        datasets.requireDataset(request.datasetId());
        schemas.version(request.schemaVersionId())
                .orElseThrow(() -> new NotFoundInOrganizationException("Label schema version"));
        for (UUID annotator : request.annotatorIds()) {
            if (!repository.isAnnotator(organizationId, annotator)) {
                throw new IllegalArgumentException("Only active annotators of this organization can be named");
            }
        }
        schemas.markInUse(request.schemaVersionId());
        UUID projectId = repository.insertProject(organizationId, request, name, me.userId());
        repository.addAnnotators(organizationId, projectId, request.annotatorIds());
        int tasks = 0;
        for (int offset = 0; ; offset += TASK_BATCH) {
            List<EpisodeRow> page = datasets.episodes(request.datasetId(), EpisodeFilter.NONE, offset, TASK_BATCH);
            List<WorkflowRepository.NewTask> batch = new ArrayList<>();
            for (EpisodeRow episode : page) {
                batch.addAll(tasksOf(episode, request.windowNanos()));
            }
            tasks += batch.size();
            if (tasks > MAX_TASKS) {
                throw new IllegalArgumentException("More than " + MAX_TASKS + " tasks; choose a longer window");
            }
            if (!batch.isEmpty()) {
                repository.insertTasks(organizationId, projectId, request.overlap(), batch);
            }
            if (page.size() < TASK_BATCH) {
                break;
            }
        }
        if (tasks == 0) {
            throw new IllegalArgumentException("The dataset has no episodes to make tasks of");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", name);
        details.put("dataset", request.datasetId().toString());
        details.put("schemaVersion", request.schemaVersionId().toString());
        details.put("overlap", request.overlap());
        details.put("goldRate", request.goldRate());
        details.put("leaseSeconds", request.leaseSeconds());
        details.put("tasks", tasks);
        details.put("restrictedTo", request.annotatorIds().size());
        audit.record("workflow.project.created", "project", projectId.toString(), details);
        return repository.project(organizationId, projectId).orElseThrow();
    }

    private static List<WorkflowRepository.NewTask> tasksOf(EpisodeRow episode, Long windowNanos) {
        long duration = episode.durationNanos();
        if (windowNanos == null || duration <= windowNanos) {
            return List.of(new WorkflowRepository.NewTask(episode.id(), null, null));
        }
        List<WorkflowRepository.NewTask> windows = new ArrayList<>();
        for (long start = 0; start < duration; start += windowNanos) {
            windows.add(new WorkflowRepository.NewTask(episode.id(), start, Math.min(start + windowNanos, duration)));
        }
        return windows;
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
    public List<Project> projects() {
        return repository.projects(current.id());
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
    public Optional<Project> project(UUID projectId) {
        return repository.project(current.id(), projectId);
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
    public List<TaskInfo> tasks(UUID projectId, int offset, int limit) {
        if (offset < 0 || limit < 0 || limit > 5_000) {
            throw new IllegalArgumentException("offset must be >= 0 and limit 0..5000");
        }
        requireProject(projectId);
        return repository.tasks(current.id(), projectId, offset, limit);
    }

    /** Active projects hand out work; paused and closed ones give nothing (live assignments run on). */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public void setProjectState(UUID projectId, ProjectState state) {
        requireProject(projectId);
        repository.setProjectState(current.id(), projectId, state);
        audit.record("workflow.project.state", "project", projectId.toString(), Map.of("state", state.name()));
    }

    /** Marks tasks of a project as gold (or not). Returns how many changed. */
    @Transactional
    @PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
    public int setGold(UUID projectId, Collection<UUID> taskIds, boolean gold) {
        requireProject(projectId);
        int changed = repository.setGold(current.id(), projectId, taskIds, gold);
        audit.record("workflow.task.gold", "project", projectId.toString(),
                Map.of("gold", gold, "tasks", changed));
        return changed;
    }

    /** Pauses an annotator on a project: from now on they get nothing from it. */
    @Transactional
    @PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
    public void pauseAnnotator(UUID projectId, UUID annotatorId, String reason) {
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw new IllegalArgumentException("Pausing needs a reason of 1-500 characters");
        }
        requireProject(projectId);
        if (!repository.isAnnotator(current.id(), annotatorId)) {
            throw new NotFoundInOrganizationException("Annotator");
        }
        repository.setPaused(current.id(), projectId, annotatorId, true, reason.trim(), current.requireUser().userId());
        audit.record("workflow.annotator.paused", "project", projectId.toString(),
                Map.of("annotator", annotatorId.toString(), "reason", reason.trim()));
    }

    @Transactional
    @PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
    public void reinstateAnnotator(UUID projectId, UUID annotatorId) {
        requireProject(projectId);
        if (!repository.isAnnotator(current.id(), annotatorId)) {
            throw new NotFoundInOrganizationException("Annotator");
        }
        repository.setPaused(current.id(), projectId, annotatorId, false, null, null);
        audit.record("workflow.annotator.reinstated", "project", projectId.toString(),
                Map.of("annotator", annotatorId.toString()));
    }

    // ---- settings and progress ----

    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
    public ProjectSettings settings(UUID projectId) {
        requireProject(projectId);
        return settings.of(current.id(), projectId);
    }

    /**
     * Changes a project's settings. Overlap can only grow (a task never holds more than N, and work already given
     * out stays valid); the rest applies to tasks completed from now on.
     */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public Project updateProject(UUID projectId, int overlap, double goldRate, int leaseSeconds, int priority,
                                 Instant deadline, ProjectSettings quality) {
        Project project = repository.project(current.id(), projectId).orElseThrow(() -> new NotFoundInOrganizationException("Project"));
        if (overlap < project.overlap() || overlap > 50) {
            throw new IllegalArgumentException("Overlap can grow up to 50, not shrink (it is " + project.overlap() + ")");
        }
        if (!(goldRate >= 0 && goldRate <= 1)) {
            throw new IllegalArgumentException("The gold rate is a share between 0 and 1");
        }
        if (leaseSeconds < 1 || leaseSeconds > 86_400) {
            throw new IllegalArgumentException("The lease is 1 second to 1 day");
        }
        reviews.saveSettings(current.id(), projectId, settings.row(quality), overlap, goldRate, leaseSeconds,
                priority, deadline == null ? null : deadline.atOffset(java.time.ZoneOffset.UTC));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("overlap", overlap);
        details.put("goldRate", goldRate);
        details.put("leaseSeconds", leaseSeconds);
        details.put("priority", priority);
        details.put("reviewPolicy", quality.reviewPolicy().name());
        details.put("reviewSample", quality.reviewSample());
        details.put("minGoldAccuracy", quality.minGoldAccuracy());
        audit.record("workflow.project.updated", "project", projectId.toString(), details);
        return repository.project(current.id(), projectId).orElseThrow();
    }

    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
    public ProjectProgress progress(UUID projectId) {
        requireProject(projectId);
        UUID org = current.id();
        ReviewRepository.Activity activity = reviews.activity(org, projectId);
        return new ProjectProgress(reviews.tasksByState(org, projectId), reviews.throughput(org, projectId),
                activity.medianSeconds(), activity.activeNow(), activity.activeToday(), reviews.standings(org, projectId));
    }

    private void requireProject(UUID projectId) {
        if (!repository.projectExists(current.id(), projectId)) {
            throw new NotFoundInOrganizationException("Project");
        }
    }

    // ---- the queue (annotators) ----

    /**
     * "Start labeling": the signed-in annotator's next assignment in one project, or in all their projects when
     * {@code projectId} is null. In order: work returned to them (reopened), their own live assignment (resumed),
     * then a new task (gold at the project's rate when one is available to them; else by project priority, task priority and
     * age). Empty when nothing is available.
     */
    @Transactional
    @PreAuthorize("hasRole('ANNOTATOR')")
    public Optional<Assignment> claimNext(UUID projectId) {
        TouchstoneUser me = current.requireUser();
        UUID organizationId = me.organization().id();
        if (!repository.lockAnnotator(organizationId, me.userId(), projectId)) {
            throw new NotFoundInOrganizationException("Project");
        }
        double goldDraw = ThreadLocalRandom.current().nextDouble();
        Optional<WorkflowRepository.Claimed> claimed = repository.claim(organizationId, me.userId(), projectId,
                goldDraw);
        claimed.ifPresent(c -> {
            Assignment a = c.assignment();
            switch (c.kind()) {
                case RETURNED -> audit.recordAtCommit("workflow.assignment.reclaimed", "assignment",
                        a.id().toString(), Map.of("task", a.taskId().toString()));
                case CLAIMED -> audit.recordAtCommit("workflow.assignment.claimed", "assignment", a.id().toString(),
                        Map.of("task", a.taskId().toString(), "project", a.projectId().toString()));
                case RESUMED -> {
                    // a resume changes no state: not audited, as before
                }
            }
        });
        return claimed.map(WorkflowRepository.Claimed::assignment);
    }

    /**
     * Opens one piece of work returned to the signed-in annotator (My work lists them): a returned assignment becomes
     * live again with a fresh lease, as "Start labeling" would make it; one already reopened gets its lease renewed.
     *
     * @throws AssignmentClosedException when it is no longer waiting for rework (resubmitted, expired)
     * @throws IllegalStateException     when the project no longer gives this annotator work (paused, closed)
     */
    @Transactional
    @PreAuthorize("hasRole('ANNOTATOR')")
    public Assignment openReturned(UUID assignmentId) {
        WorkflowRepository.AssignmentRow row = ownRow(assignmentId, false);
        UUID organizationId = current.id();
        repository.lockAnnotator(organizationId, row.annotatorId(), null);
        boolean wasReturned = row.state() == AssignmentState.RETURNED;
        Optional<UUID> taken = repository.takeReturned(organizationId, row.annotatorId(), null, assignmentId);
        if (taken.isEmpty()) {
            WorkflowRepository.AssignmentRow now = ownRow(assignmentId, false);
            if (now.state() == AssignmentState.RETURNED || now.state() == AssignmentState.LIVE) {
                throw new IllegalStateException("This project gives you no work at the moment (it is paused or"
                        + " closed, or you are paused on it)");
            }
            throw new AssignmentClosedException(now.state());
        }
        return wasReturned ? reclaimed(organizationId, assignmentId)
                : repository.assignment(organizationId, assignmentId).orElseThrow();
    }

    private Assignment reclaimed(UUID organizationId, UUID assignmentId) {
        Assignment assignment = repository.assignment(organizationId, assignmentId).orElseThrow();
        audit.record("workflow.assignment.reclaimed", "assignment", assignment.id().toString(),
                Map.of("task", assignment.taskId().toString()));
        return assignment;
    }

    /** One of the signed-in annotator's own assignments. */
    @Transactional(readOnly = true)
    @PreAuthorize("hasRole('ANNOTATOR')")
    public Assignment assignment(UUID assignmentId) {
        TouchstoneUser me = current.requireUser();
        Assignment assignment = repository.assignment(me.organization().id(), assignmentId)
                .orElseThrow(() -> new NotFoundInOrganizationException("Assignment"));
        ownRow(assignmentId, false);
        return assignment;
    }

    /**
     * Keeps the lease alive (the workspace calls this while the annotator works). Not audited: it changes no
     * state.
     *
     * @return the new lease end
     * @throws AssignmentClosedException when the assignment is no longer live or its lease ran out
     */
    @Transactional
    @PreAuthorize("hasRole('ANNOTATOR')")
    public Instant heartbeat(UUID assignmentId) {
        WorkflowRepository.AssignmentRow row = ownRow(assignmentId, true);
        return repository.heartbeat(assignmentId).orElseThrow(() -> new AssignmentClosedException(
                row.state() == AssignmentState.LIVE ? AssignmentState.EXPIRED : row.state()));
    }

    /**
     * Hands the work in. Idempotent: submitting a submitted assignment again changes nothing. The task is complete
     * once N submissions are in.
     *
     * @throws AssignmentClosedException when the assignment expired or was skipped
     */
    @Transactional
    @PreAuthorize("hasRole('ANNOTATOR')")
    public Assignment submit(UUID assignmentId) {
        TouchstoneUser me = current.requireUser();
        UUID organizationId = me.organization().id();
        WorkflowRepository.HeldWork held = repository.holdWork(organizationId, assignmentId)
                .orElseThrow(() -> new NotFoundInOrganizationException("Assignment"));
        ReviewRepository.WorkRow work = held.work();
        if (!work.annotatorId().equals(me.userId())) {
            throw new AccessDeniedException("This assignment belongs to someone else");
        }
        if (work.state() == AssignmentState.SUBMITTED) {
            return held.assignment();
        }
        if (work.state() != AssignmentState.LIVE) {
            throw new AssignmentClosedException(work.state());
        }
        if (work.draftId() != null) {
            throw new IllegalStateException("This assignment has labels in the workspace: submit them there (the "
                    + "draft's submission submits the assignment)");
        }
        WorkflowRepository.Submitted submitted = repository.submit(assignmentId, work.taskId(), null);
        audit.recordAtCommit("workflow.assignment.submitted", "assignment", assignmentId.toString(),
                Map.of("task", work.taskId().toString(), "taskComplete", submitted.complete()));
        outcomes.afterSubmit(organizationId, work, List.of(), submitted);
        Assignment a = held.assignment();
        return new Assignment(a.id(), a.taskId(), a.projectId(), a.projectName(), a.episodeId(),
                a.windowStartNanos(), a.windowEndNanos(), AssignmentState.SUBMITTED, a.leaseExpiresAt());
    }

    /**
     * Gives the task back with a reason; it goes to others, never to this annotator again.
     *
     * @throws AssignmentClosedException when the assignment is no longer live
     */
    @Transactional
    @PreAuthorize("hasRole('ANNOTATOR')")
    public void skip(UUID assignmentId, String reason) {
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw new IllegalArgumentException("Skipping needs a reason of 1-500 characters");
        }
        TouchstoneUser me = current.requireUser();
        UUID organizationId = me.organization().id();
        ReviewRepository.WorkRow work = repository.holdWork(organizationId, assignmentId)
                .orElseThrow(() -> new NotFoundInOrganizationException("Assignment")).work();
        if (!work.annotatorId().equals(me.userId())) {
            throw new AccessDeniedException("This assignment belongs to someone else");
        }
        if (work.state() != AssignmentState.LIVE) {
            throw new AssignmentClosedException(work.state());
        }
        repository.skip(assignmentId, work.taskId(), reason.trim());
        if (work.draftId() != null) {
            drafts.close(organizationId, List.of(work.draftId()));
        }
        audit.recordAtCommit("workflow.assignment.skipped", "assignment", assignmentId.toString(),
                Map.of("task", work.taskId().toString(), "reason", reason.trim()));
    }

    private WorkflowRepository.AssignmentRow ownRow(UUID assignmentId, boolean lock) {
        TouchstoneUser me = current.requireUser();
        WorkflowRepository.AssignmentRow row = repository.assignmentRow(me.organization().id(), assignmentId, lock)
                .orElseThrow(() -> new NotFoundInOrganizationException("Assignment"));
        if (!row.annotatorId().equals(me.userId())) {
            throw new AccessDeniedException("This assignment belongs to someone else");
        }
        return row;
    }
}
