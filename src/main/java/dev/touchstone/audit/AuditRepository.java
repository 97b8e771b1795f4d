package dev.touchstone.audit;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.UUID;

import static dev.touchstone.db.Tables.AUDIT_EVENT;

@Repository
class AuditRepository {

    private final DSLContext dsl;

    AuditRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    void insert(UUID organizationId, UUID actorUserId, String actorName, String action, String targetType,
                String targetId, String detailsJson, String clientAddress) {
        dsl.insertInto(AUDIT_EVENT)
                .set(AUDIT_EVENT.ORGANIZATION_ID, organizationId)
                .set(AUDIT_EVENT.ACTOR_USER_ID, actorUserId)
                .set(AUDIT_EVENT.ACTOR_NAME, actorName)
                .set(AUDIT_EVENT.ACTION, action)
                .set(AUDIT_EVENT.TARGET_TYPE, targetType)
                .set(AUDIT_EVENT.TARGET_ID, targetId)
                .set(AUDIT_EVENT.DETAILS, JSONB.valueOf(detailsJson))
                .set(AUDIT_EVENT.CLIENT_ADDRESS, clientAddress)
                .execute();
    }

    /** One row of {@link #insertAll}. */
    record Row(UUID actorUserId, String actorName, String action, String targetType, String targetId,
               String detailsJson, String clientAddress) {
    }

    /** Several rows of one organization in one statement (deferred lines, see AuditService#recordAtCommit). */
    void insertAll(UUID organizationId, List<Row> rows) {
        var insert = dsl.insertInto(AUDIT_EVENT, AUDIT_EVENT.ORGANIZATION_ID, AUDIT_EVENT.ACTOR_USER_ID,
                AUDIT_EVENT.ACTOR_NAME, AUDIT_EVENT.ACTION, AUDIT_EVENT.TARGET_TYPE, AUDIT_EVENT.TARGET_ID,
                AUDIT_EVENT.DETAILS, AUDIT_EVENT.CLIENT_ADDRESS);
        for (Row r : rows) {
            insert = insert.values(organizationId, r.actorUserId(), r.actorName(), r.action(), r.targetType(),
                    r.targetId(), JSONB.valueOf(r.detailsJson()), r.clientAddress());
        }
        insert.execute();
    }

    List<AuditEntry> page(UUID organizationId, String actionPrefix, int offset, int limit) {
        return dsl.selectFrom(AUDIT_EVENT)
                .where(inOrganization(organizationId, actionPrefix))
                .orderBy(AUDIT_EVENT.OCCURRED_AT.desc(), AUDIT_EVENT.ID.desc())
                .offset(offset).limit(limit)
                .fetch(r -> new AuditEntry(r.getId(), r.getOccurredAt().toInstant(), r.getActorUserId(),
                        r.getActorName(), r.getAction(), r.getTargetType(), r.getTargetId(), r.getDetails().data(),
                        r.getClientAddress(), null));
    }

    int count(UUID organizationId, String actionPrefix) {
        return dsl.fetchCount(AUDIT_EVENT, inOrganization(organizationId, actionPrefix));
    }

    private static Condition inOrganization(UUID organizationId, String actionPrefix) {
        Condition organization = AUDIT_EVENT.ORGANIZATION_ID.eq(organizationId);
        return actionPrefix == null || actionPrefix.isBlank()
                ? organization
                : organization.and(AUDIT_EVENT.ACTION.startsWith(actionPrefix.trim()));
    }
}
