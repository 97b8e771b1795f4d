package dev.touchstone.organization;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static dev.touchstone.db.Tables.APP_USER;
import static dev.touchstone.db.Tables.MEMBERSHIP;
import static dev.touchstone.db.Tables.ORGANIZATION;

/**
 * Memberships. Every statement on one organization's members is filtered by the organization id its caller passes
 * (the service resolves it from the signed-in principal); the two methods that look across organizations are keyed
 * by the person's own user id.
 */
@Repository
class MembershipRepository {

    record MembershipRow(Organization organization, Set<Role> roles) {
    }

    private final DSLContext dsl;

    MembershipRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    private static Condition in(UUID organizationId) {
        return MEMBERSHIP.ORGANIZATION_ID.eq(organizationId);
    }

    List<Member> members(UUID organizationId) {
        return dsl.select(MEMBERSHIP.fields()).select(APP_USER.EMAIL, APP_USER.DISPLAY_NAME)
                .from(MEMBERSHIP).join(APP_USER).on(APP_USER.ID.eq(MEMBERSHIP.USER_ID))
                .where(in(organizationId))
                .orderBy(APP_USER.DISPLAY_NAME, APP_USER.EMAIL)
                .fetch(MembershipRepository::toMember);
    }

    Optional<Member> member(UUID organizationId, UUID userId) {
        return dsl.select(MEMBERSHIP.fields()).select(APP_USER.EMAIL, APP_USER.DISPLAY_NAME)
                .from(MEMBERSHIP).join(APP_USER).on(APP_USER.ID.eq(MEMBERSHIP.USER_ID))
                .where(in(organizationId), MEMBERSHIP.USER_ID.eq(userId))
                .fetchOptional(MembershipRepository::toMember);
    }

    void insert(UUID organizationId, UUID userId, Set<Role> roles) {
        dsl.insertInto(MEMBERSHIP, MEMBERSHIP.ORGANIZATION_ID, MEMBERSHIP.USER_ID, MEMBERSHIP.ROLES)
                .values(organizationId, userId, Role.names(roles))
                .execute();
    }

    int updateRoles(UUID organizationId, UUID userId, Set<Role> roles) {
        return dsl.update(MEMBERSHIP)
                .set(MEMBERSHIP.ROLES, Role.names(roles))
                .set(MEMBERSHIP.UPDATED_AT, OffsetDateTime.now())
                .where(in(organizationId), MEMBERSHIP.USER_ID.eq(userId))
                .execute();
    }

    int setActive(UUID organizationId, UUID userId, boolean active) {
        return dsl.update(MEMBERSHIP)
                .set(MEMBERSHIP.ACTIVE, active)
                .set(MEMBERSHIP.UPDATED_AT, OffsetDateTime.now())
                .where(in(organizationId), MEMBERSHIP.USER_ID.eq(userId))
                .execute();
    }

    int countActiveAdmins(UUID organizationId) {
        return dsl.fetchCount(MEMBERSHIP, in(organizationId), MEMBERSHIP.ACTIVE.isTrue(),
                MEMBERSHIP.ROLES.contains(new String[]{Role.ADMIN.name()}));
    }

    /** The signed-in person's own active memberships in all organizations (for sign-in and the switcher). */
    List<MembershipRow> activeMembershipsOf(UUID userId) {
        return dsl.select(ORGANIZATION.ID, ORGANIZATION.SLUG, ORGANIZATION.NAME, MEMBERSHIP.ROLES)
                .from(MEMBERSHIP).join(ORGANIZATION).on(ORGANIZATION.ID.eq(MEMBERSHIP.ORGANIZATION_ID))
                .where(MEMBERSHIP.USER_ID.eq(userId), MEMBERSHIP.ACTIVE.isTrue())
                .orderBy(ORGANIZATION.NAME)
                .fetch(r -> new MembershipRow(
                        new Organization(r.get(ORGANIZATION.ID), r.get(ORGANIZATION.SLUG), r.get(ORGANIZATION.NAME)),
                        Role.parse(r.get(MEMBERSHIP.ROLES))));
    }

    /** Every organization the person belongs to, active or not (to file their failed sign-ins in each). */
    List<UUID> organizationIdsOf(UUID userId) {
        return dsl.select(MEMBERSHIP.ORGANIZATION_ID).from(MEMBERSHIP).where(MEMBERSHIP.USER_ID.eq(userId))
                .fetch(MEMBERSHIP.ORGANIZATION_ID);
    }

    private static Member toMember(Record r) {
        return new Member(r.get(MEMBERSHIP.USER_ID), r.get(APP_USER.EMAIL), r.get(APP_USER.DISPLAY_NAME),
                Role.parse(r.get(MEMBERSHIP.ROLES)), r.get(MEMBERSHIP.ACTIVE), r.get(MEMBERSHIP.CREATED_AT).toInstant());
    }
}
