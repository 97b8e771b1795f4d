package dev.touchstone.organization;

import dev.touchstone.db.tables.records.AppUserRecord;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import static dev.touchstone.db.Tables.APP_USER;
import static org.jooq.impl.DSL.lower;

/** People are global (one login across organizations); what they may see is decided by their memberships. */
@Repository
class UserRepository {

    record UserRow(UUID id, String email, String displayName, String passwordHash, boolean mustChangePassword,
                   UUID lastOrganizationId, Instant passwordChangedAt) {
    }

    private final DSLContext dsl;

    UserRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    Optional<UserRow> findByEmail(String email) {
        return dsl.selectFrom(APP_USER).where(lower(APP_USER.EMAIL).eq(email.trim().toLowerCase()))
                .fetchOptional(UserRepository::toRow);
    }

    Optional<UserRow> findById(UUID id) {
        return dsl.selectFrom(APP_USER).where(APP_USER.ID.eq(id)).fetchOptional(UserRepository::toRow);
    }

    UUID insert(String email, String displayName, String passwordHash, boolean mustChangePassword) {
        return dsl.insertInto(APP_USER, APP_USER.EMAIL, APP_USER.DISPLAY_NAME, APP_USER.PASSWORD_HASH,
                        APP_USER.MUST_CHANGE_PASSWORD)
                .values(email.trim(), displayName.trim(), passwordHash, mustChangePassword)
                .returning(APP_USER.ID)
                .fetchSingle(APP_USER.ID);
    }

    /** Returns the new credential version exactly as stored (PostgreSQL keeps microseconds, Java has nanoseconds). */
    Instant updatePassword(UUID id, String passwordHash) {
        return dsl.update(APP_USER)
                .set(APP_USER.PASSWORD_HASH, passwordHash)
                .set(APP_USER.MUST_CHANGE_PASSWORD, false)
                .set(APP_USER.PASSWORD_CHANGED_AT, OffsetDateTime.now())
                .where(APP_USER.ID.eq(id))
                .returning(APP_USER.PASSWORD_CHANGED_AT)
                .fetchSingle(APP_USER.PASSWORD_CHANGED_AT)
                .toInstant();
    }

    void rememberOrganization(UUID id, UUID organizationId) {
        dsl.update(APP_USER).set(APP_USER.LAST_ORGANIZATION_ID, organizationId).where(APP_USER.ID.eq(id)).execute();
    }

    private static UserRow toRow(AppUserRecord r) {
        return new UserRow(r.getId(), r.getEmail(), r.getDisplayName(), r.getPasswordHash(),
                r.getMustChangePassword(), r.getLastOrganizationId(), r.getPasswordChangedAt().toInstant());
    }
}
