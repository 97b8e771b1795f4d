package dev.touchstone.labeling;

import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.touchstone.db.Tables.LABEL;
import static dev.touchstone.db.Tables.LABEL_DRAFT;
import static dev.touchstone.db.Tables.LABEL_PROPOSAL;
import static dev.touchstone.db.Tables.LABEL_SUBMISSION;

/** Drafts, their labels, saves and submissions; every query filters by organization. */
@Repository
class DraftRepository {

    record DraftRow(UUID id, UUID episodeId, UUID schemaVersionId, UUID ownerId, long durationNanos, long revision,
                    String state) {
    }

    record LabelRow(Label label, long revision, boolean deleted) {
    }

    /** The draft, locked for a save, and the revision of an earlier save with the same id (a retry), if any. */
    record LockedDraft(DraftRow row, Long savedRevision) {
    }

    /**
     * The order {@link #labels} returns: by start, then time (nulls last), then id as PostgreSQL compares uuids
     * (unsigned bytes), so labels kept in memory between saves are checked in the same order as freshly loaded ones.
     */
    static final Comparator<LabelRow> ORDER = (x, y) -> {
        Label a = x.label();
        Label b = y.label();
        boolean aStarts = !(a instanceof Label.Event || a instanceof Label.Value);
        boolean bStarts = !(b instanceof Label.Event || b instanceof Label.Value);
        if (aStarts != bStarts) {
            return aStarts ? -1 : 1;
        }
        if (aStarts) {
            int c = Long.compare(start(a), start(b));
            if (c != 0) {
                return c;
            }
        }
        boolean aTimed = a instanceof Label.Event;
        boolean bTimed = b instanceof Label.Event;
        if (aTimed != bTimed) {
            return aTimed ? -1 : 1;
        }
        if (aTimed) {
            int c = Long.compare(((Label.Event) a).time(), ((Label.Event) b).time());
            if (c != 0) {
                return c;
            }
        }
        int high = Long.compareUnsigned(a.id().getMostSignificantBits(), b.id().getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.id().getLeastSignificantBits(), b.id().getLeastSignificantBits());
    };

    /** What {@code label.start_ns} holds: a phase's or gap's start, a track's first keyframe; null for events and values. */
    static Long startOf(Label label) {
        return label instanceof Label.Event || label instanceof Label.Value ? null : start(label);
    }

    private static long start(Label label) {
        return switch (label) {
            case Label.Phase p -> p.start();
            case Label.Gap g -> g.start();
            case Label.BoxTrack b -> b.keyframes().getFirst().time();
            case Label.CuboidTrack c -> c.keyframes().getFirst().time();
            case Label.Event e -> throw new IllegalArgumentException("an event has a time, not a start");
            case Label.Value v -> throw new IllegalArgumentException("a value has no start");
        };
    }

    /** What {@code label.time_ns} holds: an event's time. */
    static Long timeOf(Label label) {
        return label instanceof Label.Event e ? e.time() : null;
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
                        .and(LABEL_DRAFT.ASSIGNMENT_ID.isNull()).and(LABEL_DRAFT.REVIEW_TASK_ID.isNull()))
                .fetchOptional(LABEL_DRAFT.ID);
    }

    /** The draft of an assignment, made on first use (a concurrent first use gets the same one). */
    UUID assignmentDraft(UUID organizationId, UUID assignmentId, UUID episodeId, UUID ownerId, UUID schemaVersionId,
                         long durationNanos) {
        dsl.execute("""
                insert into label_draft (organization_id, episode_id, owner_id, schema_version_id, duration_ns,
                                         assignment_id)
                values (?, ?, ?, ?, ?, ?)
                on conflict (assignment_id) where assignment_id is not null do nothing""",
                organizationId, episodeId, ownerId, schemaVersionId, durationNanos, assignmentId);
        return dsl.resultQuery("select id from label_draft where organization_id = ? and assignment_id = ?",
                organizationId, assignmentId).fetchSingle(0, UUID.class);
    }

    /** A QA lead's draft for editing a task's consensus; {@code created} says whether it is new (to be seeded). */
    record ReviewDraft(UUID id, boolean created) {
    }

    ReviewDraft reviewDraft(UUID organizationId, UUID taskId, UUID episodeId, UUID ownerId, UUID schemaVersionId,
                            long durationNanos) {
        var inserted = dsl.resultQuery("""
                insert into label_draft (organization_id, episode_id, owner_id, schema_version_id, duration_ns,
                                         review_task_id)
                values (?, ?, ?, ?, ?, ?)
                on conflict (review_task_id, owner_id) where review_task_id is not null do nothing
                returning id""", organizationId, episodeId, ownerId, schemaVersionId, durationNanos, taskId)
                .fetchOptional(0, UUID.class);
        if (inserted.isPresent()) {
            return new ReviewDraft(inserted.get(), true);
        }
        return new ReviewDraft(dsl.resultQuery("""
                select id from label_draft where organization_id = ? and review_task_id = ? and owner_id = ?""",
                organizationId, taskId, ownerId).fetchSingle(0, UUID.class), false);
    }

    /** Where a draft belongs: an assignment, a review, or neither (a direct draft). */
    record DraftLinks(UUID assignmentId, UUID reviewTaskId) {
    }

    DraftLinks links(UUID draftId) {
        return dsl.resultQuery("select assignment_id, review_task_id from label_draft where id = ?", draftId)
                .fetchSingle(r -> new DraftLinks(r.get(0, UUID.class), r.get(1, UUID.class)));
    }

    int setState(UUID organizationId, Collection<UUID> draftIds, String from, String to) {
        return dsl.execute("""
                update label_draft set state = ?, updated_at = now()
                 where organization_id = ? and id = any(?) and state = ?""",
                to, organizationId, draftIds.toArray(UUID[]::new), from);
    }

    Optional<List<Label>> submittedLabels(UUID organizationId, UUID submissionId) {
        return dsl.resultQuery("select labels from label_submission where organization_id = ? and id = ?",
                        organizationId, submissionId)
                .fetchOptional(r -> json.readerFor(new tools.jackson.core.type.TypeReference<List<Label>>() { })
                        .<List<Label>>readValue(r.get(0, JSONB.class).data()));
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

    // The statements of every autosave are written as SQL, not built with the DSL: under 200 annotators rendering
    // the DSL took more CPU than executing the statements (docs/benchmarks.md, issue 6). jOOQ still binds the values
    // and runs them on the transaction's connection.

    private static final String LOCK_FOR_SAVE = """
            select d.id, d.episode_id, d.schema_version_id, d.owner_id, d.duration_ns, d.revision, d.state,
                   (select c.revision from label_change c where c.draft_id = d.id and c.save_id = ?)
            from label_draft d where d.organization_id = ? and d.id = ? for update of d""";

    /** One query for a save: lock the draft row and look up whether this save id was applied before. */
    Optional<LockedDraft> lockForSave(UUID organizationId, UUID draftId, UUID saveId) {
        return dsl.resultQuery(LOCK_FOR_SAVE, saveId, organizationId, draftId)
                .fetchOptional(r -> new LockedDraft(new DraftRow(r.get(0, UUID.class), r.get(1, UUID.class),
                        r.get(2, UUID.class), r.get(3, UUID.class), r.get(4, Long.class), r.get(5, Long.class),
                        r.get(6, String.class)), r.get(7, Long.class)));
    }

    List<LabelRow> labels(UUID organizationId, UUID draftId, boolean withDeleted) {
        var condition = LABEL.ORGANIZATION_ID.eq(organizationId).and(LABEL.DRAFT_ID.eq(draftId));
        if (!withDeleted) {
            condition = condition.and(LABEL.DELETED.isFalse());
        }
        return dsl.select(LABEL.BODY, LABEL.REVISION, LABEL.DELETED).from(LABEL).where(condition)
                .orderBy(LABEL.START_NS.asc().nullsLast(), LABEL.TIME_NS.asc().nullsLast(), LABEL.ID)
                .fetch(r -> new LabelRow(json.readValue(r.value1().data(), Label.class), r.value2(), r.value3()));
    }

    private static final String PUT_LABELS = """
            put as (insert into label (draft_id, id, organization_id, kind, definition, class_key, start_ns, end_ns,
                                       time_ns, body, revision, deleted)
                    values %s
                    on conflict (draft_id, id) do update set kind = excluded.kind, definition = excluded.definition,
                        class_key = excluded.class_key, start_ns = excluded.start_ns, end_ns = excluded.end_ns,
                        time_ns = excluded.time_ns, body = excluded.body, revision = excluded.revision,
                        deleted = false),
            """;
    private static final String PUT_LABEL_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, false)";
    private static final String DELETE_LABELS = """
            deleted as (update label set deleted = true, revision = ? where draft_id = ? and id = any(?::uuid[])),
            """;
    private static final String RECORD_CHANGE = """
            change as (insert into label_change (draft_id, revision, save_id, client_id, actor_id, ops)
                       values (?, ?, ?, ?, ?, ?::jsonb))
            update label_draft set revision = ?, updated_at = now() where organization_id = ? and id = ?""";

    /**
     * Writes one applied save in one statement (one round trip, which counts when the machine is busy): creates or
     * replaces the put labels (live again if they were deleted), marks the deleted ones as tombstones (a stale tab
     * is told, not obeyed), logs the save in {@code label_change} and moves the draft to {@code revision}. The parts
     * touch different rows, so PostgreSQL's rule that they all see the same snapshot does not matter.
     */
    void writeSave(UUID organizationId, UUID draftId, long revision, List<Label> puts, List<UUID> deletes,
                   DraftSave save, UUID actorId) {
        StringBuilder sql = new StringBuilder("with ");
        List<Object> values = new ArrayList<>(puts.size() * 11 + 12);
        if (!puts.isEmpty()) {
            sql.append(PUT_LABELS.formatted(String.join(", ", Collections.nCopies(puts.size(), PUT_LABEL_ROW))));
            var writer = json.writerFor(Label.class);
            for (Label label : puts) {
                Long end = null;
                String classKey = null;
                String kind;
                switch (label) {
                    case Label.Phase p -> { kind = "phase"; end = p.end(); classKey = p.classKey(); }
                    case Label.Gap g -> { kind = "gap"; end = g.end(); classKey = g.mode(); }
                    case Label.Event e -> { kind = "event"; classKey = e.classKey(); }
                    case Label.Value v -> kind = "value";
                    case Label.BoxTrack b -> {
                        kind = "box2d"; classKey = b.classKey(); end = b.keyframes().getLast().time();
                    }
                    case Label.CuboidTrack c -> {
                        kind = "cuboid3d"; classKey = c.classKey(); end = c.keyframes().getLast().time();
                    }
                }
                values.addAll(List.of(draftId, label.id(), organizationId, kind, label.definition()));
                values.add(DSL.val(classKey, String.class));
                values.add(DSL.val(startOf(label), Long.class));
                values.add(DSL.val(end, Long.class));
                values.add(DSL.val(timeOf(label), Long.class));
                values.add(writer.writeValueAsString(label));
                values.add(revision);
            }
        }
        if (!deletes.isEmpty()) {
            sql.append(DELETE_LABELS);
            values.addAll(List.of(revision, draftId, "{" + String.join(",", deletes.stream().map(UUID::toString)
                    .toList()) + "}"));
        }
        sql.append(RECORD_CHANGE);
        values.addAll(List.of(draftId, revision, save.saveId(), save.clientId(), actorId,
                json.writerFor(new tools.jackson.core.type.TypeReference<List<DraftOp>>() { })
                        .writeValueAsString(save.ops()), revision, organizationId, draftId));
        dsl.execute(sql.toString(), values.toArray());
    }

    Optional<Submission> submission(UUID organizationId, UUID draftId, String idempotencyKey) {
        var condition = LABEL_SUBMISSION.ORGANIZATION_ID.eq(organizationId).and(LABEL_SUBMISSION.DRAFT_ID.eq(draftId));
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

    // --- proposals shown in the draft's workspace and what became of them -------------------------------------

    /** A proposal as offered to the draft, with the label as proposed and its outcome so far. */
    record OfferedProposal(Label label, ProposalOutcome outcome) {
    }

    /** Records proposals as offered to the draft; one offered before keeps its outcome (and its label as proposed). */
    void offerProposals(UUID organizationId, UUID draftId, List<ProposedLabel> proposals) {
        if (proposals.isEmpty()) {
            return;
        }
        var writer = json.writerFor(Label.class);
        var insert = dsl.insertInto(LABEL_PROPOSAL, LABEL_PROPOSAL.DRAFT_ID, LABEL_PROPOSAL.LABEL_ID,
                LABEL_PROPOSAL.ORGANIZATION_ID, LABEL_PROPOSAL.SOURCE, LABEL_PROPOSAL.VERSION,
                LABEL_PROPOSAL.CONFIDENCE, LABEL_PROPOSAL.LABEL);
        for (ProposedLabel p : proposals) {
            insert = insert.values(draftId, p.label().id(), organizationId, p.source(), p.version(), p.confidence(),
                    JSONB.valueOf(writer.writeValueAsString(p.label())));
        }
        insert.onConflictDoNothing().execute();
    }

    /** The draft's offered proposals, in the order they were offered. */
    List<OfferedProposal> proposals(UUID organizationId, UUID draftId) {
        return dsl.select(LABEL_PROPOSAL.LABEL, LABEL_PROPOSAL.LABEL_ID, LABEL_PROPOSAL.SOURCE, LABEL_PROPOSAL.VERSION,
                        LABEL_PROPOSAL.CONFIDENCE, LABEL_PROPOSAL.OUTCOME)
                .from(LABEL_PROPOSAL)
                .where(LABEL_PROPOSAL.ORGANIZATION_ID.eq(organizationId).and(LABEL_PROPOSAL.DRAFT_ID.eq(draftId)))
                .orderBy(LABEL_PROPOSAL.OFFER_ORDER)
                .fetch(r -> new OfferedProposal(json.readValue(r.value1().data(), Label.class),
                        new ProposalOutcome(r.value2(), r.value3(), r.value4(), r.value5(), outcome(r.value6()))));
    }

    /** The outcomes of the given drafts' proposals, by draft (drafts without proposals are left out). */
    Map<UUID, List<ProposalOutcome>> proposalOutcomes(UUID organizationId, Collection<UUID> draftIds) {
        Map<UUID, List<ProposalOutcome>> byDraft = new LinkedHashMap<>();
        dsl.select(LABEL_PROPOSAL.DRAFT_ID, LABEL_PROPOSAL.LABEL_ID, LABEL_PROPOSAL.SOURCE, LABEL_PROPOSAL.VERSION,
                        LABEL_PROPOSAL.CONFIDENCE, LABEL_PROPOSAL.OUTCOME)
                .from(LABEL_PROPOSAL)
                .where(LABEL_PROPOSAL.ORGANIZATION_ID.eq(organizationId).and(LABEL_PROPOSAL.DRAFT_ID.in(draftIds)))
                .orderBy(LABEL_PROPOSAL.DRAFT_ID, LABEL_PROPOSAL.OFFER_ORDER)
                .forEach(r -> byDraft.computeIfAbsent(r.value1(), d -> new ArrayList<>()).add(
                        new ProposalOutcome(r.value2(), r.value3(), r.value4(), r.value5(), outcome(r.value6()))));
        return byDraft;
    }

    /** Sets the outcomes a save carried; {@code proposed} clears one (an undone action). */
    void setOutcomes(UUID organizationId, UUID draftId, long revision, List<DraftSave.ProposalAction> actions) {
        for (DraftSave.ProposalAction action : actions) {
            boolean cleared = action.outcome() == ProposalOutcome.Outcome.PROPOSED;
            dsl.update(LABEL_PROPOSAL)
                    .set(LABEL_PROPOSAL.OUTCOME, cleared ? null : action.outcome().jsonName())
                    .set(LABEL_PROPOSAL.DECIDED_REVISION, cleared ? null : revision)
                    .where(LABEL_PROPOSAL.ORGANIZATION_ID.eq(organizationId).and(LABEL_PROPOSAL.DRAFT_ID.eq(draftId))
                            .and(LABEL_PROPOSAL.LABEL_ID.eq(action.labelId())))
                    .execute();
        }
    }

    private static ProposalOutcome.Outcome outcome(String column) {
        return column == null ? ProposalOutcome.Outcome.PROPOSED : ProposalOutcome.Outcome.of(column);
    }
}
