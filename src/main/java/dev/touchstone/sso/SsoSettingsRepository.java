package dev.touchstone.sso;

import dev.touchstone.organization.Role;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import static dev.touchstone.db.Tables.SSO_CONFIGURATION;

/**
 * One row per organization, keyed by its id. The client secret is read and written as stored, encrypted
 * ({@link SsoSecrets}); only {@link #plainSecrets} and {@link #replaceSecret}, which encrypt rows written before
 * encryption at start-up, see anything else.
 */
@Repository
class SsoSettingsRepository {

    /** What sign-in needs, the secret included as stored (encrypted; never leaves this module). */
    record Stored(SsoSettings settings, String storedSecret) {
    }

    /** A row whose secret is still plain text. */
    record Plain(UUID organizationId, String secret) {
    }

    private final DSLContext dsl;
    private final JsonMapper json;

    SsoSettingsRepository(DSLContext dsl, JsonMapper json) {
        this.dsl = dsl;
        this.json = json;
    }

    Optional<Stored> find(UUID organizationId) {
        return dsl.selectFrom(SSO_CONFIGURATION).where(SSO_CONFIGURATION.ORGANIZATION_ID.eq(organizationId))
                .fetchOptional(r -> new Stored(new SsoSettings(r.getProviderName(), r.getIssuerUri(),
                        r.getClientId(), true, r.getRoleClaim(), mapping(r.getRoleMapping()),
                        Role.valueOf(r.getDefaultRole()), r.getEnabled(), r.getUpdatedAt().toInstant()),
                        r.getClientSecret()));
    }

    /** Every organization's rows whose secret is not encrypted yet (written before V26). */
    java.util.List<Plain> plainSecrets() {
        return dsl.select(SSO_CONFIGURATION.ORGANIZATION_ID, SSO_CONFIGURATION.CLIENT_SECRET).from(SSO_CONFIGURATION)
                .where(SSO_CONFIGURATION.CLIENT_SECRET.notLike(SsoSecrets.PREFIX + "%"))
                .fetch(org.jooq.Records.mapping(Plain::new));
    }

    /** Replaces the stored secret when it is still {@code expected} (another server may have encrypted it). */
    int replaceSecret(UUID organizationId, String expected, String stored) {
        return dsl.update(SSO_CONFIGURATION).set(SSO_CONFIGURATION.CLIENT_SECRET, stored)
                .where(SSO_CONFIGURATION.ORGANIZATION_ID.eq(organizationId),
                        SSO_CONFIGURATION.CLIENT_SECRET.eq(expected))
                .execute();
    }

    /** Writes the settings with the secret as it is to be stored (encrypted). */
    void save(UUID organizationId, SsoSettingsUpdate update, String clientSecret, UUID updatedBy) {
        JSONB mapping = JSONB.valueOf(json.writeValueAsString(new TreeMap<>(update.roleMapping())));
        dsl.insertInto(SSO_CONFIGURATION)
                .set(SSO_CONFIGURATION.ORGANIZATION_ID, organizationId)
                .set(SSO_CONFIGURATION.PROVIDER_NAME, update.providerName())
                .set(SSO_CONFIGURATION.ISSUER_URI, update.issuerUri())
                .set(SSO_CONFIGURATION.CLIENT_ID, update.clientId())
                .set(SSO_CONFIGURATION.CLIENT_SECRET, clientSecret)
                .set(SSO_CONFIGURATION.ROLE_CLAIM, update.roleClaim())
                .set(SSO_CONFIGURATION.ROLE_MAPPING, mapping)
                .set(SSO_CONFIGURATION.DEFAULT_ROLE, update.defaultRole().name())
                .set(SSO_CONFIGURATION.ENABLED, update.enabled())
                .set(SSO_CONFIGURATION.UPDATED_BY, updatedBy)
                .onConflict(SSO_CONFIGURATION.ORGANIZATION_ID).doUpdate()
                .set(SSO_CONFIGURATION.PROVIDER_NAME, update.providerName())
                .set(SSO_CONFIGURATION.ISSUER_URI, update.issuerUri())
                .set(SSO_CONFIGURATION.CLIENT_ID, update.clientId())
                .set(SSO_CONFIGURATION.CLIENT_SECRET, clientSecret)
                .set(SSO_CONFIGURATION.ROLE_CLAIM, update.roleClaim())
                .set(SSO_CONFIGURATION.ROLE_MAPPING, mapping)
                .set(SSO_CONFIGURATION.DEFAULT_ROLE, update.defaultRole().name())
                .set(SSO_CONFIGURATION.ENABLED, update.enabled())
                .set(SSO_CONFIGURATION.UPDATED_BY, updatedBy)
                .set(SSO_CONFIGURATION.UPDATED_AT, OffsetDateTime.now())
                .where(SSO_CONFIGURATION.ORGANIZATION_ID.eq(organizationId))
                .execute();
    }

    private Map<String, Role> mapping(JSONB stored) {
        Map<String, String> names = json.readValue(stored.data(), new TypeReference<Map<String, String>>() {
        });
        Map<String, Role> roles = new TreeMap<>();
        names.forEach((value, role) -> roles.put(value, Role.valueOf(role)));
        return roles;
    }
}
