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
import static dev.touchstone.db.Tables.EPISODE;
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
        return insert(organizationId, datasetId, createdBy, kind, source, true);
    }

    UUID insert(UUID organizationId, UUID datasetId, UUID createdBy, ImportSourceKind kind, String source,
                boolean skipImported) {
        return dsl.insertInto(IMPORT_JOB, IMPORT_JOB.ORGANIZATION_ID, IMPORT_JOB.DATASET_ID, IMPORT_JOB.CREATED_BY,
                        IMPORT_JOB.SOURCE_KIND, IMPORT_JOB.SOURCE, IMPORT_JOB.SKIP_IMPORTED)
                .values(organizationId, datasetId, createdBy, kind.name(), source, skipImported)
                .returning(IMPORT_JOB.ID).fetchSingle(IMPORT_JOB.ID);
    }

    List<ImportJob> jobs(UUID organizationId, UUID datasetId, int limit) {
        var condition = IMPORT_JOB.ORGANIZATION_ID.eq(organizationId);
        if (datasetId != null) {
            condition = condition.and(IMPORT_JOB.DATASET_ID.eq(datasetId));
        }
        return select().where(condition).orderBy(IMPORT_JOB.CREATED_AT.desc()).limit(limit).fetch(this::job);
    }

    /**
     * Where a page of a dataset's imports starts: after this creation time and id, in the order newest first.
     * Times are kept to the microsecond (PostgreSQL's precision), so the key names one row exactly.
     */
    record After(java.time.Instant createdAt, UUID id) {

        static After of(ImportJob job) {
            return new After(job.createdAt(), job.id());
        }

        String text() {
            return createdAt + "|" + id;
        }

        /** @throws IllegalArgumentException for a key this class did not write */
        static After parse(String text) {
            if (text == null) {
                return null;
            }
            int bar = text.indexOf('|');
            try {
                return new After(java.time.Instant.parse(text.substring(0, bar)), UUID.fromString(text.substring(bar + 1)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cursor is not one this API made; follow nextCursor from a page");
            }
        }
    }

    /** Up to {@code limit} of a dataset's imports after the key, newest first (ties by id, descending). */
    List<ImportJob> page(UUID organizationId, UUID datasetId, After after, int limit) {
        var condition = IMPORT_JOB.ORGANIZATION_ID.eq(organizationId).and(IMPORT_JOB.DATASET_ID.eq(datasetId));
        if (after != null) {
            condition = condition.and(DSL.row(IMPORT_JOB.CREATED_AT, IMPORT_JOB.ID)
                    .lt(after.createdAt().atOffset(java.time.ZoneOffset.UTC), after.id()));
        }
        return select().where(condition).orderBy(IMPORT_JOB.CREATED_AT.desc(), IMPORT_JOB.ID.desc()).limit(limit)
                .fetch(this::job);
    }

    /** The episodes a job of this organization stored (none for another organization's job). */
    List<ImportedEpisode> episodes(UUID organizationId, UUID jobId) {
        return dsl.select(EPISODE.ID, EPISODE.NAME).from(EPISODE)
                .where(EPISODE.IMPORT_JOB_ID.eq(jobId).and(EPISODE.ORGANIZATION_ID.eq(organizationId)))
                .orderBy(EPISODE.CREATED_AT, EPISODE.ID)
                .fetch(org.jooq.Records.mapping(ImportedEpisode::new));
    }

    Optional<ImportJob> job(UUID organizationId, UUID jobId) {
        return select().where(IMPORT_JOB.ORGANIZATION_ID.eq(organizationId).and(IMPORT_JOB.ID.eq(jobId)))
                .fetchOptional(this::job);
    }

    /** For the job runner, which has no signed-in user: the job with its organization. */
    Optional<RunnableJob> runnable(UUID jobId) {
        return dsl.select(IMPORT_JOB.ORGANIZATION_ID, IMPORT_JOB.DATASET_ID, IMPORT_JOB.SOURCE_KIND, IMPORT_JOB.SOURCE,
                        IMPORT_JOB.STATE, IMPORT_JOB.CANCEL_REQUESTED, IMPORT_JOB.SKIP_IMPORTED)
                .from(IMPORT_JOB).where(IMPORT_JOB.ID.eq(jobId))
                .fetchOptional(r -> new RunnableJob(jobId, r.get(IMPORT_JOB.ORGANIZATION_ID),
                        r.get(IMPORT_JOB.DATASET_ID), ImportSourceKind.valueOf(r.get(IMPORT_JOB.SOURCE_KIND)),
                        r.get(IMPORT_JOB.SOURCE), ImportState.valueOf(r.get(IMPORT_JOB.STATE)),
                        r.get(IMPORT_JOB.CANCEL_REQUESTED), r.get(IMPORT_JOB.SKIP_IMPORTED)));
    }

    record RunnableJob(UUID id, UUID organizationId, UUID datasetId, ImportSourceKind sourceKind, String source,
                       ImportState state, boolean cancelRequested, boolean skipImported) {
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
                r.get(IMPORT_JOB.EPISODES_FAILED), r.get(IMPORT_JOB.EPISODES_SKIPPED), r.get(IMPORT_JOB.SKIP_IMPORTED),
                r.get(IMPORT_JOB.ERROR),
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
                .set(IMPORT_JOB.HEARTBEAT_AT, DSL.currentOffsetDateTime())
                .where(IMPORT_JOB.ID.eq(jobId).and(IMPORT_JOB.STATE.eq(ImportState.QUEUED.name()))
                        .and(IMPORT_JOB.CANCEL_REQUESTED.isFalse()))
                .execute() == 1;
    }

    void total(UUID jobId, int total) {
        dsl.update(IMPORT_JOB).set(IMPORT_JOB.EPISODES_TOTAL, total).where(IMPORT_JOB.ID.eq(jobId)).execute();
    }

    /**
     * Stores progress and answers whether the job must stop: its owner asked to cancel, or it is no longer running
     * (a detector found its heartbeat stale and marked it interrupted).
     */
    boolean progress(UUID jobId, double progress, String message, int done, int failed, int skipped) {
        return dsl.update(IMPORT_JOB)
                .set(IMPORT_JOB.PROGRESS, Math.max(0, Math.min(1, progress)))
                .set(IMPORT_JOB.PROGRESS_MESSAGE, truncate(message, 500))
                .set(IMPORT_JOB.EPISODES_DONE, done)
                .set(IMPORT_JOB.EPISODES_FAILED, failed)
                .set(IMPORT_JOB.EPISODES_SKIPPED, skipped)
                .where(IMPORT_JOB.ID.eq(jobId).and(IMPORT_JOB.STATE.eq(ImportState.RUNNING.name())))
                .returning(IMPORT_JOB.CANCEL_REQUESTED)
                .fetchOptional(IMPORT_JOB.CANCEL_REQUESTED).orElse(true);
    }

    /** The counts alone, written the moment an episode commits so that a kill right after still reports it. */
    void counts(UUID jobId, int done, int failed, int skipped) {
        dsl.update(IMPORT_JOB)
                .set(IMPORT_JOB.EPISODES_DONE, done)
                .set(IMPORT_JOB.EPISODES_FAILED, failed)
                .set(IMPORT_JOB.EPISODES_SKIPPED, skipped)
                .where(IMPORT_JOB.ID.eq(jobId).and(IMPORT_JOB.STATE.eq(ImportState.RUNNING.name())))
                .execute();
    }

    /**
     * Refreshes the heartbeat of these running jobs.
     *
     * @return the ones that are still running (a job missing here was finished or marked interrupted meanwhile)
     */
    java.util.Set<UUID> heartbeat(java.util.Collection<UUID> jobIds) {
        if (jobIds.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(dsl.update(IMPORT_JOB)
                .set(IMPORT_JOB.HEARTBEAT_AT, DSL.currentOffsetDateTime())
                .where(IMPORT_JOB.ID.in(jobIds).and(IMPORT_JOB.STATE.eq(ImportState.RUNNING.name())))
                .returning(IMPORT_JOB.ID)
                .fetch(IMPORT_JOB.ID));
    }

    /** A running job whose heartbeat is older than {@code staleAfter} by the database's clock. */
    private static org.jooq.Condition stale(java.time.Duration staleAfter) {
        return IMPORT_JOB.STATE.eq(ImportState.RUNNING.name())
                .and(DSL.coalesce(IMPORT_JOB.HEARTBEAT_AT, IMPORT_JOB.STARTED_AT, IMPORT_JOB.CREATED_AT)
                        .lt(DSL.field("now() - make_interval(secs => {0})", OffsetDateTime.class,
                                DSL.val(staleAfter.toMillis() / 1000.0))));
    }

    /** Running jobs (of any organization) whose runner stopped writing its heartbeat. */
    List<RunnableJob> staleJobs(java.time.Duration staleAfter) {
        return dsl.select(IMPORT_JOB.ID).from(IMPORT_JOB).where(stale(staleAfter))
                .fetch(IMPORT_JOB.ID).stream().map(this::runnable).flatMap(Optional::stream).toList();
    }

    /** Episodes an import stored: what its episode rows say, whatever its counters say. */
    int committedEpisodes(UUID jobId) {
        return dsl.fetchCount(EPISODE, EPISODE.IMPORT_JOB_ID.eq(jobId));
    }

    /**
     * Marks a running job whose heartbeat is (still) stale as FAILED with this message and its committed episodes.
     *
     * @return whether this call marked it (false when its runner wrote a heartbeat meanwhile, or it finished)
     */
    boolean interrupt(UUID jobId, java.time.Duration staleAfter, int kept, String error) {
        return dsl.update(IMPORT_JOB)
                .set(IMPORT_JOB.STATE, ImportState.FAILED.name())
                .set(IMPORT_JOB.ERROR, truncate(error, 4000))
                .set(IMPORT_JOB.EPISODES_DONE, kept)
                .set(IMPORT_JOB.PROGRESS_MESSAGE, "")
                .set(IMPORT_JOB.FINISHED_AT, DSL.currentOffsetDateTime())
                .where(IMPORT_JOB.ID.eq(jobId).and(stale(staleAfter)))
                .execute() == 1;
    }

    /** Jobs whose runner is alive: running with a heartbeat younger than {@code staleAfter}. */
    List<UUID> liveJobs(java.time.Duration staleAfter) {
        return dsl.select(IMPORT_JOB.ID).from(IMPORT_JOB)
                .where(IMPORT_JOB.STATE.eq(ImportState.RUNNING.name()).and(stale(staleAfter).not()))
                .fetch(IMPORT_JOB.ID);
    }

    /** Organizations with at least one live import (one whose episode blobs may be in the middle of a commit). */
    java.util.Set<UUID> organizationsWithLiveJobs(java.time.Duration staleAfter) {
        return new java.util.HashSet<>(dsl.selectDistinct(IMPORT_JOB.ORGANIZATION_ID).from(IMPORT_JOB)
                .where(IMPORT_JOB.STATE.eq(ImportState.RUNNING.name()).and(stale(staleAfter).not()))
                .fetch(IMPORT_JOB.ORGANIZATION_ID));
    }

    /** Of these job ids, the ones this database has. */
    java.util.Set<UUID> existingJobs(java.util.Collection<UUID> jobIds) {
        if (jobIds.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(dsl.select(IMPORT_JOB.ID).from(IMPORT_JOB).where(IMPORT_JOB.ID.in(jobIds))
                .fetch(IMPORT_JOB.ID));
    }

    /** Every organization that ever imported: the ones whose storage may hold uploads and episode blobs. */
    List<UUID> importingOrganizations() {
        return dsl.selectDistinct(IMPORT_JOB.ORGANIZATION_ID).from(IMPORT_JOB).fetch(IMPORT_JOB.ORGANIZATION_ID);
    }

    /**
     * Upload prefixes that a job still needs: queued, or running with a fresh heartbeat. Every other upload (of a
     * finished or interrupted job, or of none) has no further use.
     */
    java.util.Set<String> uploadsInUse(UUID organizationId, java.time.Duration staleAfter) {
        return new java.util.HashSet<>(dsl.select(IMPORT_JOB.SOURCE).from(IMPORT_JOB)
                .where(IMPORT_JOB.ORGANIZATION_ID.eq(organizationId)
                        .and(IMPORT_JOB.SOURCE_KIND.eq(ImportSourceKind.UPLOAD.name()))
                        .and(IMPORT_JOB.STATE.eq(ImportState.QUEUED.name())
                                .or(IMPORT_JOB.STATE.eq(ImportState.RUNNING.name()).and(stale(staleAfter).not()))))
                .fetch(IMPORT_JOB.SOURCE));
    }

    boolean cancelRequested(UUID jobId) {
        return dsl.select(IMPORT_JOB.CANCEL_REQUESTED).from(IMPORT_JOB).where(IMPORT_JOB.ID.eq(jobId))
                .fetchOptional(IMPORT_JOB.CANCEL_REQUESTED).orElse(true);
    }

    /**
     * Records how a running job ended.
     *
     * @return false when it was no longer running (a detector had marked it interrupted), so nothing was written
     */
    boolean finish(UUID jobId, ImportState state, String error, List<String> notes, int done, int failed,
                   int skipped) {
        return dsl.update(IMPORT_JOB)
                .set(IMPORT_JOB.STATE, state.name())
                .set(IMPORT_JOB.ERROR, error == null ? null : truncate(error, 4000))
                .set(IMPORT_JOB.NOTES, JSONB.valueOf(json.writeValueAsString(notes)))
                .set(IMPORT_JOB.EPISODES_DONE, done)
                .set(IMPORT_JOB.EPISODES_FAILED, failed)
                .set(IMPORT_JOB.EPISODES_SKIPPED, skipped)
                .set(IMPORT_JOB.PROGRESS, state == ImportState.SUCCEEDED || state == ImportState.COMPLETED_WITH_ERRORS
                        ? DSL.inline(1.0) : IMPORT_JOB.PROGRESS)
                .set(IMPORT_JOB.FINISHED_AT, DSL.currentOffsetDateTime())
                .where(IMPORT_JOB.ID.eq(jobId).and(IMPORT_JOB.STATE.eq(ImportState.RUNNING.name())))
                .execute() == 1;
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
