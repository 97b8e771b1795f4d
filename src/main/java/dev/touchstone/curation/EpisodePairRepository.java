package dev.touchstone.curation;

import dev.touchstone.db.tables.records.EpisodePairRecord;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.touchstone.db.Tables.EPISODE_PAIR;
import static org.jooq.impl.DSL.row;

/** Episode pairs; every statement is by organization. */
@Repository
class EpisodePairRepository {

    private final DSLContext dsl;

    EpisodePairRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    EpisodePair insert(UUID organizationId, UUID datasetId, String kind, UUID first, UUID second, String key,
                       long offsetNanos, UUID createdBy) {
        return toPair(dsl.insertInto(EPISODE_PAIR)
                .set(EPISODE_PAIR.ORGANIZATION_ID, organizationId)
                .set(EPISODE_PAIR.DATASET_ID, datasetId)
                .set(EPISODE_PAIR.KIND, kind)
                .set(EPISODE_PAIR.FIRST_EPISODE_ID, first)
                .set(EPISODE_PAIR.SECOND_EPISODE_ID, second)
                .set(EPISODE_PAIR.PAIR_KEY, key)
                .set(EPISODE_PAIR.OFFSET_NS, offsetNanos)
                .set(EPISODE_PAIR.CREATED_BY, createdBy)
                .returning()
                .fetchSingle());
    }

    Optional<EpisodePair> pair(UUID organizationId, UUID pairId) {
        return dsl.selectFrom(EPISODE_PAIR)
                .where(EPISODE_PAIR.ORGANIZATION_ID.eq(organizationId), EPISODE_PAIR.ID.eq(pairId))
                .fetchOptional(EpisodePairRepository::toPair);
    }

    /** The pair of these two episodes, whichever is first. */
    Optional<EpisodePair> pairOf(UUID organizationId, UUID a, UUID b) {
        return dsl.selectFrom(EPISODE_PAIR)
                .where(EPISODE_PAIR.ORGANIZATION_ID.eq(organizationId),
                        EPISODE_PAIR.FIRST_EPISODE_ID.eq(a).and(EPISODE_PAIR.SECOND_EPISODE_ID.eq(b))
                                .or(EPISODE_PAIR.FIRST_EPISODE_ID.eq(b).and(EPISODE_PAIR.SECOND_EPISODE_ID.eq(a))))
                .fetchOptional(EpisodePairRepository::toPair);
    }

    /** The dataset's pairs, oldest first, after the cursor's (createdAt, id) when given. */
    List<EpisodePair> pairs(UUID organizationId, UUID datasetId, Instant afterCreatedAt, UUID afterId, int limit) {
        var where = EPISODE_PAIR.ORGANIZATION_ID.eq(organizationId).and(EPISODE_PAIR.DATASET_ID.eq(datasetId));
        if (afterCreatedAt != null) {
            where = where.and(row(EPISODE_PAIR.CREATED_AT, EPISODE_PAIR.ID).gt(time(afterCreatedAt), afterId));
        }
        return dsl.selectFrom(EPISODE_PAIR).where(where)
                .orderBy(EPISODE_PAIR.CREATED_AT, EPISODE_PAIR.ID)
                .limit(limit)
                .fetch(EpisodePairRepository::toPair);
    }

    int count(UUID organizationId, UUID datasetId) {
        return dsl.fetchCount(EPISODE_PAIR, EPISODE_PAIR.ORGANIZATION_ID.eq(organizationId)
                .and(EPISODE_PAIR.DATASET_ID.eq(datasetId)));
    }

    /** The pairs an episode is in, oldest first. */
    List<EpisodePair> pairsOf(UUID organizationId, UUID episodeId) {
        return dsl.selectFrom(EPISODE_PAIR)
                .where(EPISODE_PAIR.ORGANIZATION_ID.eq(organizationId),
                        EPISODE_PAIR.FIRST_EPISODE_ID.eq(episodeId).or(EPISODE_PAIR.SECOND_EPISODE_ID.eq(episodeId)))
                .orderBy(EPISODE_PAIR.CREATED_AT, EPISODE_PAIR.ID)
                .fetch(EpisodePairRepository::toPair);
    }

    int setOffset(UUID organizationId, UUID pairId, long offsetNanos) {
        return dsl.update(EPISODE_PAIR).set(EPISODE_PAIR.OFFSET_NS, offsetNanos)
                .where(EPISODE_PAIR.ORGANIZATION_ID.eq(organizationId), EPISODE_PAIR.ID.eq(pairId))
                .execute();
    }

    int delete(UUID organizationId, UUID pairId) {
        return dsl.deleteFrom(EPISODE_PAIR)
                .where(EPISODE_PAIR.ORGANIZATION_ID.eq(organizationId), EPISODE_PAIR.ID.eq(pairId))
                .execute();
    }

    private static EpisodePair toPair(EpisodePairRecord r) {
        return new EpisodePair(r.getId(), r.getDatasetId(), r.getKind(), r.getFirstEpisodeId(),
                r.getSecondEpisodeId(), r.getPairKey(), r.getOffsetNs(), r.getCreatedAt().toInstant());
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
