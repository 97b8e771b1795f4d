package dev.touchstone.workflow;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static dev.touchstone.db.Tables.APP_USER;
import static dev.touchstone.db.Tables.ASSIGNMENT;
import static dev.touchstone.db.Tables.EPISODE;
import static dev.touchstone.db.Tables.PROJECT;
import static dev.touchstone.db.Tables.TASK;

/**
 * The JSON API's lists of projects, tasks and tasks waiting for review, read page by page after a cursor (keyset,
 * never OFFSET: a page costs the same however deep it is), and a task's submissions with their times.
 */
@Repository
class TaskPageRepository {

    /** The four states of {@link TaskStatus}, the same rule as the progress counts (ReviewRepository.tasksByState). */
    private static final Field<String> STATE_RULE = DSL.when(TASK.REVIEW_STATE.eq("accepted"), DSL.inline(TaskStatus.ACCEPTED))
            .when(TASK.REVIEW_STATE.eq("review"), DSL.inline(TaskStatus.REVIEW))
            .when(TASK.ACTIVE_COUNT.eq(0).and(TASK.SUBMITTED_COUNT.eq(0)), DSL.inline(TaskStatus.UNSTARTED))
            .otherwise(DSL.inline(TaskStatus.IN_PROGRESS));
    private static final Field<String> STATE = STATE_RULE.as("task_state");
    private static final Field<Boolean> EXCLUDED = DSL.field(TASK.EXCLUDED_AT.isNotNull()).as("excluded");

    private final DSLContext dsl;

    TaskPageRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Project ids in creation order after the cursor's (createdAt, id); {@code limit} rows. */
    List<UUID> projectIds(UUID organizationId, Instant afterCreatedAt, UUID afterId, int limit) {
        Condition after = afterId == null ? DSL.noCondition()
                : DSL.row(PROJECT.CREATED_AT, PROJECT.ID).gt(DSL.row(utc(afterCreatedAt), afterId));
        return dsl.select(PROJECT.ID).from(PROJECT)
                .where(PROJECT.ORGANIZATION_ID.eq(organizationId)).and(after)
                .orderBy(PROJECT.CREATED_AT, PROJECT.ID).limit(limit)
                .fetch(PROJECT.ID);
    }

    /** Tasks of a project in creation order after the cursor's (createdAt, id), optionally in one state. */
    List<TaskStatus> tasks(UUID organizationId, UUID projectId, String state, Instant afterCreatedAt, UUID afterId,
                           int limit) {
        Condition after = afterId == null ? DSL.noCondition()
                : DSL.row(TASK.CREATED_AT, TASK.ID).gt(DSL.row(utc(afterCreatedAt), afterId));
        return select().where(TASK.ORGANIZATION_ID.eq(organizationId)).and(TASK.PROJECT_ID.eq(projectId))
                .and(state == null ? DSL.noCondition() : STATE_RULE.eq(state)).and(after)
                .orderBy(TASK.CREATED_AT, TASK.ID).limit(limit)
                .fetch(TaskPageRepository::status);
    }

    java.util.Optional<TaskStatus> task(UUID organizationId, UUID taskId) {
        return select().where(TASK.ORGANIZATION_ID.eq(organizationId)).and(TASK.ID.eq(taskId))
                .fetchOptional(TaskPageRepository::status);
    }

    /**
     * A project's tasks waiting for review, in the inbox's order within a project (those to review first, then
     * oldest complete first), after the cursor's (reviewFirst, completedAt, id). Excluded tasks wait for nobody.
     */
    List<TaskStatus> waitingForReview(UUID organizationId, UUID projectId, Boolean afterReviewFirst,
                                      Instant afterCompletedAt, UUID afterId, int limit) {
        Field<Boolean> later = DSL.not(TASK.REVIEW_FIRST);
        Condition after = afterId == null ? DSL.noCondition()
                : DSL.row(later, TASK.COMPLETED_AT, TASK.ID)
                .gt(DSL.row(!afterReviewFirst, utc(afterCompletedAt), afterId));
        return select().where(TASK.ORGANIZATION_ID.eq(organizationId)).and(TASK.PROJECT_ID.eq(projectId))
                .and(TASK.REVIEW_STATE.eq("review")).and(TASK.EXCLUDED_AT.isNull()).and(after)
                .orderBy(later, TASK.COMPLETED_AT, TASK.ID).limit(limit)
                .fetch(TaskPageRepository::status);
    }

    /** Whether the task is one the QA lead should review first (the cursor of the review list needs it). */
    boolean reviewFirst(UUID organizationId, UUID taskId) {
        return Boolean.TRUE.equals(dsl.select(TASK.REVIEW_FIRST).from(TASK)
                .where(TASK.ORGANIZATION_ID.eq(organizationId)).and(TASK.ID.eq(taskId)).fetchOne(TASK.REVIEW_FIRST));
    }

    /** A submission of a task: who, when, and the submission whose labels it holds. */
    record SubmissionRow(UUID assignmentId, UUID annotatorId, String annotatorName, String state,
                         OffsetDateTime submittedAt, UUID submissionId) {
    }

    /** The task's assignments that hold a submission (submitted, or returned after one), annotator by name. */
    List<SubmissionRow> submissions(UUID organizationId, UUID taskId) {
        return dsl.select(ASSIGNMENT.ID, ASSIGNMENT.ANNOTATOR_ID, APP_USER.DISPLAY_NAME, ASSIGNMENT.STATE,
                        ASSIGNMENT.SUBMITTED_AT, ASSIGNMENT.SUBMISSION_ID)
                .from(ASSIGNMENT).join(APP_USER).on(APP_USER.ID.eq(ASSIGNMENT.ANNOTATOR_ID))
                .where(ASSIGNMENT.ORGANIZATION_ID.eq(organizationId)).and(ASSIGNMENT.TASK_ID.eq(taskId))
                .and(ASSIGNMENT.SUBMISSION_ID.isNotNull())
                .orderBy(APP_USER.DISPLAY_NAME, ASSIGNMENT.ID)
                .fetch(org.jooq.Records.mapping(SubmissionRow::new));
    }

    private org.jooq.SelectOnConditionStep<? extends Record> select() {
        return dsl.select(TASK.ID, TASK.PROJECT_ID, TASK.EPISODE_ID, EPISODE.NAME, TASK.WINDOW_START_NS,
                        TASK.WINDOW_END_NS, STATE, TASK.IS_GOLD, EXCLUDED, TASK.PRIORITY,
                        TASK.OVERLAP, TASK.ACTIVE_COUNT, TASK.SUBMITTED_COUNT, TASK.REVIEW_REASON, TASK.CREATED_AT,
                        TASK.COMPLETED_AT, TASK.ACCEPTED_AT)
                .from(TASK).join(EPISODE).on(EPISODE.ID.eq(TASK.EPISODE_ID));
    }

    private static TaskStatus status(Record r) {
        return new TaskStatus(r.get(TASK.ID), r.get(TASK.PROJECT_ID), r.get(TASK.EPISODE_ID), r.get(EPISODE.NAME),
                r.get(TASK.WINDOW_START_NS), r.get(TASK.WINDOW_END_NS), r.get(STATE), r.get(TASK.IS_GOLD),
                r.get(EXCLUDED), r.get(TASK.PRIORITY), r.get(TASK.OVERLAP), r.get(TASK.ACTIVE_COUNT),
                r.get(TASK.SUBMITTED_COUNT), r.get(TASK.REVIEW_REASON), instant(r.get(TASK.CREATED_AT)),
                instant(r.get(TASK.COMPLETED_AT)), instant(r.get(TASK.ACCEPTED_AT)));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
