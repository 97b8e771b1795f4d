package dev.touchstone.ingest;

import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.touchstone.db.Tables.APP_USER;
import static dev.touchstone.db.Tables.DATASET;
import static dev.touchstone.db.Tables.IMPORT_JOB;

@Repository
class ImportJobRepository {

    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {
    };

    private final DSLContext dsl;
    private final JsonMapper json;

    ImportJobRepository(DSLContext dsl, JsonMapper json) {
        this.dsl = dsl;
        this.json = json;
    }

    UUID insert(UUID organizationId, UUID datasetId, UUID createdBy, ImportSourceKind kind, String source) {
        return dsl.insertInto(IMPORT_JOB, IMPORT_JOB.ORGANIZATION_ID, IMPORT_JOB.DATASET_ID, IMPORT_JOB.CREATED_BY,
                        IMPORT_JOB.SOURCE_KIND, IMPORT_JOB.SOURCE)
                .values(organizationId, datasetId, createdBy, kind.name(), source)
                .returning(IMPORT_JOB.ID).fetchSingle(IMPORT_JOB.ID);
    }

    List<ImportJob> jobs(UUID organizationId, UUID datasetId, int limit) {
        var condition = IMPORT_JOB.ORGANIZATION_ID.eq(organizationId);
        if (datasetId != null) {
            condition = condition.and(IMPORT_JOB.DATASET_ID.eq(datasetId));
        }
        return select().where(condition).orderBy(IMPORT_JOB.CREATED_AT.desc()).limit(limit).fetch(this::job);
    }

    Optional<ImportJob> job(UUID organizationId, UUID jobId) {
        return select().where(IMPORT_JOB.ORGANIZATION_ID.eq(organizationId).and(IMPORT_JOB.ID.eq(jobId)))
                .fetchOptional(this::job);
    }

    /** For the job runner, which has no signed-in user: the job with its organization. */
    Optional<RunnableJob> runnable(UUID jobId) {
        return dsl.select(IMPORT_JOB.ORGANIZATION_ID, IMPORT_JOB.DATASET_ID, IMPORT_JOB.SOURCE_KIND, IMPORT_JOB.SOURCE,
                        IMPORT_JOB.STATE, IMPORT_JOB.CANCEL_REQUESTED)
                .from(IMPORT_JOB).where(IMPORT_JOB.ID.eq(jobId))
                .fetchOptional(r -> new RunnableJob(jobId, r.get(IMPORT_JOB.ORGANIZATION_ID),
                        r.get(IMPORT_JOB.DATASET_ID), ImportSourceKind.valueOf(r.get(IMPORT_JOB.SOURCE_KIND)),
                        r.get(IMPORT_JOB.SOURCE), ImportState.valueOf(r.get(IMPORT_JOB.STATE)),
                        r.get(IMPORT_JOB.CANCEL_REQUESTED)));
    }

    record RunnableJob(UUID id, UUID organizationId, UUID datasetId, ImportSourceKind sourceKind, String source,
                       ImportState state, boolean cancelRequested) {
    }

    private org.jooq.SelectOnConditionStep<Record> select() {
        return dsl.select(IMPORT_JOB.asterisk(), DATASET.NAME.as("dataset_name"),
                        APP_USER.DISPLAY_NAME.as("created_by_name"))
                .from(IMPORT_JOB).join(DATASET).on(DATASET.ID.eq(IMPORT_JOB.DATASET_ID))
                .leftJoin(APP_USER).on(APP_USER.ID.eq(IMPORT_JOB.CREATED_BY));
    }

    private ImportJob job(Record r) {
        return new ImportJob(r.get(IMPORT_JOB.ID), r.get(IMPORT_JOB.DATASET_ID), r.get("dataset_name", String.class),
                ImportSourceKind.valueOf(r.get(IMPORT_JOB.SOURCE_KIND)), r.get(IMPORT_JOB.SOURCE),
                ImportState.valueOf(r.get(IMPORT_JOB.STATE)), r.get(IMPORT_JOB.PROGRESS),
                r.get(IMPORT_JOB.PROGRESS_MESSAGE), r.get(IMPORT_JOB.EPISODES_DONE), r.get(IMPORT_JOB.EPISODES_TOTAL),
                r.get(IMPORT_JOB.EPISODES_FAILED), r.get(IMPORT_JOB.ERROR),
                json.readValue(r.get(IMPORT_JOB.NOTES).data(), STRING_LIST), r.get(IMPORT_JOB.CANCEL_REQUESTED),
                r.get("created_by_name", String.class), instant(r.get(IMPORT_JOB.CREATED_AT)),
                instant(r.get(IMPORT_JOB.STARTED_AT)), instant(r.get(IMPORT_JOB.FINISHED_AT)));
    }

    private static java.time.Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /** QUEUED → RUNNING; false when the job is no longer queued (cancelled, or taken by another replica's run). */
    boolean start(UUID jobId) {
        return dsl.update(IMPORT_JOB)
                .set(IMPORT_JOB.STATE, ImportState.RUNNING.name())
                .set(IMPORT_JOB.STARTED_AT, DSL.currentOffsetDateTime())
                .where(IMPORT_JOB.ID.eq(jobId).and(IMPORT_JOB.STATE.in(ImportState.QUEUED.name(),
                        ImportState.RUNNING.name())).and(IMPORT_JOB.CANCEL_REQUESTED.isFalse()))
                .execute() == 1;
    }

    void total(UUID jobId, int total) {
        dsl.update(IMPORT_JOB).set(IMPORT_JOB.EPISODES_TOTAL, total).where(IMPORT_JOB.ID.eq(jobId)).execute();
    }

    /** Stores progress and answers whether the owner asked to cancel. */
    boolean progress(UUID jobId, double progress, String message, int done, int failed) {
        return dsl.update(IMPORT_JOB)
                .set(IMPORT_JOB.PROGRESS, Math.max(0, Math.min(1, progress)))
                .set(IMPORT_JOB.PROGRESS_MESSAGE, truncate(message, 500))
                .set(IMPORT_JOB.EPISODES_DONE, done)
                .set(IMPORT_JOB.EPISODES_FAILED, failed)
                .where(IMPORT_JOB.ID.eq(jobId))
                .returning(IMPORT_JOB.CANCEL_REQUESTED)
                .fetchOptional(IMPORT_JOB.CANCEL_REQUESTED).orElse(true);
    }

    boolean cancelRequested(UUID jobId) {
        return dsl.select(IMPORT_JOB.CANCEL_REQUESTED).from(IMPORT_JOB).where(IMPORT_JOB.ID.eq(jobId))
                .fetchOptional(IMPORT_JOB.CANCEL_REQUESTED).orElse(true);
    }

    void finish(UUID jobId, ImportState state, String error, List<String> notes, int done, int failed) {
        dsl.update(IMPORT_JOB)
                .set(IMPORT_JOB.STATE, state.name())
                .set(IMPORT_JOB.ERROR, error == null ? null : truncate(error, 4000))
                .set(IMPORT_JOB.NOTES, JSONB.valueOf(json.writeValueAsString(notes)))
                .set(IMPORT_JOB.EPISODES_DONE, done)
                .set(IMPORT_JOB.EPISODES_FAILED, failed)
                .set(IMPORT_JOB.PROGRESS, state == ImportState.SUCCEEDED || state == ImportState.COMPLETED_WITH_ERRORS
                        ? DSL.inline(1.0) : IMPORT_JOB.PROGRESS)
                .set(IMPORT_JOB.FINISHED_AT, DSL.currentOffsetDateTime())
                .where(IMPORT_JOB.ID.eq(jobId))
                .execute();
    }

    /**
     * Marks a cancel request. A queued job is cancelled at once; a running one stops at its next checkpoint.
     *
     * @return false when the job is already finished (or not in this organization)
     */
    boolean requestCancel(UUID organizationId, UUID jobId) {
        int queued = dsl.update(IMPORT_JOB)
                .set(IMPORT_JOB.CANCEL_REQUESTED, true)
                .set(IMPORT_JOB.STATE, ImportState.CANCELLED.name())
                .set(IMPORT_JOB.FINISHED_AT, DSL.currentOffsetDateTime())
                .where(IMPORT_JOB.ORGANIZATION_ID.eq(organizationId).and(IMPORT_JOB.ID.eq(jobId))
                        .and(IMPORT_JOB.STATE.eq(ImportState.QUEUED.name())))
                .execute();
        if (queued == 1) {
            return true;
        }
        return dsl.update(IMPORT_JOB).set(IMPORT_JOB.CANCEL_REQUESTED, true)
                .where(IMPORT_JOB.ORGANIZATION_ID.eq(organizationId).and(IMPORT_JOB.ID.eq(jobId))
                        .and(IMPORT_JOB.STATE.eq(ImportState.RUNNING.name())))
                .execute() == 1;
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
