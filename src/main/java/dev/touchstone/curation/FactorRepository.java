package dev.touchstone.curation;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Query;
import org.springframework.stereotype.Repository;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static dev.touchstone.db.Tables.CURATION_FACTOR;
import static dev.touchstone.db.Tables.CURATION_FACTOR_VALUE;

/** Factor declarations and their values per episode; every statement filters by organization. */
@Repository
class FactorRepository {

    private final DSLContext dsl;

    FactorRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    List<Factor> factors(UUID organizationId, UUID datasetId) {
        return dsl.selectFrom(CURATION_FACTOR)
                .where(CURATION_FACTOR.ORGANIZATION_ID.eq(organizationId), CURATION_FACTOR.DATASET_ID.eq(datasetId))
                .orderBy(CURATION_FACTOR.POSITION).fetch(this::factor);
    }

    /** The label-sourced factors that read a project's accepted labels. */
    List<Factor> labelFactors(UUID organizationId, UUID projectId) {
        return dsl.selectFrom(CURATION_FACTOR)
                .where(CURATION_FACTOR.ORGANIZATION_ID.eq(organizationId), CURATION_FACTOR.PROJECT_ID.eq(projectId),
                        CURATION_FACTOR.SOURCE.eq("label"))
                .orderBy(CURATION_FACTOR.POSITION).fetch(this::factor);
    }

    UUID insert(UUID organizationId, UUID datasetId, int position, NewFactor f) {
        return dsl.insertInto(CURATION_FACTOR)
                .set(CURATION_FACTOR.ORGANIZATION_ID, organizationId)
                .set(CURATION_FACTOR.DATASET_ID, datasetId)
                .set(CURATION_FACTOR.POSITION, (short) position)
                .set(CURATION_FACTOR.KEY, f.key())
                .set(CURATION_FACTOR.NAME, f.name().strip())
                .set(CURATION_FACTOR.KIND, f.kind().name().toLowerCase(Locale.ROOT))
                .set(CURATION_FACTOR.CATEGORIES, f.categories().toArray(String[]::new))
                .set(CURATION_FACTOR.OPEN, f.open())
                .set(CURATION_FACTOR.EDGES, f.edges().toArray(Double[]::new))
                .set(CURATION_FACTOR.SOURCE, f.source().name().toLowerCase(Locale.ROOT))
                .set(CURATION_FACTOR.SOURCE_KEY, f.source() == FactorSource.MANUAL ? null : f.sourceKey())
                .set(CURATION_FACTOR.PROJECT_ID, f.source() == FactorSource.LABEL ? f.projectId() : null)
                .set(CURATION_FACTOR.SUCCESS_VALUES, f.successValues().toArray(String[]::new))
                .returning(CURATION_FACTOR.ID).fetchSingle(CURATION_FACTOR.ID);
    }

    void setCategories(UUID organizationId, UUID factorId, List<String> categories) {
        dsl.update(CURATION_FACTOR).set(CURATION_FACTOR.CATEGORIES, categories.toArray(String[]::new))
                .where(CURATION_FACTOR.ORGANIZATION_ID.eq(organizationId), CURATION_FACTOR.ID.eq(factorId))
                .execute();
    }

    boolean delete(UUID organizationId, UUID datasetId, UUID factorId) {
        return dsl.deleteFrom(CURATION_FACTOR)
                .where(CURATION_FACTOR.ORGANIZATION_ID.eq(organizationId), CURATION_FACTOR.DATASET_ID.eq(datasetId),
                        CURATION_FACTOR.ID.eq(factorId))
                .execute() == 1;
    }

    /** Sets values (episode id to value) of one factor; a null value removes the episode's value. */
    void setValues(UUID organizationId, UUID factorId, Map<UUID, String> values) {
        List<Query> queries = new ArrayList<>();
        values.forEach((episodeId, value) -> {
            if (value == null) {
                queries.add(dsl.deleteFrom(CURATION_FACTOR_VALUE)
                        .where(CURATION_FACTOR_VALUE.ORGANIZATION_ID.eq(organizationId),
                                CURATION_FACTOR_VALUE.FACTOR_ID.eq(factorId),
                                CURATION_FACTOR_VALUE.EPISODE_ID.eq(episodeId)));
            } else {
                queries.add(dsl.insertInto(CURATION_FACTOR_VALUE)
                        .set(CURATION_FACTOR_VALUE.ORGANIZATION_ID, organizationId)
                        .set(CURATION_FACTOR_VALUE.FACTOR_ID, factorId)
                        .set(CURATION_FACTOR_VALUE.EPISODE_ID, episodeId)
                        .set(CURATION_FACTOR_VALUE.VALUE, value)
                        .onConflict(CURATION_FACTOR_VALUE.FACTOR_ID, CURATION_FACTOR_VALUE.EPISODE_ID)
                        .doUpdate().set(CURATION_FACTOR_VALUE.VALUE, value));
            }
        });
        for (int from = 0; from < queries.size(); from += 1000) {
            dsl.batch(queries.subList(from, Math.min(queries.size(), from + 1000))).execute();
        }
    }

    /**
     * The values of the given factors by episode then factor id, for the given episodes (null: every episode that has
     * a value).
     */
    Map<UUID, Map<UUID, String>> values(UUID organizationId, Collection<UUID> factorIds, Collection<UUID> episodeIds) {
        var where = CURATION_FACTOR_VALUE.ORGANIZATION_ID.eq(organizationId)
                .and(CURATION_FACTOR_VALUE.FACTOR_ID.in(factorIds));
        if (episodeIds != null) {
            where = where.and(CURATION_FACTOR_VALUE.EPISODE_ID.in(episodeIds));
        }
        Map<UUID, Map<UUID, String>> out = new HashMap<>();
        dsl.select(CURATION_FACTOR_VALUE.EPISODE_ID, CURATION_FACTOR_VALUE.FACTOR_ID, CURATION_FACTOR_VALUE.VALUE)
                .from(CURATION_FACTOR_VALUE).where(where)
                .forEach(r -> out.computeIfAbsent(r.value1(), k -> new HashMap<>()).put(r.value2(), r.value3()));
        return out;
    }

    private Factor factor(Record r) {
        return new Factor(r.get(CURATION_FACTOR.ID), r.get(CURATION_FACTOR.DATASET_ID), r.get(CURATION_FACTOR.POSITION),
                r.get(CURATION_FACTOR.KEY), r.get(CURATION_FACTOR.NAME),
                FactorKind.valueOf(r.get(CURATION_FACTOR.KIND).toUpperCase(Locale.ROOT)),
                Arrays.asList(r.get(CURATION_FACTOR.CATEGORIES)), r.get(CURATION_FACTOR.OPEN),
                Arrays.asList(r.get(CURATION_FACTOR.EDGES)),
                FactorSource.valueOf(r.get(CURATION_FACTOR.SOURCE).toUpperCase(Locale.ROOT)),
                r.get(CURATION_FACTOR.SOURCE_KEY), r.get(CURATION_FACTOR.PROJECT_ID),
                Arrays.asList(r.get(CURATION_FACTOR.SUCCESS_VALUES)));
    }
}
