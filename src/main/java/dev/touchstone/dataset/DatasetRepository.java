package dev.touchstone.dataset;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.touchstone.db.Tables.DATASET;
import static dev.touchstone.db.Tables.EPISODE;
import static dev.touchstone.db.Tables.STREAM;

/** Datasets, episodes and streams; every query filters by organization. */
@Repository
class DatasetRepository {

    private static final TypeReference<Map<String, Object>> OBJECT_MAP = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {
    };
    private static final TypeReference<List<StreamInfo.Channel>> CHANNELS = new TypeReference<>() {
    };

    private final DSLContext dsl;
    private final JsonMapper json;

    DatasetRepository(DSLContext dsl, JsonMapper json) {
        this.dsl = dsl;
        this.json = json;
    }

    UUID insertDataset(UUID organizationId, String name, String description, UUID createdBy) {
        return dsl.insertInto(DATASET, DATASET.ORGANIZATION_ID, DATASET.NAME, DATASET.DESCRIPTION, DATASET.CREATED_BY)
                .values(organizationId, name, description, createdBy)
                .returning(DATASET.ID).fetchSingle(DATASET.ID);
    }

    boolean datasetNameTaken(UUID organizationId, String name) {
        return dsl.fetchExists(DATASET, DATASET.ORGANIZATION_ID.eq(organizationId)
                .and(DSL.lower(DATASET.NAME).eq(name.toLowerCase())));
    }

    List<Dataset> datasets(UUID organizationId) {
        return datasets(DATASET.ORGANIZATION_ID.eq(organizationId));
    }

    Optional<Dataset> dataset(UUID organizationId, UUID datasetId) {
        return datasets(DATASET.ORGANIZATION_ID.eq(organizationId).and(DATASET.ID.eq(datasetId))).stream()
                .findFirst();
    }

    Optional<Dataset> datasetByName(UUID organizationId, String name) {
        return datasets(DATASET.ORGANIZATION_ID.eq(organizationId)
                .and(DSL.lower(DATASET.NAME).eq(name.toLowerCase()))).stream().findFirst();
    }

    /**
     * A page of datasets in the order they were made (the API's keyset: created_at, then id), after the given one
     * (null for the first page).
     */
    List<Dataset> datasetsAfter(UUID organizationId, Instant afterCreatedAt, UUID afterId, int limit) {
        Condition condition = DATASET.ORGANIZATION_ID.eq(organizationId);
        if (afterId != null) {
            condition = condition.and(DSL.row(DATASET.CREATED_AT, DATASET.ID)
                    .gt(DSL.row(DSL.val(afterCreatedAt.atOffset(ZoneOffset.UTC)), DSL.val(afterId))));
        }
        return datasets(condition, List.of(DATASET.CREATED_AT, DATASET.ID), limit);
    }

    /** Datasets with their episode counts and durations; the condition narrows before aggregating. */
    private List<Dataset> datasets(Condition condition) {
        return datasets(condition, List.of(DSL.lower(DATASET.NAME)), Integer.MAX_VALUE);
    }

    private List<Dataset> datasets(Condition condition, List<? extends org.jooq.OrderField<?>> order, int limit) {
        var episodes = DSL.count(EPISODE.ID);
        var duration = DSL.coalesce(DSL.sum(EPISODE.DURATION_NS), DSL.inline(java.math.BigDecimal.ZERO));
        return dsl.select(DATASET.ID, DATASET.NAME, DATASET.DESCRIPTION, DATASET.CREATED_AT, episodes, duration)
                .from(DATASET).leftJoin(EPISODE).on(EPISODE.DATASET_ID.eq(DATASET.ID))
                .where(condition)
                .groupBy(DATASET.ID)
                .orderBy(order)
                .limit(limit)
                .fetch(r -> new Dataset(r.get(DATASET.ID), r.get(DATASET.NAME), r.get(DATASET.DESCRIPTION),
                        r.get(DATASET.CREATED_AT).toInstant(), r.get(episodes), r.get(duration).longValue()));
    }

    boolean anyDataset(UUID organizationId) {
        return dsl.fetchExists(DATASET, DATASET.ORGANIZATION_ID.eq(organizationId));
    }

    boolean datasetExists(UUID organizationId, UUID datasetId) {
        return dsl.fetchExists(DATASET, DATASET.ORGANIZATION_ID.eq(organizationId).and(DATASET.ID.eq(datasetId)));
    }

    private Condition episodeCondition(UUID organizationId, UUID datasetId, EpisodeFilter filter) {
        Condition condition = EPISODE.ORGANIZATION_ID.eq(organizationId).and(EPISODE.DATASET_ID.eq(datasetId));
        if (filter.text() != null && !filter.text().isBlank()) {
            String pattern = "%" + filter.text().trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                    + "%";
            condition = condition.and(EPISODE.NAME.likeIgnoreCase(pattern, '\\')
                    .or(EPISODE.TASK.likeIgnoreCase(pattern, '\\'))
                    .or(EPISODE.SOURCE_FILE.likeIgnoreCase(pattern, '\\')));
        }
        if (filter.robot() != null && !filter.robot().isBlank()) {
            condition = condition.and(EPISODE.ROBOT.eq(filter.robot()));
        }
        if (filter.minDurationNanos() != null) {
            condition = condition.and(EPISODE.DURATION_NS.ge(filter.minDurationNanos()));
        }
        if (filter.maxDurationNanos() != null) {
            condition = condition.and(EPISODE.DURATION_NS.le(filter.maxDurationNanos()));
        }
        if (filter.importJobId() != null) {
            condition = condition.and(EPISODE.IMPORT_JOB_ID.eq(filter.importJobId()));
        }
        return condition;
    }

    int countEpisodes(UUID organizationId, UUID datasetId, EpisodeFilter filter) {
        return dsl.fetchCount(EPISODE, episodeCondition(organizationId, datasetId, filter));
    }

    List<EpisodeRow> episodes(UUID organizationId, UUID datasetId, EpisodeFilter filter, int offset, int limit) {
        return dsl.selectFrom(EPISODE)
                .where(episodeCondition(organizationId, datasetId, filter))
                .orderBy(EPISODE.CREATED_AT, EPISODE.ID)
                .offset(offset).limit(limit)
                .fetch(this::episodeRow);
    }

    /**
     * A page of a dataset's episodes in the order they were imported (created_at, then id), after the given one
     * (null for the first page), narrowed by the filter.
     */
    List<EpisodeRow> episodesAfter(UUID organizationId, UUID datasetId, EpisodeFilter filter, Instant afterCreatedAt,
                                   UUID afterId, int limit) {
        Condition condition = episodeCondition(organizationId, datasetId, filter);
        if (afterId != null) {
            condition = condition.and(DSL.row(EPISODE.CREATED_AT, EPISODE.ID)
                    .gt(DSL.row(DSL.val(afterCreatedAt.atOffset(ZoneOffset.UTC)), DSL.val(afterId))));
        }
        return dsl.selectFrom(EPISODE)
                .where(condition)
                .orderBy(EPISODE.CREATED_AT, EPISODE.ID)
                .limit(limit)
                .fetch(this::episodeRow);
    }

    /**
     * Sets an episode's task text (its description) when given, and merges the metadata: keys given with a value
     * are set, keys given with null removed, others kept. False when the episode is not in the organization.
     */
    boolean updateEpisode(UUID organizationId, UUID episodeId, String description, Map<String, String> set,
                          java.util.Collection<String> remove) {
        var update = dsl.update(EPISODE)
                .set(EPISODE.METADATA, DSL.field("({0} || {1}) - {2}::text[]", EPISODE.METADATA.getDataType(),
                        EPISODE.METADATA, DSL.val(JSONB.valueOf(json.writeValueAsString(set))),
                        DSL.val(remove.toArray(String[]::new))));
        if (description != null) {
            update = update.set(EPISODE.TASK, description);
        }
        return update.where(EPISODE.ORGANIZATION_ID.eq(organizationId), EPISODE.ID.eq(episodeId)).execute() == 1;
    }

    List<String> robots(UUID organizationId, UUID datasetId) {
        return dsl.selectDistinct(EPISODE.ROBOT).from(EPISODE)
                .where(EPISODE.ORGANIZATION_ID.eq(organizationId).and(EPISODE.DATASET_ID.eq(datasetId))
                        .and(EPISODE.ROBOT.ne("")))
                .orderBy(EPISODE.ROBOT).fetch(EPISODE.ROBOT);
    }

    List<EpisodeBatch> batches(UUID organizationId, UUID datasetId) {
        var first = DSL.min(EPISODE.CREATED_AT);
        var count = DSL.count();
        return dsl.select(EPISODE.IMPORT_JOB_ID, first, count).from(EPISODE)
                .where(EPISODE.ORGANIZATION_ID.eq(organizationId).and(EPISODE.DATASET_ID.eq(datasetId))
                        .and(EPISODE.IMPORT_JOB_ID.isNotNull()))
                .groupBy(EPISODE.IMPORT_JOB_ID).orderBy(first.desc()).limit(500)
                .fetch(r -> new EpisodeBatch(r.get(EPISODE.IMPORT_JOB_ID), r.get(first).toInstant(), r.get(count)));
    }

    private EpisodeRow episodeRow(Record r) {
        OffsetDateTime recorded = r.get(EPISODE.RECORDED_AT);
        return new EpisodeRow(r.get(EPISODE.ID), r.get(EPISODE.DATASET_ID), r.get(EPISODE.NAME), r.get(EPISODE.ROBOT),
                r.get(EPISODE.TASK), r.get(EPISODE.OPERATOR), r.get(EPISODE.DURATION_NS), r.get(EPISODE.STREAM_COUNT),
                r.get(EPISODE.SOURCE_FORMAT), r.get(EPISODE.SOURCE_FILE),
                recorded == null ? null : recorded.toInstant(), r.get(EPISODE.CREATED_AT).toInstant(),
                r.get(EPISODE.IMPORT_JOB_ID));
    }

    Optional<EpisodeDetail> episode(UUID organizationId, UUID episodeId) {
        return dsl.select(EPISODE.asterisk(), DATASET.NAME.as("dataset_name")).from(EPISODE)
                .join(DATASET).on(DATASET.ID.eq(EPISODE.DATASET_ID))
                .where(EPISODE.ORGANIZATION_ID.eq(organizationId).and(EPISODE.ID.eq(episodeId)))
                .fetchOptional(r -> new EpisodeDetail(episodeRow(r), r.get("dataset_name", String.class),
                        read(r.get(EPISODE.METADATA), STRING_MAP),
                        r.get(EPISODE.GROUND_TRUTH) == null ? null : r.get(EPISODE.GROUND_TRUTH).data(),
                        read(r.get(EPISODE.NOTES), STRING_LIST), streams(organizationId, episodeId)));
    }

    List<EpisodeMetadata> episodeMetadata(UUID organizationId, java.util.Set<UUID> episodeIds) {
        return dsl.select(EPISODE.ID, EPISODE.DATASET_ID, EPISODE.NAME, EPISODE.METADATA).from(EPISODE)
                .where(EPISODE.ORGANIZATION_ID.eq(organizationId), EPISODE.ID.in(episodeIds))
                .fetch(r -> new EpisodeMetadata(r.value1(), r.value2(), r.value3(), read(r.value4(), STRING_MAP)));
    }

    List<EpisodeMetadata> episodesWithMetadata(UUID organizationId, UUID datasetId, String key) {
        return dsl.select(EPISODE.ID, EPISODE.DATASET_ID, EPISODE.NAME, EPISODE.METADATA).from(EPISODE)
                .where(EPISODE.ORGANIZATION_ID.eq(organizationId), EPISODE.DATASET_ID.eq(datasetId),
                        DSL.condition("jsonb_exists({0}, {1})", EPISODE.METADATA, DSL.val(key)))
                .orderBy(EPISODE.NAME, EPISODE.ID)
                .fetch(r -> new EpisodeMetadata(r.value1(), r.value2(), r.value3(), read(r.value4(), STRING_MAP)));
    }

    List<StreamInfo> streams(UUID organizationId, UUID episodeId) {
        return dsl.selectFrom(STREAM)
                .where(STREAM.ORGANIZATION_ID.eq(organizationId).and(STREAM.EPISODE_ID.eq(episodeId)))
                .orderBy(STREAM.KIND, STREAM.NAME)
                .fetch(r -> new StreamInfo(r.getId(), r.getName(), StreamKind.valueOf(r.getKind()),
                        r.getSampleCount(), r.getFirstNs(), r.getLastNs(), r.getOffsetNs(),
                        r.getRateHz() == null ? 0 : r.getRateHz(),
                        r.getMedianIntervalNs() == null ? 0 : r.getMedianIntervalNs(),
                        r.getMaxIntervalNs() == null ? 0 : r.getMaxIntervalNs(), r.getGapCount(),
                        r.getDroppedCount(), read(r.getChannels(), CHANNELS), read(r.getProperties(), OBJECT_MAP),
                        r.getSourceFile(), r.getSourceDetail(), r.getByteSize()));
    }

    /** Where a stream's data is, for the media plane; empty when the stream is not in this organization. */
    Optional<StoredStream> storedStream(UUID organizationId, UUID streamId) {
        return dsl.select(STREAM.ID, STREAM.EPISODE_ID, STREAM.KIND, STREAM.BLOB_KEY, STREAM.INDEX_BLOB_KEY,
                        STREAM.OFFSET_NS, STREAM.FIRST_NS, STREAM.LAST_NS)
                .from(STREAM)
                .where(STREAM.ORGANIZATION_ID.eq(organizationId).and(STREAM.ID.eq(streamId)))
                .fetchOptional(r -> new StoredStream(r.get(STREAM.ID), r.get(STREAM.EPISODE_ID),
                        StreamKind.valueOf(r.get(STREAM.KIND)), r.get(STREAM.BLOB_KEY), r.get(STREAM.INDEX_BLOB_KEY),
                        r.get(STREAM.OFFSET_NS), r.get(STREAM.FIRST_NS), r.get(STREAM.LAST_NS)));
    }

    /** Where each stream of an episode is stored, for exports; empty when the episode is not in this organization. */
    List<StoredStream> storedStreams(UUID organizationId, UUID episodeId) {
        return dsl.select(STREAM.ID, STREAM.EPISODE_ID, STREAM.KIND, STREAM.BLOB_KEY, STREAM.INDEX_BLOB_KEY,
                        STREAM.OFFSET_NS, STREAM.FIRST_NS, STREAM.LAST_NS)
                .from(STREAM)
                .where(STREAM.ORGANIZATION_ID.eq(organizationId).and(STREAM.EPISODE_ID.eq(episodeId)))
                .orderBy(STREAM.KIND, STREAM.NAME)
                .fetch(r -> new StoredStream(r.get(STREAM.ID), r.get(STREAM.EPISODE_ID),
                        StreamKind.valueOf(r.get(STREAM.KIND)), r.get(STREAM.BLOB_KEY), r.get(STREAM.INDEX_BLOB_KEY),
                        r.get(STREAM.OFFSET_NS), r.get(STREAM.FIRST_NS), r.get(STREAM.LAST_NS)));
    }

    boolean setStreamOffset(UUID organizationId, UUID streamId, long offsetNanos) {
        return dsl.update(STREAM).set(STREAM.OFFSET_NS, offsetNanos)
                .where(STREAM.ORGANIZATION_ID.eq(organizationId).and(STREAM.ID.eq(streamId))).execute() == 1;
    }

    /** A stream about to be inserted with its episode. */
    record NewStream(UUID id, String name, StreamKind kind, String blobKey, String indexBlobKey, IntervalStats stats,
                     List<StreamInfo.Channel> channels, Map<String, Object> properties, StreamSource source,
                     long byteSize) {
    }

    /** Inserts an episode and its streams; the caller's transaction makes them appear together. */
    void insertEpisode(UUID id, UUID organizationId, UUID datasetId, UUID importJobId, String sourceKey,
                       EpisodeDescription description, long durationNanos, String blobPrefix, List<String> notes,
                       List<NewStream> streams) {
        dsl.insertInto(EPISODE)
                .set(EPISODE.ID, id)
                .set(EPISODE.ORGANIZATION_ID, organizationId)
                .set(EPISODE.DATASET_ID, datasetId)
                .set(EPISODE.IMPORT_JOB_ID, importJobId)
                .set(EPISODE.SOURCE_KEY, sourceKey)
                .set(EPISODE.NAME, description.name())
                .set(EPISODE.ROBOT, description.robot())
                .set(EPISODE.TASK, description.task())
                .set(EPISODE.OPERATOR, description.operator())
                .set(EPISODE.RECORDED_AT, description.recordedAt() == null ? null
                        : description.recordedAt().atOffset(ZoneOffset.UTC))
                .set(EPISODE.DURATION_NS, durationNanos)
                .set(EPISODE.SOURCE_FILE, description.sourceFile())
                .set(EPISODE.SOURCE_FORMAT, description.sourceFormat())
                .set(EPISODE.BLOB_PREFIX, blobPrefix)
                .set(EPISODE.METADATA, jsonb(description.metadata()))
                .set(EPISODE.GROUND_TRUTH, description.groundTruth() == null ? null
                        : JSONB.valueOf(description.groundTruth()))
                .set(EPISODE.NOTES, jsonb(notes))
                .set(EPISODE.STREAM_COUNT, streams.size())
                .execute();
        var insert = dsl.insertInto(STREAM, STREAM.ID, STREAM.ORGANIZATION_ID, STREAM.EPISODE_ID, STREAM.NAME,
                STREAM.KIND, STREAM.BLOB_KEY, STREAM.INDEX_BLOB_KEY, STREAM.SAMPLE_COUNT, STREAM.FIRST_NS,
                STREAM.LAST_NS, STREAM.RATE_HZ, STREAM.MEDIAN_INTERVAL_NS, STREAM.MAX_INTERVAL_NS, STREAM.GAP_COUNT,
                STREAM.DROPPED_COUNT, STREAM.CHANNELS, STREAM.PROPERTIES, STREAM.SOURCE_FILE, STREAM.SOURCE_DETAIL,
                STREAM.BYTE_SIZE);
        for (NewStream s : streams) {
            IntervalStats st = s.stats();
            insert = insert.values(s.id(), organizationId, id, s.name(), s.kind().name(), s.blobKey(),
                    s.indexBlobKey(), st.samples(), st.first(), st.last(), st.rateHz(), st.medianInterval(),
                    st.maxInterval(), st.gapCount(), st.droppedCount(), jsonb(s.channels()), jsonb(s.properties()),
                    s.source().file(), s.source().detail(), s.byteSize());
        }
        insert.execute();
    }

    Optional<String> episodeNameWithSourceKey(UUID organizationId, UUID datasetId, String sourceKey) {
        return dsl.select(EPISODE.NAME).from(EPISODE)
                .where(EPISODE.ORGANIZATION_ID.eq(organizationId).and(EPISODE.DATASET_ID.eq(datasetId))
                        .and(EPISODE.SOURCE_KEY.eq(sourceKey)))
                .orderBy(EPISODE.CREATED_AT).limit(1)
                .fetchOptional(EPISODE.NAME);
    }

    java.util.Set<UUID> existingEpisodes(java.util.Collection<UUID> episodeIds) {
        if (episodeIds.isEmpty()) {
            return java.util.Set.of();
        }
        return new java.util.HashSet<>(dsl.select(EPISODE.ID).from(EPISODE).where(EPISODE.ID.in(episodeIds))
                .fetch(EPISODE.ID));
    }

    private JSONB jsonb(Object value) {
        return JSONB.valueOf(json.writeValueAsString(value));
    }

    private <T> T read(JSONB value, TypeReference<T> type) {
        return json.readValue(value.data(), type);
    }
}
