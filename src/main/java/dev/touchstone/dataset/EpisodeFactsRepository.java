package dev.touchstone.dataset;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.touchstone.db.Tables.EPISODE;

/** Names and metadata of episodes for {@link EpisodeFacts}; every query filters by organization. */
@Repository
class EpisodeFactsRepository {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final DSLContext dsl;
    private final JsonMapper json;

    EpisodeFactsRepository(DSLContext dsl, JsonMapper json) {
        this.dsl = dsl;
        this.json = json;
    }

    Optional<EpisodeFacts.Facts> episode(UUID organizationId, UUID episodeId) {
        return select(EPISODE.ORGANIZATION_ID.eq(organizationId).and(EPISODE.ID.eq(episodeId)), 1).stream()
                .findFirst();
    }

    List<EpisodeFacts.Facts> page(UUID organizationId, UUID datasetId, UUID afterEpisodeId, int limit) {
        Condition where = EPISODE.ORGANIZATION_ID.eq(organizationId).and(EPISODE.DATASET_ID.eq(datasetId));
        if (afterEpisodeId != null) {
            where = where.and(EPISODE.ID.gt(afterEpisodeId));
        }
        return select(where, limit);
    }

    private List<EpisodeFacts.Facts> select(Condition where, int limit) {
        return dsl.select(EPISODE.ID, EPISODE.DATASET_ID, EPISODE.NAME, EPISODE.CREATED_AT, EPISODE.METADATA)
                .from(EPISODE).where(where).orderBy(EPISODE.ID).limit(limit)
                .fetch(this::facts);
    }

    private EpisodeFacts.Facts facts(Record r) {
        JSONB metadata = r.get(EPISODE.METADATA);
        return new EpisodeFacts.Facts(r.get(EPISODE.ID), r.get(EPISODE.DATASET_ID), r.get(EPISODE.NAME),
                r.get(EPISODE.CREATED_AT).toInstant(),
                metadata == null ? Map.of() : json.readValue(metadata.data(), STRING_MAP));
    }
}
