package dev.touchstone.organization;

import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import java.util.Optional;
import java.util.UUID;

import static dev.touchstone.db.Tables.ORGANIZATION;

@Repository
class OrganizationRepository {

    private final DSLContext dsl;

    OrganizationRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    UUID insert(String slug, String name) {
        return dsl.insertInto(ORGANIZATION, ORGANIZATION.SLUG, ORGANIZATION.NAME)
                .values(slug, name)
                .returning(ORGANIZATION.ID)
                .fetchSingle(ORGANIZATION.ID);
    }

    Optional<Organization> findBySlug(String slug) {
        return dsl.selectFrom(ORGANIZATION).where(ORGANIZATION.SLUG.eq(slug))
                .fetchOptional(r -> new Organization(r.getId(), r.getSlug(), r.getName()));
    }

    boolean any() {
        return dsl.fetchExists(ORGANIZATION);
    }
}
