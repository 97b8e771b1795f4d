package dev.touchstone.workflow;

import org.jooq.DSLContext;
import org.jooq.Records;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.touchstone.db.Tables.APP_USER;
import static dev.touchstone.db.Tables.EPISODE;
import static dev.touchstone.db.Tables.GOLD_SCORE;
import static dev.touchstone.db.Tables.TASK;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.field;

/** What quality reads of workflow's tables through {@link QualitySources}: merged tasks, gold scores, names. */
@Repository
class QualitySourceRepository {

    /** Review states of a merged task (its N submissions were merged). */
    private static final List<String> MERGED = List.of("review", "accepted");

    record MergedTaskRow(UUID taskId, OffsetDateTime completedAt) {
    }

    record GoldScoreRow(UUID assignmentId, UUID annotatorId, UUID taskId, double score, String perDefinition,
                        OffsetDateTime scoredAt) {
    }

    record TaskEpisodeRow(UUID taskId, UUID episodeId, String episodeName) {
    }

    /** A task with a gold answer or accepted labels ({@code goldAnswered}: its accepted labels are its gold answer). */
    record ReferenceRow(UUID taskId, UUID episodeId, Long windowStartNanos, Long windowEndNanos, String goldLabels,
                        String finalLabels, boolean goldAnswered) {
    }

    private final DSLContext dsl;

    QualitySourceRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    int countMerged(UUID organizationId, UUID projectId) {
        return dsl.fetchCount(TASK, TASK.ORGANIZATION_ID.eq(organizationId), TASK.PROJECT_ID.eq(projectId),
                TASK.REVIEW_STATE.in(MERGED));
    }

    /** The next merged tasks after {@code afterTaskId} by id; a task without a completion time counts as now. */
    List<MergedTaskRow> merged(UUID organizationId, UUID projectId, UUID afterTaskId, int limit) {
        return dsl.select(TASK.ID, coalesce(TASK.COMPLETED_AT, currentOffsetDateTime()))
                .from(TASK)
                .where(TASK.ORGANIZATION_ID.eq(organizationId), TASK.PROJECT_ID.eq(projectId),
                        TASK.REVIEW_STATE.in(MERGED), TASK.ID.gt(afterTaskId))
                .orderBy(TASK.ID)
                .limit(limit)
                .fetch(Records.mapping(MergedTaskRow::new));
    }

    List<GoldScoreRow> goldScores(UUID organizationId, UUID projectId) {
        return dsl.select(GOLD_SCORE.ASSIGNMENT_ID, GOLD_SCORE.ANNOTATOR_ID, GOLD_SCORE.TASK_ID, GOLD_SCORE.SCORE,
                        GOLD_SCORE.PER_DEFINITION.cast(String.class), GOLD_SCORE.SCORED_AT)
                .from(GOLD_SCORE)
                .where(GOLD_SCORE.ORGANIZATION_ID.eq(organizationId), GOLD_SCORE.PROJECT_ID.eq(projectId))
                .fetch(Records.mapping(GoldScoreRow::new));
    }

    /** The project's tasks on these episodes that have a gold answer or are accepted. */
    List<ReferenceRow> references(UUID organizationId, UUID projectId, Collection<UUID> episodeIds) {
        return dsl.select(TASK.ID, TASK.EPISODE_ID, TASK.WINDOW_START_NS, TASK.WINDOW_END_NS,
                        TASK.GOLD_LABELS.cast(String.class),
                        TASK.FINAL_LABELS.cast(String.class),
                        field(TASK.GOLD_LABELS.isNotNull().and(TASK.GOLD_LABELS.isNotDistinctFrom(TASK.FINAL_LABELS))))
                .from(TASK)
                .where(TASK.ORGANIZATION_ID.eq(organizationId), TASK.PROJECT_ID.eq(projectId),
                        TASK.EPISODE_ID.in(episodeIds),
                        TASK.GOLD_LABELS.isNotNull().or(TASK.REVIEW_STATE.eq("accepted")))
                .orderBy(TASK.EPISODE_ID, TASK.WINDOW_START_NS.nullsFirst())
                .fetch(Records.mapping(ReferenceRow::new));
    }

    /** The episode each task labels (tasks of the organization only). */
    List<TaskEpisodeRow> taskEpisodes(UUID organizationId, Collection<UUID> taskIds) {
        return dsl.select(TASK.ID, EPISODE.ID, EPISODE.NAME)
                .from(TASK).join(EPISODE).on(EPISODE.ID.eq(TASK.EPISODE_ID))
                .where(TASK.ORGANIZATION_ID.eq(organizationId), TASK.ID.in(taskIds))
                .fetch(Records.mapping(TaskEpisodeRow::new));
    }

    Map<UUID, String> names(Collection<UUID> userIds) {
        Map<UUID, String> names = new HashMap<>();
        dsl.select(APP_USER.ID, APP_USER.DISPLAY_NAME).from(APP_USER).where(APP_USER.ID.in(userIds))
                .forEach(r -> names.put(r.value1(), r.value2()));
        return names;
    }
}
