package dev.touchstone.proposal;

import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Records;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import static dev.touchstone.db.Tables.PROPOSER_SETTINGS;

/** A project's stored proposer settings (V25 proposer_settings), filtered by the organization its caller passes. */
@Repository
class ProposerSettingsRepository {

    /** The stored JSON and when and by whom it was saved. */
    record Row(JSONB settings, OffsetDateTime updatedAt, UUID updatedBy) {
    }

    private final DSLContext dsl;

    ProposerSettingsRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    Optional<Row> settings(UUID organizationId, UUID projectId) {
        return dsl.select(PROPOSER_SETTINGS.SETTINGS, PROPOSER_SETTINGS.UPDATED_AT, PROPOSER_SETTINGS.UPDATED_BY)
                .from(PROPOSER_SETTINGS)
                .where(PROPOSER_SETTINGS.ORGANIZATION_ID.eq(organizationId),
                        PROPOSER_SETTINGS.PROJECT_ID.eq(projectId))
                .fetchOptional(Records.mapping(Row::new));
    }

    void upsert(UUID organizationId, UUID projectId, JSONB settings, UUID by) {
        OffsetDateTime now = OffsetDateTime.now();
        int rows = dsl.insertInto(PROPOSER_SETTINGS, PROPOSER_SETTINGS.PROJECT_ID, PROPOSER_SETTINGS.ORGANIZATION_ID,
                        PROPOSER_SETTINGS.SETTINGS, PROPOSER_SETTINGS.UPDATED_AT, PROPOSER_SETTINGS.UPDATED_BY)
                .values(projectId, organizationId, settings, now, by)
                .onConflict(PROPOSER_SETTINGS.PROJECT_ID)
                .doUpdate()
                .set(PROPOSER_SETTINGS.SETTINGS, settings)
                .set(PROPOSER_SETTINGS.UPDATED_AT, now)
                .set(PROPOSER_SETTINGS.UPDATED_BY, by)
                // The key has no organization id: the service checked the project is the caller's, and this keeps
                // another organization's row out of reach.
                .where(PROPOSER_SETTINGS.ORGANIZATION_ID.eq(organizationId))
                .execute();
        if (rows != 1) {
            throw new IllegalStateException("The proposer settings belong to another organization");
        }
    }

    boolean delete(UUID organizationId, UUID projectId) {
        return dsl.deleteFrom(PROPOSER_SETTINGS)
                .where(PROPOSER_SETTINGS.ORGANIZATION_ID.eq(organizationId),
                        PROPOSER_SETTINGS.PROJECT_ID.eq(projectId))
                .execute() > 0;
    }
}
