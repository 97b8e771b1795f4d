package dev.touchstone.proposal;

import org.jooq.DSLContext;
import org.jooq.Records;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.touchstone.db.Tables.ML_BACKEND;
import static dev.touchstone.db.Tables.ML_BACKEND_CALL;

/** Projects' ML backends and the record of their calls. Filtered by the organization id the caller passes. */
@Repository
class MlBackendRepository {

    record BackendRow(UUID projectId, String url, String secret, OffsetDateTime updatedAt) {
    }

    private final DSLContext dsl;

    MlBackendRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    void upsert(UUID organizationId, UUID projectId, String url, String secret, UUID updatedBy) {
        OffsetDateTime now = OffsetDateTime.now();
        dsl.insertInto(ML_BACKEND, ML_BACKEND.PROJECT_ID, ML_BACKEND.ORGANIZATION_ID, ML_BACKEND.URL,
                        ML_BACKEND.SECRET, ML_BACKEND.UPDATED_AT, ML_BACKEND.UPDATED_BY)
                .values(projectId, organizationId, url, secret, now, updatedBy)
                .onConflict(ML_BACKEND.PROJECT_ID)
                .doUpdate()
                .set(ML_BACKEND.URL, url)
                .set(ML_BACKEND.SECRET, secret)
                .set(ML_BACKEND.UPDATED_AT, now)
                .set(ML_BACKEND.UPDATED_BY, updatedBy)
                .where(ML_BACKEND.ORGANIZATION_ID.eq(organizationId))
                .execute();
    }

    Optional<BackendRow> backend(UUID organizationId, UUID projectId) {
        return dsl.select(ML_BACKEND.PROJECT_ID, ML_BACKEND.URL, ML_BACKEND.SECRET, ML_BACKEND.UPDATED_AT)
                .from(ML_BACKEND)
                .where(ML_BACKEND.ORGANIZATION_ID.eq(organizationId), ML_BACKEND.PROJECT_ID.eq(projectId))
                .fetchOptional(Records.mapping(BackendRow::new));
    }

    UUID insertCall(UUID organizationId, UUID projectId, UUID episodeId, String url, String outcome, int attempts,
                    Integer httpStatus, String message, String source, String version, int labels,
                    long durationMillis) {
        return dsl.insertInto(ML_BACKEND_CALL, ML_BACKEND_CALL.ORGANIZATION_ID, ML_BACKEND_CALL.PROJECT_ID,
                        ML_BACKEND_CALL.EPISODE_ID, ML_BACKEND_CALL.URL, ML_BACKEND_CALL.OUTCOME,
                        ML_BACKEND_CALL.ATTEMPTS, ML_BACKEND_CALL.HTTP_STATUS, ML_BACKEND_CALL.MESSAGE,
                        ML_BACKEND_CALL.SOURCE, ML_BACKEND_CALL.VERSION, ML_BACKEND_CALL.LABELS,
                        ML_BACKEND_CALL.DURATION_MS)
                .values(organizationId, projectId, episodeId, url, outcome, attempts, httpStatus, message, source,
                        version, labels, durationMillis)
                .returning(ML_BACKEND_CALL.ID)
                .fetchSingle(ML_BACKEND_CALL.ID);
    }

    /** The project's calls, newest first. */
    List<MlBackendCall> calls(UUID organizationId, UUID projectId, int limit) {
        return dsl.select(ML_BACKEND_CALL.ID, ML_BACKEND_CALL.PROJECT_ID, ML_BACKEND_CALL.EPISODE_ID,
                        ML_BACKEND_CALL.URL, ML_BACKEND_CALL.OUTCOME, ML_BACKEND_CALL.ATTEMPTS,
                        ML_BACKEND_CALL.HTTP_STATUS, ML_BACKEND_CALL.MESSAGE, ML_BACKEND_CALL.SOURCE,
                        ML_BACKEND_CALL.VERSION, ML_BACKEND_CALL.LABELS, ML_BACKEND_CALL.DURATION_MS,
                        ML_BACKEND_CALL.CREATED_AT)
                .from(ML_BACKEND_CALL)
                .where(ML_BACKEND_CALL.ORGANIZATION_ID.eq(organizationId), ML_BACKEND_CALL.PROJECT_ID.eq(projectId))
                .orderBy(ML_BACKEND_CALL.CREATED_AT.desc(), ML_BACKEND_CALL.ID.desc())
                .limit(limit)
                .fetch(r -> new MlBackendCall(r.value1(), r.value2(), r.value3(), r.value4(),
                        "stored".equals(r.value5()), r.value6(), r.value7(), r.value8(), r.value9(), r.value10(),
                        r.value11(), r.value12(), r.value13().toInstant()));
    }
}
