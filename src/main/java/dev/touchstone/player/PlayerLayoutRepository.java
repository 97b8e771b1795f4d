package dev.touchstone.player;

import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

import java.util.Optional;
import java.util.UUID;

import static dev.touchstone.db.Tables.PLAYER_LAYOUT;

/** One layout document per member of an organization. */
@Repository
class PlayerLayoutRepository {

    private final DSLContext dsl;

    PlayerLayoutRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    Optional<String> find(UUID organizationId, UUID userId) {
        return dsl.select(PLAYER_LAYOUT.LAYOUT).from(PLAYER_LAYOUT)
                .where(PLAYER_LAYOUT.ORGANIZATION_ID.eq(organizationId).and(PLAYER_LAYOUT.USER_ID.eq(userId)))
                .fetchOptional(PLAYER_LAYOUT.LAYOUT).map(JSONB::data);
    }

    void save(UUID organizationId, UUID userId, String layout) {
        dsl.insertInto(PLAYER_LAYOUT, PLAYER_LAYOUT.ORGANIZATION_ID, PLAYER_LAYOUT.USER_ID, PLAYER_LAYOUT.LAYOUT)
                .values(organizationId, userId, JSONB.valueOf(layout))
                .onConflict(PLAYER_LAYOUT.ORGANIZATION_ID, PLAYER_LAYOUT.USER_ID).doUpdate()
                .set(PLAYER_LAYOUT.LAYOUT, JSONB.valueOf(layout))
                .set(PLAYER_LAYOUT.UPDATED_AT, DSL.currentOffsetDateTime())
                .execute();
    }
}
