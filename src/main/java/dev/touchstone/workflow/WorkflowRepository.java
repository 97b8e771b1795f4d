package dev.touchstone.workflow;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Records;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.touchstone.db.Tables.EPISODE;
import static dev.touchstone.db.Tables.PROJECT;
import static dev.touchstone.db.Tables.PROJECT_ANNOTATOR;
import static dev.touchstone.db.Tables.TASK;

/**
 * Projects, tasks and assignments. Every query filters by organization. The queue's statements are plain SQL so
 * that they read exactly as docs/workflow/queue.md shows them.
 */
@Repository
class WorkflowRepository {

    /** An assignment row with what the service checks before changing it. */
    record AssignmentRow(UUID id, UUID taskId, UUID projectId, UUID annotatorId, AssignmentState state) {
    }

    /** One assignment the expiry sweep closed. */
    record ExpiredRow(UUID id, UUID organizationId, UUID taskId, UUID annotatorId) {
    }

    // SQL text on purpose, the exception to "typed DSL in repositories" (docs/architecture.md): the work-queue claim
    // below (ELIGIBLE, rules 1 to 3 and their fast form) mirrors the algorithm docs/workflow/queue.md documents
    // statement by statement, so a reader can hold the page and the code side by side.

    /**
     * Whether the annotator may take work from project p: the project is active, the annotator is named on a
     * restricted project and not paused there (or, on an open project, not paused there).
     */
    private static final String ELIGIBLE = """
            p.state = 'active'
            and case when p.restricted
                then exists (select 1 from project_annotator pa
                             where pa.project_id = p.id and pa.annotator_id = {me} and not pa.paused)
                else not exists (select 1 from project_annotator pa
                                 where pa.project_id = p.id and pa.annotator_id = {me} and pa.paused)
            end""";

    /**
     * Rule 2: the annotator's own live assignment (a second tab, a reload, the task they left open) is given back,
     * lease renewed; reworked returned work before other live work, then oldest first.
     */
    private static final String RESUME_LIVE = """
            update assignment a
               set lease_expires_at = now() + make_interval(secs => p.lease_seconds),
                   last_heartbeat_at = now(), updated_at = now()
              from project p
             where a.id = (select a2.id from assignment a2 join project p on p.id = a2.project_id
                            where a2.organization_id = {org} and a2.annotator_id = {me} and a2.state = 'live'
                              and a2.lease_expires_at > now()
                              and ({project}::uuid is null or a2.project_id = {project}::uuid)
                              and %s
                            order by (a2.returned_at is not null) desc, a2.created_at, a2.id limit 1)
               and p.id = a.project_id
            returning a.id""".formatted(ELIGIBLE);

    /**
     * Rule 1: work returned to this annotator comes first, before the task they have open; it still holds its slot,
     * so no count changes.
     */
    private static final String TAKE_RETURNED = """
            update assignment a
               set state = 'live', lease_expires_at = now() + make_interval(secs => p.lease_seconds),
                   last_heartbeat_at = now(), updated_at = now()
              from project p
             where a.id = (select a2.id from assignment a2 join project p on p.id = a2.project_id
                            where a2.organization_id = {org} and a2.annotator_id = {me} and a2.state = 'returned'
                              and ({project}::uuid is null or a2.project_id = {project}::uuid)
                              and %s
                            order by p.priority desc, a2.updated_at, a2.id limit 1
                            for update of a2 skip locked)
               and p.id = a.project_id
            returning a.id""".formatted(ELIGIBLE);

    /**
     * Rule 1 for one chosen assignment (opened from My work): the annotator's returned assignment becomes live again,
     * or, when it is live already, its lease is renewed. Nothing when it is neither (resubmitted, expired, another
     * annotator's) or the project no longer serves this annotator (paused, closed, restriction).
     */
    private static final String TAKE_ONE_RETURNED = """
            update assignment a
               set state = 'live', lease_expires_at = now() + make_interval(secs => p.lease_seconds),
                   last_heartbeat_at = now(), updated_at = now()
              from project p
             where a.id = (select a2.id from assignment a2 join project p on p.id = a2.project_id
                            where a2.organization_id = {org} and a2.annotator_id = {me} and a2.id = {assignment}
                              and a2.return_comment is not null
                              and (a2.state = 'returned' or (a2.state = 'live' and a2.lease_expires_at > now()))
                              and ({project}::uuid is null or a2.project_id = {project}::uuid)
                              and %s
                              for update of a2)
               and p.id = a.project_id
            returning a.id""".formatted(ELIGIBLE);

    /**
     * Rule 3: a new task. Candidates are open tasks with a free slot that this annotator never had, in eligible
     * projects; ordered by project priority, then gold first when this claim's draw {u} fell under the project's
     * gold rate (else normal tasks first), then task priority and age. FOR UPDATE SKIP LOCKED takes the first
     * candidate no concurrent claim holds; PostgreSQL re-checks the row's conditions (state, free slot) on the
     * newest version after locking it, so a slot filled meanwhile is passed over, never over-filled.
     */
    private static final String CLAIM_NEW = """
            with candidate as (%s
            ), taken as (
                update task set active_count = active_count + 1
                  from candidate c where task.id = c.id
                returning task.id
            )
            insert into assignment (organization_id, project_id, task_id, annotator_id, lease_expires_at)
            select {org}, c.project_id, c.id, {me}, now() + make_interval(secs => c.lease_seconds)
              from candidate c join taken on taken.id = c.id
            returning id""";

    /** Candidates per (project, gold or not) that the fast claim reads before ordering them all. */
    static final int PRE_LIMIT = 8;

    /**
     * The fast form of rule 3, same order: each eligible project's first {@value #PRE_LIMIT} free gold and
     * {@value #PRE_LIMIT} free normal tasks this annotator never had, read in index order
     * ({@code task_claim_walk_idx}: project, gold, priority, age), then the claim's full order over those few rows
     * and FOR UPDATE SKIP LOCKED as in {@link #CLAIM_NEW_FULL}. Within one project and gold class the full order is
     * the index order, so the first free task of the full order is among the rows read unless more than
     * {@value #PRE_LIMIT} ahead of it in its list are locked by concurrent claims at that moment; SKIP LOCKED passes
     * over locked rows either way. When it finds nothing the full statement runs, so "nothing for you" is only
     * answered when the full statement finds nothing.
     */
    private static final String CLAIM_NEW_FAST = CLAIM_NEW.formatted("""

                select t.id, t.project_id, p.lease_seconds
                  from task t
                  join project p on p.id = t.project_id
                 where t.id in (
                       select pick.id
                         from project p
                        cross join lateral (
                              (select t.id from task t
                                where t.project_id = p.id and t.is_gold
                                  and t.state = 'open' and t.active_count < t.overlap and t.excluded_at is null
                                  and not exists (select 1 from assignment a
                                                   where a.task_id = t.id and a.annotator_id = {me})
                                order by t.priority desc, t.created_at, t.id limit %1$d)
                              union all
                              (select t.id from task t
                                where t.project_id = p.id and not t.is_gold
                                  and t.state = 'open' and t.active_count < t.overlap and t.excluded_at is null
                                  and not exists (select 1 from assignment a
                                                   where a.task_id = t.id and a.annotator_id = {me})
                                order by t.priority desc, t.created_at, t.id limit %1$d)
                        ) pick
                        where p.organization_id = {org}
                          and ({project}::uuid is null or p.id = {project}::uuid)
                          and %2$s)
                   and t.organization_id = {org}
                   and t.state = 'open' and t.active_count < t.overlap and t.excluded_at is null
                 order by p.priority desc, (t.is_gold = ({u} < p.gold_rate)) desc, t.priority desc,
                          t.created_at, t.id
                 limit 1
                   for update of t skip locked""".formatted(PRE_LIMIT, ELIGIBLE));

    private static final String CLAIM_NEW_FULL = CLAIM_NEW.formatted("""

                select t.id, t.project_id, p.lease_seconds
                  from task t
                  join project p on p.id = t.project_id
                 where t.organization_id = {org} and p.organization_id = {org}
                   and ({project}::uuid is null or t.project_id = {project}::uuid)
                   and t.state = 'open' and t.active_count < t.overlap and t.excluded_at is null
                   and not exists (select 1 from assignment a where a.task_id = t.id and a.annotator_id = {me})
                   and %s
                 order by p.priority desc, (t.is_gold = ({u} < p.gold_rate)) desc, t.priority desc,
                          t.created_at, t.id
                 limit 1
                   for update of t skip locked""".formatted(ELIGIBLE));

    private final DSLContext dsl;

    WorkflowRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    // ---- projects and tasks ----

    UUID insertProject(UUID organizationId, NewProject p, String name, UUID createdBy) {
        return dsl.insertInto(PROJECT)
                .set(PROJECT.ORGANIZATION_ID, organizationId).set(PROJECT.NAME, name)
                .set(PROJECT.DATASET_ID, p.datasetId()).set(PROJECT.SCHEMA_VERSION_ID, p.schemaVersionId())
                .set(PROJECT.OVERLAP, p.overlap()).set(PROJECT.GOLD_RATE, p.goldRate())
                .set(PROJECT.LEASE_SECONDS, p.leaseSeconds()).set(PROJECT.PRIORITY, p.priority())
                .set(PROJECT.DEADLINE, p.deadline() == null ? null : p.deadline().atOffset(java.time.ZoneOffset.UTC))
                .set(PROJECT.RESTRICTED, !p.annotatorIds().isEmpty()).set(PROJECT.CREATED_BY, createdBy)
                .returning(PROJECT.ID).fetchSingle(PROJECT.ID);
    }

    boolean projectNameTaken(UUID organizationId, String name) {
        return dsl.fetchExists(PROJECT, PROJECT.ORGANIZATION_ID.eq(organizationId)
                .and(DSL.lower(PROJECT.NAME).eq(name.toLowerCase(java.util.Locale.ROOT))));
    }

    /** One task to insert: an episode or a window of it. */
    record NewTask(UUID episodeId, Long windowStart, Long windowEnd) {
    }

    void insertTasks(UUID organizationId, UUID projectId, int overlap, List<NewTask> tasks) {
        var insert = dsl.insertInto(TASK, TASK.ORGANIZATION_ID, TASK.PROJECT_ID, TASK.EPISODE_ID,
                TASK.WINDOW_START_NS, TASK.WINDOW_END_NS, TASK.OVERLAP);
        for (NewTask t : tasks) {
            insert = insert.values(organizationId, projectId, t.episodeId(), t.windowStart(), t.windowEnd(), overlap);
        }
        insert.execute();
    }

    void addAnnotators(UUID organizationId, UUID projectId, Collection<UUID> annotatorIds) {
        for (UUID annotator : annotatorIds) {
            dsl.insertInto(PROJECT_ANNOTATOR, PROJECT_ANNOTATOR.PROJECT_ID, PROJECT_ANNOTATOR.ANNOTATOR_ID,
                    PROJECT_ANNOTATOR.ORGANIZATION_ID).values(projectId, annotator, organizationId)
                    .onConflictDoNothing().execute();
        }
    }

    /** Whether the person is an active member of the organization with the annotator role. */
    boolean isAnnotator(UUID organizationId, UUID userId) {
        return dsl.fetchExists(DSL.selectOne().from("membership")
                .where("organization_id = ? and user_id = ? and active and 'ANNOTATOR' = any(roles)",
                        organizationId, userId));
    }

    private static final String PROJECT_COLUMNS = """
            select p.id, p.name, p.dataset_id, p.schema_version_id, p.overlap, p.gold_rate, p.lease_seconds,
                   p.priority, p.deadline, p.restricted, p.state, p.created_at,
                   (select count(*) from task t where t.project_id = p.id)::int as tasks,
                   (select count(*) from task t where t.project_id = p.id and t.state = 'complete')::int as complete
              from project p
            """;

    List<Project> projects(UUID organizationId) {
        return dsl.resultQuery(PROJECT_COLUMNS + " where p.organization_id = ? order by p.priority desc, p.created_at",
                organizationId).fetch(WorkflowRepository::project);
    }

    Optional<Project> project(UUID organizationId, UUID projectId) {
        return dsl.resultQuery(PROJECT_COLUMNS + " where p.organization_id = ? and p.id = ?", organizationId,
                projectId).fetchOptional(WorkflowRepository::project);
    }

    private static Project project(Record r) {
        OffsetDateTime deadline = r.get("deadline", OffsetDateTime.class);
        return new Project(r.get("id", UUID.class), r.get("name", String.class), r.get("dataset_id", UUID.class),
                r.get("schema_version_id", UUID.class), r.get("overlap", Integer.class),
                r.get("gold_rate", Double.class), r.get("lease_seconds", Integer.class),
                r.get("priority", Integer.class), deadline == null ? null : deadline.toInstant(),
                r.get("restricted", Boolean.class), ProjectState.of(r.get("state", String.class)),
                r.get("created_at", OffsetDateTime.class).toInstant(), r.get("tasks", Integer.class),
                r.get("complete", Integer.class));
    }

    boolean projectExists(UUID organizationId, UUID projectId) {
        return dsl.fetchExists(PROJECT, PROJECT.ORGANIZATION_ID.eq(organizationId).and(PROJECT.ID.eq(projectId)));
    }

    void setProjectState(UUID organizationId, UUID projectId, ProjectState state) {
        dsl.update(PROJECT).set(PROJECT.STATE, state.sql())
                .where(PROJECT.ORGANIZATION_ID.eq(organizationId).and(PROJECT.ID.eq(projectId))).execute();
    }

    List<TaskInfo> tasks(UUID organizationId, UUID projectId, int offset, int limit) {
        return dsl.select(TASK.ID, TASK.PROJECT_ID, TASK.EPISODE_ID, EPISODE.NAME, TASK.WINDOW_START_NS,
                        TASK.WINDOW_END_NS, TASK.PRIORITY, TASK.IS_GOLD, DSL.field(TASK.STATE.eq("complete")),
                        TASK.ACTIVE_COUNT, TASK.SUBMITTED_COUNT)
                .from(TASK).join(EPISODE).on(EPISODE.ID.eq(TASK.EPISODE_ID))
                .where(TASK.ORGANIZATION_ID.eq(organizationId).and(TASK.PROJECT_ID.eq(projectId)))
                .orderBy(TASK.CREATED_AT, TASK.ID).offset(offset).limit(limit)
                .fetch(Records.mapping(TaskInfo::new));
    }

    /** Readable names of audit targets (see {@link WorkflowTargetNames}); malformed and unknown ids are left out. */
    Map<String, String> targetNames(UUID organizationId, String targetType, Collection<String> ids) {
        UUID[] uuids = ids.stream().filter(WorkflowRepository::isUuid).map(UUID::fromString).toArray(UUID[]::new);
        String sql = switch (targetType) {
            case "project" -> "select p.id, p.name from project p where p.organization_id = ? and p.id = any(?)";
            case "task" -> """
                    select t.id, e.name || coalesce(' · ' || to_char(t.window_start_ns / 1e9, 'FM999990.0') || '–'
                                                  || to_char(t.window_end_ns / 1e9, 'FM999990.0') || ' s', '')
                                  || ' (' || p.name || ')'
                      from task t join episode e on e.id = t.episode_id join project p on p.id = t.project_id
                     where t.organization_id = ? and t.id = any(?)""";
            case "assignment" -> """
                    select a.id, e.name || ' · ' || u.display_name || ' (' || p.name || ')'
                      from assignment a join task t on t.id = a.task_id join episode e on e.id = t.episode_id
                      join project p on p.id = a.project_id join app_user u on u.id = a.annotator_id
                     where a.organization_id = ? and a.id = any(?)""";
            default -> null;
        };
        Map<String, String> names = new HashMap<>();
        if (sql == null || uuids.length == 0) {
            return names;
        }
        dsl.resultQuery(sql, organizationId, uuids)
                .forEach(r -> names.put(r.get(0, UUID.class).toString(), r.get(1, String.class)));
        return names;
    }

    private static boolean isUuid(String id) {
        try {
            UUID.fromString(id);
            return id.length() == 36;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    int setGold(UUID organizationId, UUID projectId, Collection<UUID> taskIds, boolean gold) {
        return dsl.update(TASK).set(TASK.IS_GOLD, gold)
                .where(TASK.ORGANIZATION_ID.eq(organizationId).and(TASK.PROJECT_ID.eq(projectId))
                        .and(TASK.ID.in(taskIds))).execute();
    }

    void setPaused(UUID organizationId, UUID projectId, UUID annotatorId, boolean paused, String reason, UUID by) {
        OffsetDateTime now = paused ? OffsetDateTime.now() : null;
        dsl.insertInto(PROJECT_ANNOTATOR)
                .set(PROJECT_ANNOTATOR.PROJECT_ID, projectId).set(PROJECT_ANNOTATOR.ANNOTATOR_ID, annotatorId)
                .set(PROJECT_ANNOTATOR.ORGANIZATION_ID, organizationId).set(PROJECT_ANNOTATOR.PAUSED, paused)
                .set(PROJECT_ANNOTATOR.PAUSED_REASON, reason).set(PROJECT_ANNOTATOR.PAUSED_BY, paused ? by : null)
                .set(PROJECT_ANNOTATOR.PAUSED_AT, now)
                .onConflict(PROJECT_ANNOTATOR.PROJECT_ID, PROJECT_ANNOTATOR.ANNOTATOR_ID).doUpdate()
                .set(PROJECT_ANNOTATOR.PAUSED, paused).set(PROJECT_ANNOTATOR.PAUSED_REASON, reason)
                .set(PROJECT_ANNOTATOR.PAUSED_BY, paused ? by : null).set(PROJECT_ANNOTATOR.PAUSED_AT, now)
                .execute();
    }

    // ---- the queue ----

    /** Serialises one annotator's claims (two tabs pressing "Start labeling" at once) for this transaction. */
    void lockAnnotator(UUID annotatorId) {
        dsl.resultQuery("select pg_advisory_xact_lock(hashtextextended(?::text, 7))", annotatorId.toString())
                .fetch();
    }

    Optional<UUID> resumeLive(UUID organizationId, UUID annotatorId, UUID projectId) {
        return claimStatement(RESUME_LIVE, organizationId, annotatorId, projectId, 0);
    }

    Optional<UUID> takeReturned(UUID organizationId, UUID annotatorId, UUID projectId) {
        return claimStatement(TAKE_RETURNED, organizationId, annotatorId, projectId, 0);
    }

    /**
     * Rule 1 for one chosen assignment (opened from My work): the annotator's returned assignment becomes live again,
     * or, when it is live already, its lease is renewed. Empty when it is neither (resubmitted, expired, another
     * annotator's) or the project no longer serves this annotator (paused, closed, restriction).
     */
    Optional<UUID> takeReturned(UUID organizationId, UUID annotatorId, UUID projectId, UUID assignmentId) {
        return claimStatement(TAKE_ONE_RETURNED, organizationId, annotatorId, projectId, 0, assignmentId);
    }

    Optional<UUID> claimNew(UUID organizationId, UUID annotatorId, UUID projectId, double goldDraw) {
        Optional<UUID> fast = claimStatement(CLAIM_NEW_FAST, organizationId, annotatorId, projectId, goldDraw);
        return fast.isPresent() ? fast
                : claimStatement(CLAIM_NEW_FULL, organizationId, annotatorId, projectId, goldDraw);
    }

    private Optional<UUID> claimStatement(String template, UUID organizationId, UUID annotatorId, UUID projectId,
                                          double goldDraw) {
        return claimStatement(template, organizationId, annotatorId, projectId, goldDraw, null);
    }

    private Optional<UUID> claimStatement(String template, UUID organizationId, UUID annotatorId, UUID projectId,
                                          double goldDraw, UUID assignmentId) {
        // Named placeholders become positional binds in order of appearance.
        List<Object> binds = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        int i = 0;
        while (true) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                sql.append(template, i, template.length());
                break;
            }
            int close = template.indexOf('}', open);
            sql.append(template, i, open).append('?');
            switch (template.substring(open + 1, close)) {
                case "org" -> binds.add(DSL.val(organizationId, SQLDataType.UUID));
                case "me" -> binds.add(DSL.val(annotatorId, SQLDataType.UUID));
                case "project" -> binds.add(DSL.val(projectId, SQLDataType.UUID));
                case "u" -> binds.add(DSL.val(goldDraw, SQLDataType.DOUBLE));
                case "assignment" -> binds.add(DSL.val(assignmentId, SQLDataType.UUID));
                default -> throw new IllegalStateException(template.substring(open, close + 1));
            }
            i = close + 1;
        }
        return dsl.resultQuery(sql.toString(), binds.toArray()).fetchOptional(r -> r.get(0, UUID.class));
    }

    Optional<Assignment> assignment(UUID organizationId, UUID assignmentId) {
        return dsl.resultQuery("""
                        select a.id, a.task_id, a.project_id, p.name, t.episode_id, t.window_start_ns,
                               t.window_end_ns, a.state, a.lease_expires_at
                          from assignment a join task t on t.id = a.task_id join project p on p.id = a.project_id
                         where a.organization_id = ? and a.id = ?""", organizationId, assignmentId)
                .fetchOptional(r -> new Assignment(r.get(0, UUID.class), r.get(1, UUID.class), r.get(2, UUID.class),
                        r.get(3, String.class), r.get(4, UUID.class), r.get(5, Long.class), r.get(6, Long.class),
                        AssignmentState.of(r.get(7, String.class)), r.get(8, OffsetDateTime.class).toInstant()));
    }

    Optional<AssignmentRow> lockAssignment(UUID organizationId, UUID assignmentId) {
        return assignmentRow(organizationId, assignmentId, true);
    }

    Optional<AssignmentRow> assignmentRow(UUID organizationId, UUID assignmentId, boolean lock) {
        return dsl.resultQuery("""
                        select id, task_id, project_id, annotator_id, state from assignment
                         where organization_id = ? and id = ?""" + (lock ? " for update" : ""), organizationId,
                        assignmentId)
                .fetchOptional(r -> new AssignmentRow(r.get(0, UUID.class), r.get(1, UUID.class),
                        r.get(2, UUID.class), r.get(3, UUID.class), AssignmentState.of(r.get(4, String.class))));
    }

    /** Extends a live lease that has not run out; empty when it has. */
    Optional<Instant> heartbeat(UUID assignmentId) {
        return dsl.resultQuery("""
                        update assignment a
                           set lease_expires_at = now() + make_interval(secs => p.lease_seconds),
                               last_heartbeat_at = now()
                          from project p
                         where a.id = ? and p.id = a.project_id and a.state = 'live' and a.lease_expires_at > now()
                        returning a.lease_expires_at""", assignmentId)
                .fetchOptional(r -> r.get(0, OffsetDateTime.class).toInstant());
    }

    /** Marks the assignment submitted and counts it; the task is complete with its N-th submission. */
    boolean submit(UUID assignmentId, UUID taskId) {
        dsl.execute("update assignment set state = 'submitted', submitted_at = now(), updated_at = now() where id = ?",
                assignmentId);
        return dsl.resultQuery("""
                        update task set submitted_count = submitted_count + 1,
                               state = case when submitted_count + 1 = overlap then 'complete' else 'open' end,
                               completed_at = case when submitted_count + 1 = overlap then now() end
                         where id = ?
                        returning state""", taskId).fetchSingle(0, String.class).equals("complete");
    }

    void skip(UUID assignmentId, UUID taskId, String reason) {
        dsl.execute("update assignment set state = 'skipped', skip_reason = ?, updated_at = now() where id = ?",
                reason, assignmentId);
        dsl.execute("update task set active_count = active_count - 1 where id = ?", taskId);
    }

    /** Sends submitted work back to its annotator: it keeps its slot but is no longer a submission. */
    void returnWork(UUID assignmentId, UUID taskId) {
        dsl.execute("update assignment set state = 'returned', updated_at = now() where id = ?", assignmentId);
        dsl.execute("""
                update task set submitted_count = submitted_count - 1, state = 'open', completed_at = null
                 where id = ?""", taskId);
    }

    /**
     * Expires up to {@code limit} live assignments whose lease has run out, in all organizations: each gives its
     * slot back to its task. Rows another transaction holds (a submit in flight) are skipped and taken next time.
     * Tasks are locked in id order so that two sweeps (two replicas) cannot deadlock.
     */
    List<ExpiredRow> expire(int limit) {
        List<ExpiredRow> expired = dsl.resultQuery("""
                        with due as (
                            select id from assignment
                             where state = 'live' and lease_expires_at < now()
                             order by lease_expires_at limit ?
                               for update skip locked
                        )
                        update assignment a set state = 'expired', updated_at = now()
                          from due where a.id = due.id
                        returning a.id, a.organization_id, a.task_id, a.annotator_id""", limit)
                .fetch(r -> new ExpiredRow(r.get(0, UUID.class), r.get(1, UUID.class), r.get(2, UUID.class),
                        r.get(3, UUID.class)));
        if (expired.isEmpty()) {
            return expired;
        }
        UUID[] taskIds = expired.stream().map(ExpiredRow::taskId).toArray(UUID[]::new);
        dsl.resultQuery("select id from task where id = any(?) order by id for update", (Object) taskIds).fetch();
        dsl.execute("""
                update task t set active_count = t.active_count - e.n
                  from (select x as task_id, count(*) as n from unnest(?::uuid[]) x group by x) e
                 where t.id = e.task_id""", (Object) taskIds);
        return expired;
    }
}
