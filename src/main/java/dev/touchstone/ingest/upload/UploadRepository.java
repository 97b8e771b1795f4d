package dev.touchstone.ingest.upload;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static dev.touchstone.db.Tables.APP_USER;
import static dev.touchstone.db.Tables.UPLOAD;

@Repository
class UploadRepository {

    private final DSLContext dsl;

    UploadRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    UUID insert(UUID organizationId, UUID createdBy, String fileName, long length, Instant now, Instant expiresAt) {
        return dsl.insertInto(UPLOAD, UPLOAD.ORGANIZATION_ID, UPLOAD.CREATED_BY, UPLOAD.FILE_NAME, UPLOAD.LENGTH,
                        UPLOAD.CREATED_AT, UPLOAD.UPDATED_AT, UPLOAD.EXPIRES_AT)
                .values(organizationId, createdBy, fileName, length, time(now), time(now), time(expiresAt))
                .returning(UPLOAD.ID).fetchSingle(UPLOAD.ID);
    }

    /** An upload of this organization; another organization's is empty, as a missing one. */
    Optional<Upload> upload(UUID organizationId, UUID uploadId) {
        return dsl.select(UPLOAD.asterisk(), APP_USER.DISPLAY_NAME.as("created_by_name"))
                .from(UPLOAD).leftJoin(APP_USER).on(APP_USER.ID.eq(UPLOAD.CREATED_BY))
                .where(UPLOAD.ORGANIZATION_ID.eq(organizationId).and(UPLOAD.ID.eq(uploadId)))
                .fetchOptional(UploadRepository::upload);
    }

    private static Upload upload(Record r) {
        return new Upload(r.get(UPLOAD.ID), r.get(UPLOAD.FILE_NAME), r.get(UPLOAD.LENGTH), r.get(UPLOAD.RECEIVED),
                r.get("created_by_name", String.class), r.get(UPLOAD.CREATED_AT).toInstant(),
                r.get(UPLOAD.UPDATED_AT).toInstant(), r.get(UPLOAD.EXPIRES_AT).toInstant(),
                r.get(UPLOAD.IMPORT_JOB_ID));
    }

    /**
     * Moves the stored offset from {@code from} to {@code to} and the expiry on, only if the offset still is
     * {@code from} and no import took the upload: the row stays the truth if two replicas ever wrote at once.
     */
    boolean advance(UUID organizationId, UUID uploadId, long from, long to, Instant now, Instant expiresAt) {
        return dsl.update(UPLOAD)
                .set(UPLOAD.RECEIVED, to)
                .set(UPLOAD.UPDATED_AT, time(now))
                .set(UPLOAD.EXPIRES_AT, time(expiresAt))
                .where(UPLOAD.ORGANIZATION_ID.eq(organizationId).and(UPLOAD.ID.eq(uploadId))
                        .and(UPLOAD.RECEIVED.eq(from)).and(UPLOAD.IMPORT_JOB_ID.isNull()))
                .execute() == 1;
    }

    /** Records the import that took a complete upload; false when another import took it first. */
    boolean imported(UUID organizationId, UUID uploadId, UUID jobId) {
        return dsl.update(UPLOAD).set(UPLOAD.IMPORT_JOB_ID, jobId)
                .where(UPLOAD.ORGANIZATION_ID.eq(organizationId).and(UPLOAD.ID.eq(uploadId))
                        .and(UPLOAD.IMPORT_JOB_ID.isNull())
                        .and(UPLOAD.RECEIVED.eq(UPLOAD.LENGTH)))
                .execute() == 1;
    }

    boolean delete(UUID organizationId, UUID uploadId) {
        return dsl.deleteFrom(UPLOAD).where(UPLOAD.ORGANIZATION_ID.eq(organizationId).and(UPLOAD.ID.eq(uploadId)))
                .execute() == 1;
    }

    /** Uploads (of every organization) whose expiry passed, with their organization: what a sweep deletes. */
    List<Expired> expired(Instant now, int limit) {
        return dsl.select(UPLOAD.ORGANIZATION_ID, UPLOAD.ID).from(UPLOAD).where(UPLOAD.EXPIRES_AT.le(time(now)))
                .orderBy(UPLOAD.EXPIRES_AT).limit(limit)
                .fetch(org.jooq.Records.mapping(Expired::new));
    }

    record Expired(UUID organizationId, UUID id) {
    }

    /** Deletes an expired upload's row, unless a PATCH moved its expiry on meanwhile. */
    boolean deleteExpired(UUID uploadId, Instant now) {
        return dsl.deleteFrom(UPLOAD).where(UPLOAD.ID.eq(uploadId).and(UPLOAD.EXPIRES_AT.le(time(now)))).execute() == 1;
    }

    /** Of these ids, the ones that have a row. */
    Set<UUID> existing(Collection<UUID> uploadIds) {
        if (uploadIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(dsl.select(UPLOAD.ID).from(UPLOAD).where(UPLOAD.ID.in(uploadIds)).fetch(UPLOAD.ID));
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
