package dev.touchstone.proposal;

import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Records;
import org.springframework.stereotype.Repository;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import static dev.touchstone.db.Tables.PROPOSAL_LABEL;
import static dev.touchstone.db.Tables.PROPOSAL_SET;

/**
 * Proposal sets and their labels. Every statement is filtered by the organization id its caller passes; labels are
 * JSON as the drafts store them, read and written by the service.
 */
@Repository
class ProposalRepository {

    /** One set without its labels. */
    record SetRow(UUID id, UUID projectId, UUID episodeId, String source, String version, String note, int labelCount,
                  OffsetDateTime createdAt, UUID createdBy) {
    }

    /** One stored label of a set, in the set's order. */
    record LabelRow(UUID setId, int position, JSONB label, Double confidence, JSONB evidence) {
    }

    /** A label to store: its JSON, confidence (null: the source gave none) and evidence JSON. */
    record NewLabel(UUID labelId, JSONB label, Double confidence, JSONB evidence) {
    }

    private final DSLContext dsl;
    private final Clock clock;

    ProposalRepository(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /**
     * Replaces the set of (project, episode, source, version) with these labels: the set row is upserted (which
     * locks it against a concurrent replacement until the transaction ends), its old labels deleted, the new ones
     * inserted. Must run in the caller's transaction so a reader sees the old or the new set, never a mix.
     *
     * @return the set's id (the same row as before when it existed)
     */
    UUID replaceSet(UUID organizationId, UUID projectId, UUID episodeId, String source, String version, String note,
                    UUID createdBy, List<NewLabel> labels) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        UUID setId = dsl.insertInto(PROPOSAL_SET, PROPOSAL_SET.ORGANIZATION_ID, PROPOSAL_SET.PROJECT_ID,
                        PROPOSAL_SET.EPISODE_ID, PROPOSAL_SET.SOURCE, PROPOSAL_SET.VERSION, PROPOSAL_SET.NOTE,
                        PROPOSAL_SET.LABEL_COUNT, PROPOSAL_SET.CREATED_AT, PROPOSAL_SET.CREATED_BY)
                .values(organizationId, projectId, episodeId, source, version, note, labels.size(), now, createdBy)
                .onConflict(PROPOSAL_SET.PROJECT_ID, PROPOSAL_SET.EPISODE_ID, PROPOSAL_SET.SOURCE,
                        PROPOSAL_SET.VERSION)
                .doUpdate()
                .set(PROPOSAL_SET.NOTE, note)
                .set(PROPOSAL_SET.LABEL_COUNT, labels.size())
                .set(PROPOSAL_SET.CREATED_AT, now)
                .set(PROPOSAL_SET.CREATED_BY, createdBy)
                // The key has no organization id: a set of another organization's project cannot exist (the
                // service checked the project is the caller's), and this keeps it so.
                .where(PROPOSAL_SET.ORGANIZATION_ID.eq(organizationId))
                .returning(PROPOSAL_SET.ID)
                .fetchOptional(PROPOSAL_SET.ID)
                .orElseThrow(() -> new IllegalStateException("The proposal set belongs to another organization"));
        dsl.deleteFrom(PROPOSAL_LABEL)
                .where(PROPOSAL_LABEL.ORGANIZATION_ID.eq(organizationId), PROPOSAL_LABEL.SET_ID.eq(setId))
                .execute();
        if (!labels.isEmpty()) {
            var insert = dsl.insertInto(PROPOSAL_LABEL, PROPOSAL_LABEL.SET_ID, PROPOSAL_LABEL.ORGANIZATION_ID,
                    PROPOSAL_LABEL.POSITION, PROPOSAL_LABEL.LABEL_ID, PROPOSAL_LABEL.LABEL, PROPOSAL_LABEL.CONFIDENCE,
                    PROPOSAL_LABEL.EVIDENCE);
            for (int i = 0; i < labels.size(); i++) {
                NewLabel l = labels.get(i);
                insert = insert.values(setId, organizationId, i, l.labelId(), l.label(), l.confidence(), l.evidence());
            }
            insert.execute();
        }
        return setId;
    }

    /** The newest set of each source for the episode (by the time it was stored), sources in name order. */
    List<SetRow> newestPerSource(UUID organizationId, UUID projectId, UUID episodeId) {
        return dsl.select(PROPOSAL_SET.ID, PROPOSAL_SET.PROJECT_ID, PROPOSAL_SET.EPISODE_ID, PROPOSAL_SET.SOURCE,
                        PROPOSAL_SET.VERSION, PROPOSAL_SET.NOTE, PROPOSAL_SET.LABEL_COUNT, PROPOSAL_SET.CREATED_AT,
                        PROPOSAL_SET.CREATED_BY)
                .distinctOn(PROPOSAL_SET.SOURCE)
                .from(PROPOSAL_SET)
                .where(PROPOSAL_SET.ORGANIZATION_ID.eq(organizationId), PROPOSAL_SET.PROJECT_ID.eq(projectId),
                        PROPOSAL_SET.EPISODE_ID.eq(episodeId))
                .orderBy(PROPOSAL_SET.SOURCE, PROPOSAL_SET.CREATED_AT.desc(), PROPOSAL_SET.ID.desc())
                .fetch(Records.mapping(SetRow::new));
    }

    /** Every set of the project (every source, version and episode), oldest first. */
    List<SetRow> sets(UUID organizationId, UUID projectId) {
        return dsl.select(PROPOSAL_SET.ID, PROPOSAL_SET.PROJECT_ID, PROPOSAL_SET.EPISODE_ID, PROPOSAL_SET.SOURCE,
                        PROPOSAL_SET.VERSION, PROPOSAL_SET.NOTE, PROPOSAL_SET.LABEL_COUNT, PROPOSAL_SET.CREATED_AT,
                        PROPOSAL_SET.CREATED_BY)
                .from(PROPOSAL_SET)
                .where(PROPOSAL_SET.ORGANIZATION_ID.eq(organizationId), PROPOSAL_SET.PROJECT_ID.eq(projectId))
                .orderBy(PROPOSAL_SET.CREATED_AT, PROPOSAL_SET.ID)
                .fetch(Records.mapping(SetRow::new));
    }

    /** The labels of these sets, each set's in its stored order. */
    List<LabelRow> labels(UUID organizationId, Collection<UUID> setIds) {
        if (setIds.isEmpty()) {
            return List.of();
        }
        return dsl.select(PROPOSAL_LABEL.SET_ID, PROPOSAL_LABEL.POSITION, PROPOSAL_LABEL.LABEL,
                        PROPOSAL_LABEL.CONFIDENCE, PROPOSAL_LABEL.EVIDENCE)
                .from(PROPOSAL_LABEL)
                .where(PROPOSAL_LABEL.ORGANIZATION_ID.eq(organizationId), PROPOSAL_LABEL.SET_ID.in(setIds))
                .orderBy(PROPOSAL_LABEL.SET_ID, PROPOSAL_LABEL.POSITION)
                .fetch(Records.mapping(LabelRow::new));
    }

    /** Whether any version of the source has a set (labels or a note) for the episode. */
    boolean hasSet(UUID organizationId, UUID projectId, UUID episodeId, String source, String version) {
        return dsl.fetchExists(PROPOSAL_SET, PROPOSAL_SET.ORGANIZATION_ID.eq(organizationId),
                PROPOSAL_SET.PROJECT_ID.eq(projectId), PROPOSAL_SET.EPISODE_ID.eq(episodeId),
                PROPOSAL_SET.SOURCE.eq(source), PROPOSAL_SET.VERSION.eq(version));
    }
}
