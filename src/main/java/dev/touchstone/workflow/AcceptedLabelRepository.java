package dev.touchstone.workflow;

import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Records;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static dev.touchstone.db.Tables.APP_USER;
import static dev.touchstone.db.Tables.PROJECT;
import static dev.touchstone.db.Tables.TASK;

/** Accepted tasks of an episode with their final labels, for the player page. Filtered by organization. */
@Repository
class AcceptedLabelRepository {

    /** One accepted task: its project, the schema version, the labels as stored, who accepted it (null: consensus). */
    record AcceptedTask(UUID projectId, String projectName, UUID schemaVersionId, JSONB finalLabels,
                        OffsetDateTime acceptedAt, String acceptedBy) {
    }

    private final DSLContext dsl;

    AcceptedLabelRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Newest acceptance first; a project's windows each appear once (a task is unique per window). */
    List<AcceptedTask> acceptedTasks(UUID organizationId, UUID episodeId) {
        return dsl.select(TASK.PROJECT_ID, PROJECT.NAME, PROJECT.SCHEMA_VERSION_ID, TASK.FINAL_LABELS, TASK.ACCEPTED_AT,
                        APP_USER.DISPLAY_NAME)
                .from(TASK)
                .join(PROJECT).on(PROJECT.ID.eq(TASK.PROJECT_ID))
                .leftJoin(APP_USER).on(APP_USER.ID.eq(TASK.ACCEPTED_BY))
                .where(TASK.ORGANIZATION_ID.eq(organizationId), TASK.EPISODE_ID.eq(episodeId),
                        TASK.REVIEW_STATE.eq("accepted"), TASK.FINAL_LABELS.isNotNull())
                .orderBy(TASK.ACCEPTED_AT.desc().nullsLast(), TASK.WINDOW_START_NS.nullsFirst())
                .fetch(Records.mapping(AcceptedTask::new));
    }

    /** The final labels of one accepted task, as stored; empty when it is not accepted (or not this organization's). */
    java.util.Optional<JSONB> finalLabels(UUID organizationId, UUID taskId) {
        return dsl.select(TASK.FINAL_LABELS).from(TASK)
                .where(TASK.ORGANIZATION_ID.eq(organizationId), TASK.ID.eq(taskId),
                        TASK.REVIEW_STATE.eq("accepted"), TASK.FINAL_LABELS.isNotNull())
                .fetchOptional(TASK.FINAL_LABELS);
    }
}
