package dev.touchstone.workflow;

import org.jooq.DSLContext;
import org.jooq.Records;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import static dev.touchstone.db.Tables.EPISODE;
import static dev.touchstone.db.Tables.TASK;
import static org.jooq.impl.DSL.boolOr;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.max;

/** The triage decisions on a project's tasks, per episode: review first and exclude (V17). */
@Repository
class TriageRepository {

    /**
     * One episode of the project as triage sees its tasks.
     *
     * @param excludedTasks how many of its tasks are excluded (all or none, unless tasks were added since)
     * @param reason        the exclusion's reason (the newest when they differ), null when none is excluded
     */
    record EpisodeTasks(UUID episodeId, String episodeName, int tasks, boolean reviewFirst, int excludedTasks,
                        String reason) {
    }

    private final DSLContext dsl;

    TriageRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The project's episodes (each once, however many task windows it has), by name. */
    List<EpisodeTasks> episodes(UUID organizationId, UUID projectId) {
        return dsl.select(TASK.EPISODE_ID, EPISODE.NAME, count(), boolOr(TASK.REVIEW_FIRST),
                        count().filterWhere(TASK.EXCLUDED_AT.isNotNull()), max(TASK.EXCLUDED_REASON))
                .from(TASK)
                .join(EPISODE).on(EPISODE.ID.eq(TASK.EPISODE_ID))
                .where(TASK.ORGANIZATION_ID.eq(organizationId), TASK.PROJECT_ID.eq(projectId))
                .groupBy(TASK.EPISODE_ID, EPISODE.NAME)
                .orderBy(EPISODE.NAME, TASK.EPISODE_ID)
                .fetch(Records.mapping(EpisodeTasks::new));
    }

    /** Marks (or unmarks) every task of these episodes in the project; returns how many tasks changed. */
    int setReviewFirst(UUID organizationId, UUID projectId, Collection<UUID> episodeIds, boolean reviewFirst) {
        return dsl.update(TASK)
                .set(TASK.REVIEW_FIRST, reviewFirst)
                .where(TASK.ORGANIZATION_ID.eq(organizationId), TASK.PROJECT_ID.eq(projectId),
                        TASK.EPISODE_ID.in(episodeIds), TASK.REVIEW_FIRST.ne(reviewFirst))
                .execute();
    }

    /** Excludes the not yet excluded tasks of these episodes; returns how many. */
    int exclude(UUID organizationId, UUID projectId, Collection<UUID> episodeIds, String reason, UUID by) {
        return dsl.update(TASK)
                .set(TASK.EXCLUDED_AT, OffsetDateTime.now())
                .set(TASK.EXCLUDED_BY, by)
                .set(TASK.EXCLUDED_REASON, reason)
                .where(TASK.ORGANIZATION_ID.eq(organizationId), TASK.PROJECT_ID.eq(projectId),
                        TASK.EPISODE_ID.in(episodeIds), TASK.EXCLUDED_AT.isNull())
                .execute();
    }

    /** Puts the excluded tasks of these episodes back; returns how many. */
    int include(UUID organizationId, UUID projectId, Collection<UUID> episodeIds) {
        return dsl.update(TASK)
                .setNull(TASK.EXCLUDED_AT)
                .setNull(TASK.EXCLUDED_BY)
                .setNull(TASK.EXCLUDED_REASON)
                .where(TASK.ORGANIZATION_ID.eq(organizationId), TASK.PROJECT_ID.eq(projectId),
                        TASK.EPISODE_ID.in(episodeIds), TASK.EXCLUDED_AT.isNotNull())
                .execute();
    }
}
