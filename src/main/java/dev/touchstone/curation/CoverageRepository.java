package dev.touchstone.curation;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.touchstone.db.Tables.COVERAGE_COMBO;
import static dev.touchstone.db.Tables.COVERAGE_EPISODE;

/**
 * The coverage table (one row per episode: its bins and outcome) and the grid's aggregate over it; every statement
 * filters by organization.
 */
@Repository
class CoverageRepository {

    /** An episode's row: the dataset it is in and its bins by position (index 0 is position 1; null: no value). */
    record Row(UUID episodeId, UUID datasetId, String name, Short[] bins) {
    }

    /** One group of the grid: the bins of the chosen factors (null: no value) and the counts of its episodes. */
    record CellRow(List<Short> bins, int episodes, int accepted, int labelled, int successes, int measured,
                   Double meanQualityFlag) {
    }

    /** The bins and outcome of an episode to write. */
    record Bins(Short[] bins, Boolean success) {
    }

    private final DSLContext dsl;

    CoverageRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Adds a row for each episode not yet in the table; returns how many were added. */
    int insertMissing(UUID organizationId, UUID datasetId, List<EpisodeName> episodes) {
        List<Query> queries = new ArrayList<>();
        for (EpisodeName e : episodes) {
            queries.add(dsl.insertInto(COVERAGE_EPISODE)
                    .set(COVERAGE_EPISODE.ORGANIZATION_ID, organizationId)
                    .set(COVERAGE_EPISODE.DATASET_ID, datasetId)
                    .set(COVERAGE_EPISODE.EPISODE_ID, e.episodeId())
                    .set(COVERAGE_EPISODE.NAME, e.name())
                    .set(COVERAGE_EPISODE.IMPORTED_AT, OffsetDateTime.ofInstant(e.importedAt(), ZoneOffset.UTC))
                    .onConflictDoNothing());
        }
        int added = 0;
        for (int from = 0; from < queries.size(); from += 1000) {
            for (int n : dsl.batch(queries.subList(from, Math.min(queries.size(), from + 1000))).execute()) {
                added += Math.max(0, n);
            }
        }
        return added;
    }

    /** An episode's name and import time, as the coverage table keeps it. */
    record EpisodeName(UUID episodeId, String name, Instant importedAt) {
    }

    Optional<Row> row(UUID organizationId, UUID episodeId) {
        return dsl.select(COVERAGE_EPISODE.EPISODE_ID, COVERAGE_EPISODE.DATASET_ID, COVERAGE_EPISODE.NAME,
                        COVERAGE_EPISODE.BINS)
                .from(COVERAGE_EPISODE)
                .where(COVERAGE_EPISODE.ORGANIZATION_ID.eq(organizationId), COVERAGE_EPISODE.EPISODE_ID.eq(episodeId))
                .fetchOptional(r -> new Row(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /** Every episode id of the dataset in the table. */
    List<UUID> episodeIds(UUID organizationId, UUID datasetId) {
        return dsl.select(COVERAGE_EPISODE.EPISODE_ID).from(COVERAGE_EPISODE)
                .where(COVERAGE_EPISODE.ORGANIZATION_ID.eq(organizationId), COVERAGE_EPISODE.DATASET_ID.eq(datasetId))
                .fetch(COVERAGE_EPISODE.EPISODE_ID);
    }

    /** The ids of the dataset's episodes with this name (names need not be unique). */
    List<UUID> episodesNamed(UUID organizationId, UUID datasetId, String name) {
        return dsl.select(COVERAGE_EPISODE.EPISODE_ID).from(COVERAGE_EPISODE)
                .where(COVERAGE_EPISODE.ORGANIZATION_ID.eq(organizationId), COVERAGE_EPISODE.DATASET_ID.eq(datasetId),
                        COVERAGE_EPISODE.NAME.eq(name))
                .fetch(COVERAGE_EPISODE.EPISODE_ID);
    }

    void setBins(UUID organizationId, Map<UUID, Bins> bins) {
        List<Query> queries = new ArrayList<>();
        bins.forEach((episodeId, b) -> queries.add(dsl.update(COVERAGE_EPISODE)
                .set(COVERAGE_EPISODE.BINS, b.bins())
                .set(COVERAGE_EPISODE.SUCCESS, b.success())
                .where(COVERAGE_EPISODE.ORGANIZATION_ID.eq(organizationId),
                        COVERAGE_EPISODE.EPISODE_ID.eq(episodeId))));
        for (int from = 0; from < queries.size(); from += 1000) {
            dsl.batch(queries.subList(from, Math.min(queries.size(), from + 1000))).execute();
        }
    }

    void markAccepted(UUID organizationId, UUID episodeId) {
        dsl.update(COVERAGE_EPISODE).set(COVERAGE_EPISODE.ACCEPTED, true)
                .where(COVERAGE_EPISODE.ORGANIZATION_ID.eq(organizationId), COVERAGE_EPISODE.EPISODE_ID.eq(episodeId))
                .execute();
    }

    void setQualityFlag(UUID organizationId, UUID episodeId, double flag) {
        dsl.update(COVERAGE_EPISODE).set(COVERAGE_EPISODE.QUALITY_FLAG, flag)
                .where(COVERAGE_EPISODE.ORGANIZATION_ID.eq(organizationId), COVERAGE_EPISODE.EPISODE_ID.eq(episodeId))
                .execute();
    }

    /**
     * The grid's one statement: the dataset's combinations (the incremental aggregate {@code coverage_combo}, which a
     * trigger keeps in step with the coverage table) grouped by the bins at the given positions, with each group's
     * summed counts (docs/curation.md, "The grid"). The positions are inlined: PostgreSQL matches the grouped
     * expressions to the selected ones by their text, and {@code bins[$1]} is not {@code bins[$3]}.
     */
    List<CellRow> grid(UUID organizationId, UUID datasetId, int[] positions) {
        List<Field<?>> select = new ArrayList<>();
        List<Field<Short>> groups = new ArrayList<>();
        for (int p : positions) {
            Field<Short> bin = DSL.arrayGet(COVERAGE_COMBO.BINS, DSL.inline(p));
            groups.add(bin);
            select.add(bin);
        }
        Field<java.math.BigDecimal> episodes = DSL.sum(COVERAGE_COMBO.EPISODES);
        Field<java.math.BigDecimal> accepted = DSL.sum(COVERAGE_COMBO.ACCEPTED);
        Field<java.math.BigDecimal> labelled = DSL.sum(COVERAGE_COMBO.LABELLED);
        Field<java.math.BigDecimal> successes = DSL.sum(COVERAGE_COMBO.SUCCESSES);
        Field<java.math.BigDecimal> measured = DSL.sum(COVERAGE_COMBO.MEASURED);
        Field<java.math.BigDecimal> flagged = DSL.sum(COVERAGE_COMBO.FLAGGED);
        select.addAll(List.of(episodes, accepted, labelled, successes, measured, flagged));
        return dsl.select(select).from(COVERAGE_COMBO)
                .where(COVERAGE_COMBO.DATASET_ID.eq(datasetId), COVERAGE_COMBO.ORGANIZATION_ID.eq(organizationId))
                .groupBy(groups)
                .having(DSL.sum(COVERAGE_COMBO.EPISODES).gt(java.math.BigDecimal.ZERO))
                .fetch(r -> {
                    List<Short> bins = new ArrayList<>();
                    for (Field<Short> g : groups) {
                        bins.add(r.get(g));
                    }
                    int m = r.get(measured).intValue();
                    return new CellRow(bins, r.get(episodes).intValue(), r.get(accepted).intValue(),
                            r.get(labelled).intValue(), r.get(successes).intValue(), m,
                            m == 0 ? null : r.get(flagged).doubleValue() / m);
                });
    }

    /** The episodes of one cell (each position at its bin), by name, at most {@code limit}. */
    List<CoverageEpisode> cell(UUID organizationId, UUID datasetId, int[] positions, int[] bins, int limit) {
        Condition where = COVERAGE_EPISODE.ORGANIZATION_ID.eq(organizationId)
                .and(COVERAGE_EPISODE.DATASET_ID.eq(datasetId));
        for (int i = 0; i < positions.length; i++) {
            where = where.and(DSL.arrayGet(COVERAGE_EPISODE.BINS, DSL.inline(positions[i])).eq((short) bins[i]));
        }
        return dsl.select(COVERAGE_EPISODE.EPISODE_ID, COVERAGE_EPISODE.NAME, COVERAGE_EPISODE.ACCEPTED,
                        COVERAGE_EPISODE.SUCCESS, COVERAGE_EPISODE.QUALITY_FLAG)
                .from(COVERAGE_EPISODE).where(where)
                .orderBy(COVERAGE_EPISODE.NAME, COVERAGE_EPISODE.EPISODE_ID).limit(limit)
                .fetch(r -> new CoverageEpisode(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    /** Episodes per bin of the factor at a position (key null: no value), summed over the combinations. */
    Map<Short, Integer> binCounts(UUID organizationId, UUID datasetId, int position) {
        Field<Short> bin = DSL.arrayGet(COVERAGE_COMBO.BINS, DSL.inline(position));
        Field<java.math.BigDecimal> episodes = DSL.sum(COVERAGE_COMBO.EPISODES);
        Map<Short, Integer> out = new HashMap<>();
        dsl.select(bin, episodes).from(COVERAGE_COMBO)
                .where(COVERAGE_COMBO.DATASET_ID.eq(datasetId), COVERAGE_COMBO.ORGANIZATION_ID.eq(organizationId))
                .groupBy(bin)
                .forEach((Record r) -> out.put(r.get(bin), r.get(episodes).intValue()));
        return out;
    }
}
