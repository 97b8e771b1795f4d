package dev.touchstone.proposal;

import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Records;
import org.springframework.stereotype.Repository;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import static dev.touchstone.db.Tables.EPISODE_FLAG;
import static dev.touchstone.db.Tables.PROPOSAL_LABEL;

/** An episode's measured quality flags (V17 episode_flag), and the confidences triage summarises. */
@Repository
class EpisodeFlagRepository {

    /** One stored flag; value null when it could not be computed. */
    record FlagRow(UUID episodeId, int position, String key, Double value, String unit, JSONB spans,
                   long trimStartNanos, long trimEndNanos, OffsetDateTime measuredAt) {
    }

    /** A flag to store. */
    record NewFlag(String key, Double value, String unit, JSONB spans) {
    }

    /** One stored proposal's confidence, null when its source gave none. */
    record ConfidenceRow(UUID setId, Double confidence) {
    }

    private final DSLContext dsl;

    EpisodeFlagRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Replaces the episode's flags in the project (in the caller's transaction). */
    void replace(UUID organizationId, UUID projectId, UUID episodeId, List<NewFlag> flags, long trimStartNanos,
                 long trimEndNanos) {
        dsl.deleteFrom(EPISODE_FLAG)
                .where(EPISODE_FLAG.ORGANIZATION_ID.eq(organizationId), EPISODE_FLAG.PROJECT_ID.eq(projectId),
                        EPISODE_FLAG.EPISODE_ID.eq(episodeId))
                .execute();
        if (flags.isEmpty()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now();
        var insert = dsl.insertInto(EPISODE_FLAG, EPISODE_FLAG.ORGANIZATION_ID, EPISODE_FLAG.PROJECT_ID,
                EPISODE_FLAG.EPISODE_ID, EPISODE_FLAG.POSITION, EPISODE_FLAG.KEY, EPISODE_FLAG.VALUE,
                EPISODE_FLAG.UNIT, EPISODE_FLAG.SPANS, EPISODE_FLAG.TRIM_START_NS, EPISODE_FLAG.TRIM_END_NS,
                EPISODE_FLAG.MEASURED_AT);
        for (int i = 0; i < flags.size(); i++) {
            NewFlag f = flags.get(i);
            insert = insert.values(organizationId, projectId, episodeId, i, f.key(), f.value(), f.unit(), f.spans(),
                    trimStartNanos, trimEndNanos, now);
        }
        insert.execute();
    }

    /** Every stored flag of the project, by episode and position. */
    List<FlagRow> flags(UUID organizationId, UUID projectId) {
        return dsl.select(EPISODE_FLAG.EPISODE_ID, EPISODE_FLAG.POSITION, EPISODE_FLAG.KEY, EPISODE_FLAG.VALUE,
                        EPISODE_FLAG.UNIT, EPISODE_FLAG.SPANS, EPISODE_FLAG.TRIM_START_NS, EPISODE_FLAG.TRIM_END_NS,
                        EPISODE_FLAG.MEASURED_AT)
                .from(EPISODE_FLAG)
                .where(EPISODE_FLAG.ORGANIZATION_ID.eq(organizationId), EPISODE_FLAG.PROJECT_ID.eq(projectId))
                .orderBy(EPISODE_FLAG.EPISODE_ID, EPISODE_FLAG.POSITION)
                .fetch(Records.mapping(FlagRow::new));
    }

    /** The confidences of these sets' labels. */
    List<ConfidenceRow> confidences(UUID organizationId, Collection<UUID> setIds) {
        if (setIds.isEmpty()) {
            return List.of();
        }
        return dsl.select(PROPOSAL_LABEL.SET_ID, PROPOSAL_LABEL.CONFIDENCE)
                .from(PROPOSAL_LABEL)
                .where(PROPOSAL_LABEL.ORGANIZATION_ID.eq(organizationId), PROPOSAL_LABEL.SET_ID.in(setIds))
                .fetch(Records.mapping(ConfidenceRow::new));
    }
}
