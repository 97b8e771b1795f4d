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
     * The three ways "Start labeling" hands out work, as one statement: returned work first (rule 1), else the
     * annotator's own live assignment (rule 2, resumed), else a new task (rule 3, {@code %1$s} is the candidate
     * query). Each later way runs only when the earlier ones found nothing (uncorrelated {@code not exists} on the
     * earlier CTE: a one-time filter, so a new task is not even locked when work was returned or resumed). The
     * assignment the caller gets is built from the RETURNING rows (the statement's snapshot would show the rows as
     * they were before it), with {@code kind} saying which way it came.
     */
    private static final String CLAIM = """
            with returned as (
                update assignment a
                   set state = 'live', lease_expires_at = now() + make_interval(secs => p.lease_seconds),
                       last_heartbeat_at = now(), updated_at = now()
                  from project p
                 where a.id = (select a2.id from assignment a2 join project p on p.id = a2.project_id
                                where a2.organization_id = {org} and a2.annotator_id = {me} and a2.state = 'returned'
                                  and ({project}::uuid is null or a2.project_id = {project}::uuid)
                                  and %2$s
                                order by p.priority desc, a2.updated_at, a2.id limit 1
                                for update of a2 skip locked)
                   and p.id = a.project_id
                returning a.id, a.task_id, a.project_id, a.state, a.lease_expires_at, 'returned' as kind
            ), resumed as (
                update assignment a
                   set lease_expires_at = now() + make_interval(secs => p.lease_seconds),
                       last_heartbeat_at = now(), updated_at = now()
                  from project p
                 where not exists (select 1 from returned)
                   and a.id = (select a2.id from assignment a2 join project p on p.id = a2.project_id
                                where a2.organization_id = {org} and a2.annotator_id = {me} and a2.state = 'live'
                                  and a2.lease_expires_at > now()
                                  and ({project}::uuid is null or a2.project_id = {project}::uuid)
                                  and %2$s
                                order by (a2.returned_at is not null) desc, a2.created_at, a2.id limit 1)
                   and p.id = a.project_id
                returning a.id, a.task_id, a.project_id, a.state, a.lease_expires_at, 'resumed' as kind
            ), candidate as (%1$s
            ), taken as (
                update task set active_count = active_count + 1
                  from candidate c where task.id = c.id
                returning task.id
            ), created as (
                insert into assignment (organization_id, project_id, task_id, annotator_id, lease_expires_at)
                select {org}, c.project_id, c.id, {me}, now() + make_interval(secs => c.lease_seconds)
                  from candidate c join taken on taken.id = c.id
                returning id, task_id, project_id, state, lease_expires_at, 'claimed' as kind
            ), chosen as (
                select * from returned union all select * from resumed union all select * from created
            )
            select x.kind, x.id, x.task_id, x.project_id, p.name, t.episode_id, t.window_start_ns, t.window_end_ns,
                   x.state, x.lease_expires_at
              from chosen x join task t on t.id = x.task_id join project p on p.id = x.project_id""";

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

    /** Only rule 3, the statement's meaning (see {@link #CLAIM_NEW_FULL}), with the same result columns. */
    private static final String CLAIM_NEW = """
            with candidate as (%s
            ), taken as (
                update task set active_count = active_count + 1
                  from candidate c where task.id = c.id
                returning task.id
            ), created as (
                insert into assignment (organization_id, project_id, task_id, annotator_id, lease_expires_at)
                select {org}, c.project_id, c.id, {me}, now() + make_interval(secs => c.lease_seconds)
                  from candidate c join taken on taken.id = c.id
                returning id, task_id, project_id, state, lease_expires_at
            )
            select 'claimed' as kind, x.id, x.task_id, x.project_id, p.name, t.episode_id, t.window_start_ns,
                   t.window_end_ns, x.state, x.lease_expires_at
              from created x join task t on t.id = x.task_id join project p on p.id = x.project_id""";

    /** Candidates per (project, gold or not) that the fast claim reads before ordering them all. */
    static final int PRE_LIMIT = 8;

    /**
     * One list of the fast claim (the project's gold or normal tasks, {@code g.gold}), read from its floor
     * ({@code f}, V30; absent: from the head): first the tasks of the floor's priority at or after it, then, only
     * when those are fewer than {@value #PRE_LIMIT}, the lower priorities. Both parts are ranges of
     * {@code task_claim_walk_idx}, so the walk never reads an entry before the floor; together they are the list's
     * first {@value #PRE_LIMIT} claimable tasks in claim order, since no claimable task lies before the floor.
     */
    private static final String FROM_FLOOR = """
                              select w.id from (
                                  (select t.id from task t
                                    where t.project_id = p.id and t.is_gold = g.gold
                                      and t.priority = coalesce(f.priority, 2147483647)
                                      and (t.created_at, t.id) >= (coalesce(f.created_at, '-infinity'),
                                                                   coalesce(f.task_id, '00000000-0000-0000-0000-000000000000'))
                                      and t.state = 'open' and t.active_count < t.overlap and t.excluded_at is null
                                      and not exists (select 1 from assignment a
                                                       where a.task_id = t.id and a.annotator_id = {me})
                                    order by t.created_at, t.id limit %1$d)
                                  union all
                                  (select t.id from task t
                                    where t.project_id = p.id and t.is_gold = g.gold
                                      and t.priority < coalesce(f.priority, 2147483647)
                                      and t.state = 'open' and t.active_count < t.overlap and t.excluded_at is null
                                      and not exists (select 1 from assignment a
                                                       where a.task_id = t.id and a.annotator_id = {me})
                                    order by t.priority desc, t.created_at, t.id limit %1$d)
                              ) w limit %1$d""".formatted(PRE_LIMIT);

    /**
     * The fast form of rule 3, same order: each eligible project's first {@value #PRE_LIMIT} free gold and
     * {@value #PRE_LIMIT} free normal tasks this annotator never had, read in index order from the list's floor
     * ({@link #FROM_FLOOR}), then the claim's full order over those few rows and FOR UPDATE SKIP LOCKED as in
     * {@link #CLAIM_NEW_FULL}. Within one project and gold class the full order is the index order, so the first
     * free task of the full order is among the rows read unless more than {@value #PRE_LIMIT} ahead of it in its
     * list are locked by concurrent claims at that moment; SKIP LOCKED passes over locked rows either way. When it
     * finds nothing the full statement runs, so "nothing for you" is only answered when the full statement finds
     * nothing. Runs only when no work was returned or resumed ({@code not exists} on the earlier CTEs).
     */
    private static final String FAST_CANDIDATE = """

                select t.id, t.project_id, p.lease_seconds
                  from task t
                  join project p on p.id = t.project_id
                 where not exists (select 1 from returned) and not exists (select 1 from resumed)
                   and t.id in (
                       select pick.id
                         from project p
                        cross join (values (true), (false)) g(gold)
                        left join task_floor f on f.project_id = p.id and f.is_gold = g.gold
                        cross join lateral (
            %1$s
                        ) pick
                        where p.organization_id = {org}
                          and ({project}::uuid is null or p.id = {project}::uuid)
                          and %2$s)
                   and t.organization_id = {org}
                   and t.state = 'open' and t.active_count < t.overlap and t.excluded_at is null
                 order by p.priority desc, (t.is_gold = ({u} < p.gold_rate)) desc, t.priority desc,
                          t.created_at, t.id
                 limit 1
                   for update of t skip locked""".formatted(FROM_FLOOR, ELIGIBLE);

    private static final String CLAIM_FAST = CLAIM.formatted(FAST_CANDIDATE, ELIGIBLE);

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

    /**
     * Serialises one annotator's claims (two tabs pressing "Start labeling" at once) for this transaction, and says
     * whether the named project exists in the organization (true when none is named): one round trip for both.
     */
    boolean lockAnnotator(UUID organizationId, UUID annotatorId, UUID projectId) {
        return dsl.resultQuery("""
                        select pg_advisory_xact_lock(hashtextextended(?::text, 7)) is not null
                           and (?::uuid is null
                                or exists (select 1 from project where organization_id = ? and id = ?::uuid))""",
                        annotatorId.toString(), DSL.val(projectId, SQLDataType.UUID), organizationId,
                        DSL.val(projectId, SQLDataType.UUID))
                .fetchSingle(0, Boolean.class);
    }

    /** How an assignment came out of a claim. */
    enum ClaimKind { RETURNED, RESUMED, CLAIMED }

    /** What one claim handed out, read from the claim's own RETURNING. */
    record Claimed(ClaimKind kind, Assignment assignment) {
    }

    /**
     * Rules 1 to 3 in one statement ({@link #CLAIM}); when it finds nothing, the full form of rule 3 once more, so
     * that "nothing for you" is only answered when the full statement finds nothing.
     */
    Optional<Claimed> claim(UUID organizationId, UUID annotatorId, UUID projectId, double goldDraw) {
        Optional<Claimed> claimed = claimStatement(CLAIM_FAST, organizationId, annotatorId, projectId, goldDraw, null)
                .fetchOptional(WorkflowRepository::claimed);
        return claimed.isPresent() ? claimed
                : claimStatement(CLAIM_NEW_FULL, organizationId, annotatorId, projectId, goldDraw, null)
                .fetchOptional(WorkflowRepository::claimed);
    }

    private static Claimed claimed(Record r) {
        return new Claimed(ClaimKind.valueOf(r.get(0, String.class).toUpperCase(java.util.Locale.ROOT)),
                new Assignment(r.get(1, UUID.class), r.get(2, UUID.class), r.get(3, UUID.class),
                        r.get(4, String.class), r.get(5, UUID.class), r.get(6, Long.class), r.get(7, Long.class),
                        AssignmentState.of(r.get(8, String.class)), r.get(9, OffsetDateTime.class).toInstant()));
    }

    /**
     * Rule 1 for one chosen assignment (opened from My work): the annotator's returned assignment becomes live again,
     * or, when it is live already, its lease is renewed. Empty when it is neither (resubmitted, expired, another
     * annotator's) or the project no longer serves this annotator (paused, closed, restriction).
     */
    Optional<UUID> takeReturned(UUID organizationId, UUID annotatorId, UUID projectId, UUID assignmentId) {
        return claimStatement(TAKE_ONE_RETURNED, organizationId, annotatorId, projectId, 0, assignmentId)
                .fetchOptional(r -> r.get(0, UUID.class));
    }

    private org.jooq.ResultQuery<Record> claimStatement(String template, UUID organizationId, UUID annotatorId,
                                                        UUID projectId, double goldDraw, UUID assignmentId) {
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
        return dsl.resultQuery(sql.toString(), binds.toArray());
    }

    /** The assignment locked for a submit, with what the submit needs and what it answers. */
    record HeldWork(ReviewRepository.WorkRow work, Assignment assignment) {
    }

    /** Locks one assignment and reads it with its task and project: what a submit checks, uses and answers. */
    Optional<HeldWork> holdWork(UUID organizationId, UUID assignmentId) {
        return dsl.resultQuery("""
                        select a.id, a.task_id, a.project_id, a.annotator_id, a.state, a.draft_id, a.return_comment,
                               t.episode_id, t.is_gold, p.lease_seconds, p.name, t.window_start_ns, t.window_end_ns,
                               a.lease_expires_at
                          from assignment a join task t on t.id = a.task_id join project p on p.id = a.project_id
                         where a.organization_id = ? and a.id = ?
                           for update of a""", organizationId, assignmentId)
                .fetchOptional(r -> {
                    AssignmentState state = AssignmentState.of(r.get(4, String.class));
                    return new HeldWork(new ReviewRepository.WorkRow(r.get(0, UUID.class), r.get(1, UUID.class),
                            r.get(2, UUID.class), r.get(3, UUID.class), state, r.get(5, UUID.class),
                            r.get(6, String.class), r.get(7, UUID.class), r.get(8, Boolean.class),
                            r.get(9, Integer.class)),
                            new Assignment(r.get(0, UUID.class), r.get(1, UUID.class), r.get(2, UUID.class),
                                    r.get(10, String.class), r.get(7, UUID.class), r.get(11, Long.class),
                                    r.get(12, Long.class), state, r.get(13, OffsetDateTime.class).toInstant()));
                });
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

    /** What a submit did to the task: whether this was its N-th submission, and whether it is gold. */
    record Submitted(boolean complete, boolean gold) {
    }

    /**
     * Marks the assignment submitted (with its submission, when a draft was submitted) and counts it, in one
     * statement; the task is complete with its N-th submission. The task's gold flag comes from the row this
     * statement locked.
     */
    Submitted submit(UUID assignmentId, UUID taskId, UUID submissionId) {
        return dsl.resultQuery("""
                        with a as (
                            update assignment set state = 'submitted', submitted_at = now(), updated_at = now(),
                                   submission_id = coalesce(?::uuid, submission_id)
                             where id = ?
                            returning task_id
                        )
                        update task set submitted_count = submitted_count + 1,
                               state = case when submitted_count + 1 = overlap then 'complete' else 'open' end,
                               completed_at = case when submitted_count + 1 = overlap then now() end
                          from a
                         where task.id = a.task_id and task.id = ?
                        returning task.state = 'complete', task.is_gold""",
                        DSL.val(submissionId, SQLDataType.UUID), assignmentId, taskId)
                .fetchSingle(r -> new Submitted(r.get(0, Boolean.class), r.get(1, Boolean.class)));
    }

    /** Marks the assignment skipped and gives its slot back, in one statement. */
    void skip(UUID assignmentId, UUID taskId, String reason) {
        dsl.execute("""
                with a as (
                    update assignment set state = 'skipped', skip_reason = ?, updated_at = now() where id = ?
                    returning task_id
                )
                update task set active_count = active_count - 1 from a where task.id = a.task_id and task.id = ?""",
                reason, assignmentId, taskId);
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

    // ---- the floor (V30) ----

    /** One list of one project: its gold tasks or its normal ones. */
    record FloorKey(UUID projectId, boolean gold) {
    }

    /**
     * Locks the floors whose task is no longer claimable (claimed full, completed, excluded), in all
     * organizations; floors another transaction holds (a trigger lowering one, another replica advancing it) are left
     * for the next run. The "nothing claimable" sentinel is left alone: only a trigger moves it.
     */
    List<FloorKey> lockFloorsBehind(int limit) {
        return dsl.resultQuery("""
                        select f.project_id, f.is_gold from task_floor f
                         where f.task_id <> 'ffffffff-ffff-ffff-ffff-ffffffffffff'
                           and not exists (select 1 from task t
                                            where t.id = f.task_id and t.project_id = f.project_id
                                              and t.is_gold = f.is_gold and t.priority = f.priority
                                              and t.created_at = f.created_at
                                              and t.state = 'open' and t.active_count < t.overlap
                                              and t.excluded_at is null)
                         limit ?
                           for update skip locked""", limit)
                .fetch(r -> new FloorKey(r.get(0, UUID.class), r.get(1, Boolean.class)));
    }

    /**
     * Moves each locked floor to the first claimable task at or after it (the "nothing claimable" sentinel when
     * there is none). Must run in the transaction that locked them, as a statement of its own: its snapshot is then
     * taken after the locks, so it sees every task a trigger-lowering transaction made claimable before them.
     */
    int advanceFloors(List<FloorKey> floors) {
        if (floors.isEmpty()) {
            return 0;
        }
        return dsl.execute("""
                update task_floor f
                   set priority = coalesce(n.priority, -2147483648),
                       created_at = coalesce(n.created_at, 'infinity'),
                       task_id = coalesce(n.id, 'ffffffff-ffff-ffff-ffff-ffffffffffff'), moved_at = now()
                  from unnest(?::uuid[], ?::boolean[]) k(project_id, is_gold)
                  join task_floor f2 on f2.project_id = k.project_id and f2.is_gold = k.is_gold
                  left join lateral (
                      select w.id, w.priority, w.created_at from (
                          (select t.id, t.priority, t.created_at from task t
                            where t.project_id = f2.project_id and t.is_gold = f2.is_gold
                              and t.priority = f2.priority and (t.created_at, t.id) >= (f2.created_at, f2.task_id)
                              and t.state = 'open' and t.active_count < t.overlap and t.excluded_at is null
                            order by t.created_at, t.id limit 1)
                          union all
                          (select t.id, t.priority, t.created_at from task t
                            where t.project_id = f2.project_id and t.is_gold = f2.is_gold
                              and t.priority < f2.priority
                              and t.state = 'open' and t.active_count < t.overlap and t.excluded_at is null
                            order by t.priority desc, t.created_at, t.id limit 1)
                      ) w limit 1) n on true
                 where f.project_id = f2.project_id and f.is_gold = f2.is_gold""",
                floors.stream().map(FloorKey::projectId).toArray(UUID[]::new),
                floors.stream().map(FloorKey::gold).toArray(Boolean[]::new));
    }
}
