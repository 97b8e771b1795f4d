package dev.touchstone.workflow;

import org.jooq.DSLContext;
import org.jooq.Records;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import static dev.touchstone.db.Tables.EPISODE;
import static dev.touchstone.db.Tables.EPISODE_TRIM;
import static dev.touchstone.db.Tables.TASK;
import static org.jooq.impl.DSL.boolOr;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.max;

/** The triage decisions per episode: review first and exclude on its tasks (V17), the accepted trim (V25). */
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

    /** An accepted trim: releases keep [startNanos, endNanos) of the episode. */
    record Trim(UUID episodeId, long startNanos, long endNanos) {
    }

    /** Stores (or replaces) the accepted trim of each episode in the project. */
    void acceptTrims(UUID organizationId, UUID projectId, List<Trim> trims, UUID by) {
        OffsetDateTime now = OffsetDateTime.now();
        for (Trim trim : trims) {
            dsl.insertInto(EPISODE_TRIM, EPISODE_TRIM.ORGANIZATION_ID, EPISODE_TRIM.PROJECT_ID,
                            EPISODE_TRIM.EPISODE_ID, EPISODE_TRIM.START_NS, EPISODE_TRIM.END_NS,
                            EPISODE_TRIM.ACCEPTED_AT, EPISODE_TRIM.ACCEPTED_BY)
                    .values(organizationId, projectId, trim.episodeId(), trim.startNanos(), trim.endNanos(), now, by)
                    .onConflict(EPISODE_TRIM.PROJECT_ID, EPISODE_TRIM.EPISODE_ID)
                    .doUpdate()
                    .set(EPISODE_TRIM.START_NS, trim.startNanos())
                    .set(EPISODE_TRIM.END_NS, trim.endNanos())
                    .set(EPISODE_TRIM.ACCEPTED_AT, now)
                    .set(EPISODE_TRIM.ACCEPTED_BY, by)
                    // The key has no organization id; the service checked the episodes are in the caller's project.
                    .where(EPISODE_TRIM.ORGANIZATION_ID.eq(organizationId))
                    .execute();
        }
    }

    /** Removes the accepted trims of these episodes; returns how many there were. */
    int clearTrims(UUID organizationId, UUID projectId, Collection<UUID> episodeIds) {
        return dsl.deleteFrom(EPISODE_TRIM)
                .where(EPISODE_TRIM.ORGANIZATION_ID.eq(organizationId), EPISODE_TRIM.PROJECT_ID.eq(projectId),
                        EPISODE_TRIM.EPISODE_ID.in(episodeIds))
                .execute();
    }

    /** The project's accepted trims. */
    List<Trim> trims(UUID organizationId, UUID projectId) {
        return dsl.select(EPISODE_TRIM.EPISODE_ID, EPISODE_TRIM.START_NS, EPISODE_TRIM.END_NS)
                .from(EPISODE_TRIM)
                .where(EPISODE_TRIM.ORGANIZATION_ID.eq(organizationId), EPISODE_TRIM.PROJECT_ID.eq(projectId))
                .fetch(Records.mapping(Trim::new));
    }
}
