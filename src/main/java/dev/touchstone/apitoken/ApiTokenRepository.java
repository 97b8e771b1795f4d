package dev.touchstone.apitoken;

import dev.touchstone.db.tables.records.ApiTokenRecord;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.touchstone.db.Tables.API_TOKEN;
import static dev.touchstone.db.Tables.APP_USER;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.field;

/**
 * API token rows. A member's own tokens are read and revoked by (organization, user, id), both from the signed-in
 * principal; an admin reads and revokes any of the organization's by (organization, id); the one lookup without an organization is by the secret's hash, for authenticating a request.
 */
@Repository
class ApiTokenRepository {

    /** What authenticating a request needs of a usable (neither revoked nor expired) token. */
    record Usable(UUID id, UUID organizationId, UUID userId, String name, List<String> scopes) {
    }

    private final DSLContext dsl;

    ApiTokenRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    ApiToken insert(UUID organizationId, UUID userId, String name, byte[] secretHash, String prefix,
                    List<String> scopes, Instant createdAt, Instant expiresAt) {
        return toToken(dsl.insertInto(API_TOKEN)
                .set(API_TOKEN.ORGANIZATION_ID, organizationId)
                .set(API_TOKEN.USER_ID, userId)
                .set(API_TOKEN.NAME, name)
                .set(API_TOKEN.SECRET_HASH, secretHash)
                .set(API_TOKEN.PREFIX, prefix)
                .set(API_TOKEN.SCOPES, scopes.toArray(String[]::new))
                .set(API_TOKEN.CREATED_AT, time(createdAt))
                .set(API_TOKEN.EXPIRES_AT, time(expiresAt))
                .returning()
                .fetchSingle());
    }

    /** The member's tokens in the organization, newest first. */
    List<ApiToken> tokens(UUID organizationId, UUID userId) {
        return dsl.selectFrom(API_TOKEN)
                .where(API_TOKEN.ORGANIZATION_ID.eq(organizationId), API_TOKEN.USER_ID.eq(userId))
                .orderBy(API_TOKEN.CREATED_AT.desc(), API_TOKEN.ID.desc())
                .fetch(ApiTokenRepository::toToken);
    }

    Optional<ApiToken> token(UUID organizationId, UUID userId, UUID tokenId) {
        return dsl.selectFrom(API_TOKEN)
                .where(API_TOKEN.ORGANIZATION_ID.eq(organizationId), API_TOKEN.USER_ID.eq(userId),
                        API_TOKEN.ID.eq(tokenId))
                .fetchOptional(ApiTokenRepository::toToken);
    }

    /** Every token in the organization with its owner, newest first. */
    List<OrganizationApiToken> organizationTokens(UUID organizationId) {
        return dsl.select(API_TOKEN.fields()).select(APP_USER.DISPLAY_NAME)
                .from(API_TOKEN).join(APP_USER).on(APP_USER.ID.eq(API_TOKEN.USER_ID))
                .where(API_TOKEN.ORGANIZATION_ID.eq(organizationId))
                .orderBy(API_TOKEN.CREATED_AT.desc(), API_TOKEN.ID.desc())
                .fetch(ApiTokenRepository::toOrganizationToken);
    }

    Optional<OrganizationApiToken> organizationToken(UUID organizationId, UUID tokenId) {
        return dsl.select(API_TOKEN.fields()).select(APP_USER.DISPLAY_NAME)
                .from(API_TOKEN).join(APP_USER).on(APP_USER.ID.eq(API_TOKEN.USER_ID))
                .where(API_TOKEN.ORGANIZATION_ID.eq(organizationId), API_TOKEN.ID.eq(tokenId))
                .fetchOptional(ApiTokenRepository::toOrganizationToken);
    }

    /** Revokes any token of the organization if it is not revoked yet; the number of rows changed (0 or 1). */
    int revokeAny(UUID organizationId, UUID tokenId, UUID revokedBy) {
        return dsl.update(API_TOKEN)
                .set(API_TOKEN.REVOKED_AT, currentOffsetDateTime())
                .set(API_TOKEN.REVOKED_BY, revokedBy)
                .where(API_TOKEN.ORGANIZATION_ID.eq(organizationId), API_TOKEN.ID.eq(tokenId),
                        API_TOKEN.REVOKED_AT.isNull())
                .execute();
    }

    /** Revokes the member's token if it is not revoked yet; the number of rows changed (0 or 1). */
    int revoke(UUID organizationId, UUID userId, UUID tokenId, UUID revokedBy) {
        return dsl.update(API_TOKEN)
                .set(API_TOKEN.REVOKED_AT, currentOffsetDateTime())
                .set(API_TOKEN.REVOKED_BY, revokedBy)
                .where(API_TOKEN.ORGANIZATION_ID.eq(organizationId), API_TOKEN.USER_ID.eq(userId),
                        API_TOKEN.ID.eq(tokenId), API_TOKEN.REVOKED_AT.isNull())
                .execute();
    }

    /** The token with this secret hash, if it is neither revoked nor expired (by the database's clock). */
    Optional<Usable> usable(byte[] secretHash) {
        return dsl.select(API_TOKEN.ID, API_TOKEN.ORGANIZATION_ID, API_TOKEN.USER_ID, API_TOKEN.NAME, API_TOKEN.SCOPES)
                .from(API_TOKEN)
                .where(API_TOKEN.SECRET_HASH.eq(secretHash), API_TOKEN.REVOKED_AT.isNull(),
                        API_TOKEN.EXPIRES_AT.gt(currentOffsetDateTime()))
                .fetchOptional(r -> new Usable(r.value1(), r.value2(), r.value3(), r.value4(), List.of(r.value5())));
    }

    /** Notes a use; at most one write a minute per token, however many requests it makes. */
    void used(UUID tokenId) {
        dsl.update(API_TOKEN)
                .set(API_TOKEN.LAST_USED_AT, currentOffsetDateTime())
                .where(API_TOKEN.ID.eq(tokenId), API_TOKEN.LAST_USED_AT.isNull()
                        .or(API_TOKEN.LAST_USED_AT.lt(field("now() - interval '1 minute'", OffsetDateTime.class))))
                .execute();
    }

    private static ApiToken toToken(ApiTokenRecord r) {
        return new ApiToken(r.getId(), r.getName(), r.getPrefix(), List.of(r.getScopes()), instant(r.getCreatedAt()),
                instant(r.getExpiresAt()), instant(r.getLastUsedAt()), instant(r.getRevokedAt()));
    }

    private static OrganizationApiToken toOrganizationToken(org.jooq.Record r) {
        ApiTokenRecord token = r.into(API_TOKEN);
        return new OrganizationApiToken(toToken(token), token.getUserId(), r.get(APP_USER.DISPLAY_NAME));
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
