package dev.touchstone.labeling;

import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.touchstone.db.Tables.LABEL;
import static dev.touchstone.db.Tables.LABEL_CHANGE;
import static dev.touchstone.db.Tables.LABEL_DRAFT;
import static dev.touchstone.db.Tables.LABEL_SUBMISSION;

/** Drafts, their labels, saves and submissions; every query filters by organization. */
@Repository
class DraftRepository {

    record DraftRow(UUID id, UUID episodeId, UUID schemaVersionId, UUID ownerId, long durationNanos, long revision,
                    String state) {
    }

    record LabelRow(Label label, long revision, boolean deleted) {
    }

    private final DSLContext dsl;
    private final JsonMapper json;

    DraftRepository(DSLContext dsl, JsonMapper json) {
        this.dsl = dsl;
        this.json = json;
    }

    Optional<UUID> directDraft(UUID organizationId, UUID episodeId, UUID ownerId, UUID schemaVersionId) {
        return dsl.select(LABEL_DRAFT.ID).from(LABEL_DRAFT)
                .where(LABEL_DRAFT.ORGANIZATION_ID.eq(organizationId).and(LABEL_DRAFT.EPISODE_ID.eq(episodeId))
                        .and(LABEL_DRAFT.OWNER_ID.eq(ownerId)).and(LABEL_DRAFT.SCHEMA_VERSION_ID.eq(schemaVersionId))
                        .and(LABEL_DRAFT.ASSIGNMENT_ID.isNull()))
                .fetchOptional(LABEL_DRAFT.ID);
    }

    /** Inserts the direct draft unless a concurrent request did; either way returns its id. */
    UUID insertDirectDraft(UUID organizationId, UUID episodeId, UUID ownerId, UUID schemaVersionId,
                           long durationNanos) {
        dsl.insertInto(LABEL_DRAFT, LABEL_DRAFT.ORGANIZATION_ID, LABEL_DRAFT.EPISODE_ID, LABEL_DRAFT.OWNER_ID,
                        LABEL_DRAFT.SCHEMA_VERSION_ID, LABEL_DRAFT.DURATION_NS)
                .values(organizationId, episodeId, ownerId, schemaVersionId, durationNanos)
                .onConflictDoNothing().execute();
        return directDraft(organizationId, episodeId, ownerId, schemaVersionId).orElseThrow();
    }

    Optional<DraftRow> draft(UUID organizationId, UUID draftId, boolean lock) {
        var query = dsl.select(LABEL_DRAFT.ID, LABEL_DRAFT.EPISODE_ID, LABEL_DRAFT.SCHEMA_VERSION_ID,
                        LABEL_DRAFT.OWNER_ID, LABEL_DRAFT.DURATION_NS, LABEL_DRAFT.REVISION, LABEL_DRAFT.STATE)
                .from(LABEL_DRAFT)
                .where(LABEL_DRAFT.ORGANIZATION_ID.eq(organizationId).and(LABEL_DRAFT.ID.eq(draftId)));
        var row = lock ? query.forUpdate().fetchOptional() : query.fetchOptional();
        return row.map(r -> new DraftRow(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                r.value7()));
    }

    List<LabelRow> labels(UUID draftId, boolean withDeleted) {
        var condition = LABEL.DRAFT_ID.eq(draftId);
        if (!withDeleted) {
            condition = condition.and(LABEL.DELETED.isFalse());
        }
        return dsl.select(LABEL.BODY, LABEL.REVISION, LABEL.DELETED).from(LABEL).where(condition)
                .orderBy(LABEL.START_NS.asc().nullsLast(), LABEL.TIME_NS.asc().nullsLast(), LABEL.ID)
                .fetch(r -> new LabelRow(json.readValue(r.value1().data(), Label.class), r.value2(), r.value3()));
    }

    void putLabel(UUID organizationId, UUID draftId, Label label, long revision) {
        JSONB body = JSONB.valueOf(json.writerFor(Label.class).writeValueAsString(label));
        Long start = null;
        Long end = null;
        Long time = null;
        String classKey = null;
        String kind;
        switch (label) {
            case Label.Phase p -> { kind = "phase"; start = p.start(); end = p.end(); classKey = p.classKey(); }
            case Label.Event e -> { kind = "event"; time = e.time(); classKey = e.classKey(); }
            case Label.Value v -> kind = "value";
            case Label.BoxTrack b -> {
                kind = "box2d"; classKey = b.classKey();
                start = b.keyframes().getFirst().time(); end = b.keyframes().getLast().time();
            }
            case Label.CuboidTrack c -> {
                kind = "cuboid3d"; classKey = c.classKey();
                start = c.keyframes().getFirst().time(); end = c.keyframes().getLast().time();
            }
        }
        dsl.insertInto(LABEL).set(LABEL.DRAFT_ID, draftId).set(LABEL.ID, label.id())
                .set(LABEL.ORGANIZATION_ID, organizationId).set(LABEL.KIND, kind)
                .set(LABEL.DEFINITION, label.definition()).set(LABEL.CLASS_KEY, classKey)
                .set(LABEL.START_NS, start).set(LABEL.END_NS, end).set(LABEL.TIME_NS, time)
                .set(LABEL.BODY, body).set(LABEL.REVISION, revision).set(LABEL.DELETED, false)
                .onConflict(LABEL.DRAFT_ID, LABEL.ID).doUpdate()
                .set(LABEL.KIND, kind).set(LABEL.DEFINITION, label.definition()).set(LABEL.CLASS_KEY, classKey)
                .set(LABEL.START_NS, start).set(LABEL.END_NS, end).set(LABEL.TIME_NS, time)
                .set(LABEL.BODY, body).set(LABEL.REVISION, revision).set(LABEL.DELETED, false)
                .execute();
    }

    void deleteLabel(UUID draftId, UUID labelId, long revision) {
        dsl.update(LABEL).set(LABEL.DELETED, true).set(LABEL.REVISION, revision)
                .where(LABEL.DRAFT_ID.eq(draftId).and(LABEL.ID.eq(labelId))).execute();
    }

    Optional<Long> savedRevision(UUID draftId, UUID saveId) {
        return dsl.select(LABEL_CHANGE.REVISION).from(LABEL_CHANGE)
                .where(LABEL_CHANGE.DRAFT_ID.eq(draftId).and(LABEL_CHANGE.SAVE_ID.eq(saveId)))
                .fetchOptional(LABEL_CHANGE.REVISION);
    }

    void recordChange(UUID organizationId, UUID draftId, long revision, DraftSave save, UUID actorId) {
        dsl.insertInto(LABEL_CHANGE, LABEL_CHANGE.DRAFT_ID, LABEL_CHANGE.REVISION, LABEL_CHANGE.SAVE_ID,
                        LABEL_CHANGE.CLIENT_ID, LABEL_CHANGE.ACTOR_ID, LABEL_CHANGE.OPS)
                .values(draftId, revision, save.saveId(), save.clientId(), actorId,
                        JSONB.valueOf(json.writerFor(new tools.jackson.core.type.TypeReference<List<DraftOp>>() { })
                                .writeValueAsString(save.ops())))
                .execute();
        dsl.update(LABEL_DRAFT).set(LABEL_DRAFT.REVISION, revision)
                .set(LABEL_DRAFT.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(LABEL_DRAFT.ORGANIZATION_ID.eq(organizationId).and(LABEL_DRAFT.ID.eq(draftId))).execute();
    }

    Optional<Submission> submission(UUID draftId, String idempotencyKey) {
        var condition = LABEL_SUBMISSION.DRAFT_ID.eq(draftId);
        if (idempotencyKey != null) {
            condition = condition.and(LABEL_SUBMISSION.IDEMPOTENCY_KEY.eq(idempotencyKey));
        }
        return dsl.select(LABEL_SUBMISSION.ID, LABEL_SUBMISSION.DRAFT_ID, LABEL_SUBMISSION.REVISION,
                        DSL.field("jsonb_array_length({0})", Integer.class, LABEL_SUBMISSION.LABELS),
                        LABEL_SUBMISSION.SUBMITTED_AT)
                .from(LABEL_SUBMISSION).where(condition).orderBy(LABEL_SUBMISSION.SUBMITTED_AT.desc()).limit(1)
                .fetchOptional(r -> new Submission(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    UUID insertSubmission(UUID organizationId, UUID draftId, String idempotencyKey, long revision, List<Label> labels,
                          UUID submittedBy) {
        String body = json.writerFor(new tools.jackson.core.type.TypeReference<List<Label>>() { })
                .writeValueAsString(labels);
        UUID id = dsl.insertInto(LABEL_SUBMISSION, LABEL_SUBMISSION.ORGANIZATION_ID, LABEL_SUBMISSION.DRAFT_ID,
                        LABEL_SUBMISSION.IDEMPOTENCY_KEY, LABEL_SUBMISSION.REVISION, LABEL_SUBMISSION.LABELS,
                        LABEL_SUBMISSION.SUBMITTED_BY)
                .values(organizationId, draftId, idempotencyKey, revision, JSONB.valueOf(body), submittedBy)
                .returning(LABEL_SUBMISSION.ID).fetchSingle(LABEL_SUBMISSION.ID);
        dsl.update(LABEL_DRAFT).set(LABEL_DRAFT.STATE, "submitted")
                .set(LABEL_DRAFT.UPDATED_AT, DSL.currentOffsetDateTime())
                .where(LABEL_DRAFT.ID.eq(draftId)).execute();
        return id;
    }
}
