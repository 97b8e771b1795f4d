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
 * Memberships. Methods without an organization parameter are scoped to the current organization by construction;
 * the two methods that look across organizations are keyed by the signed-in person's own user id.
 */
@Repository
class MembershipRepository {

    record MembershipRow(Organization organization, Set<Role> roles) {
    }

    private final DSLContext dsl;
    private final CurrentOrganization current;

    MembershipRepository(DSLContext dsl, CurrentOrganization current) {
        this.dsl = dsl;
        this.current = current;
    }

    private Condition inCurrentOrganization() {
        return MEMBERSHIP.ORGANIZATION_ID.eq(current.id());
    }

    List<Member> members() {
        return dsl.select(MEMBERSHIP.fields()).select(APP_USER.EMAIL, APP_USER.DISPLAY_NAME)
                .from(MEMBERSHIP).join(APP_USER).on(APP_USER.ID.eq(MEMBERSHIP.USER_ID))
                .where(inCurrentOrganization())
                .orderBy(APP_USER.DISPLAY_NAME, APP_USER.EMAIL)
                .fetch(MembershipRepository::toMember);
    }

    Optional<Member> member(UUID userId) {
        return dsl.select(MEMBERSHIP.fields()).select(APP_USER.EMAIL, APP_USER.DISPLAY_NAME)
                .from(MEMBERSHIP).join(APP_USER).on(APP_USER.ID.eq(MEMBERSHIP.USER_ID))
                .where(inCurrentOrganization(), MEMBERSHIP.USER_ID.eq(userId))
                .fetchOptional(MembershipRepository::toMember);
    }

    void insert(UUID userId, Set<Role> roles) {
        dsl.insertInto(MEMBERSHIP, MEMBERSHIP.ORGANIZATION_ID, MEMBERSHIP.USER_ID, MEMBERSHIP.ROLES)
                .values(current.id(), userId, Role.names(roles))
                .execute();
    }

    int updateRoles(UUID userId, Set<Role> roles) {
        return dsl.update(MEMBERSHIP)
                .set(MEMBERSHIP.ROLES, Role.names(roles))
                .set(MEMBERSHIP.UPDATED_AT, OffsetDateTime.now())
                .where(inCurrentOrganization(), MEMBERSHIP.USER_ID.eq(userId))
                .execute();
    }

    int setActive(UUID userId, boolean active) {
        return dsl.update(MEMBERSHIP)
                .set(MEMBERSHIP.ACTIVE, active)
                .set(MEMBERSHIP.UPDATED_AT, OffsetDateTime.now())
                .where(inCurrentOrganization(), MEMBERSHIP.USER_ID.eq(userId))
                .execute();
    }

    int countActiveAdmins() {
        return dsl.fetchCount(MEMBERSHIP, inCurrentOrganization(), MEMBERSHIP.ACTIVE.isTrue(),
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

    /** Seeding only: a membership in a named organization, used before anybody is signed in. */
    void insertForSeed(UUID organizationId, UUID userId, Set<Role> roles) {
        dsl.insertInto(MEMBERSHIP, MEMBERSHIP.ORGANIZATION_ID, MEMBERSHIP.USER_ID, MEMBERSHIP.ROLES)
                .values(organizationId, userId, Role.names(roles))
                .execute();
    }

    private static Member toMember(Record r) {
        return new Member(r.get(MEMBERSHIP.USER_ID), r.get(APP_USER.EMAIL), r.get(APP_USER.DISPLAY_NAME),
                Role.parse(r.get(MEMBERSHIP.ROLES)), r.get(MEMBERSHIP.ACTIVE), r.get(MEMBERSHIP.CREATED_AT).toInstant());
    }
}
