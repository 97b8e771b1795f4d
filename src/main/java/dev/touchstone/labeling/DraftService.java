package dev.touchstone.labeling;

import dev.touchstone.audit.AuditService;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.organization.TouchstoneUser;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Drafts of labels and their submission. A draft belongs to one person; only they save into it. Saves are deltas
 * against the draft (see {@link DraftSave}); a save either applies completely or, when a label breaks a rule, not
 * at all. Ops on labels that changed elsewhere since the client saw them are returned as conflicts, never applied
 * over the other change. Every save and submission is audited.
 * <p>
 * Drafts are opened directly on an episode by the roles that see episodes (to try a schema), for an annotator's
 * assignment ({@link #openForAssignment}), or for a QA lead's edit of a consensus ({@link #openForReview}); a
 * submission is announced as {@link DraftSubmitted} in its transaction.
 */
@Service
@PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD', 'ANNOTATOR')")
public class DraftService {

    public static final int MAX_OPS_PER_SAVE = 5_000;
    static final String CLOSED = "This draft is closed: its assignment ended. It is kept, but takes no more changes";
    private static final int MAX_CACHED_SCHEMAS = 256;

    private final CurrentOrganization current;
    private final DraftRepository drafts;
    private final LabelSchemaService schemas;
    private final LabelSchemaRepository schemaVersions;
    private final DatasetService datasets;
    private final AuditService audit;
    private final DraftLabelCache labelCache;
    private final Map<UUID, LabelSchema> schemasInUse = new ConcurrentHashMap<>();
    private final ApplicationEventPublisher events;

    DraftService(CurrentOrganization current, DraftRepository drafts, LabelSchemaService schemas,
                 LabelSchemaRepository schemaVersions, DatasetService datasets, AuditService audit,
                 DraftLabelCache labelCache, ApplicationEventPublisher events) {
        this.events = events;
        this.labelCache = labelCache;
        this.current = current;
        this.drafts = drafts;
        this.schemas = schemas;
        this.schemaVersions = schemaVersions;
        this.datasets = datasets;
        this.audit = audit;
    }

    /**
     * The signed-in member's own draft of this episode under this schema version, created on first use. Opening it
     * puts the schema version in use (it can no longer change).
     */
    @Transactional
    @PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
    public Draft openDirect(UUID episodeId, UUID schemaVersionId) {
        TouchstoneUser me = current.requireUser();
        UUID organizationId = me.organization().id();
        long durationNanos = datasets.episode(episodeId).orElseThrow(() -> new NotFoundInOrganizationException("Episode"))
                .episode().durationNanos();
        schemas.version(schemaVersionId).orElseThrow(() -> new NotFoundInOrganizationException("Label schema version"));
        UUID draftId = drafts.directDraft(organizationId, episodeId, me.userId(), schemaVersionId)
                .orElseGet(() -> {
                    // Not schemas.markInUse: that is a schema editor's action (admins, project managers), while
                    // a QA lead opening a draft freezes the version too. Role and organization are checked above.
                    schemaVersions.markInUse(organizationId, schemaVersionId);
                    return drafts.insertDirectDraft(organizationId, episodeId, me.userId(), schemaVersionId,
                            durationNanos);
                });
        return draft(draftId);
    }

    /**
     * The signed-in annotator's draft for an assignment, created on first use. Only work distribution calls this,
     * after checking that the assignment is the caller's and live; the schema version is the project's (in use since
     * the project was made).
     */
    @Transactional
    @PreAuthorize("hasRole('ANNOTATOR')")
    public Draft openForAssignment(UUID assignmentId, UUID episodeId, UUID schemaVersionId) {
        TouchstoneUser me = current.requireUser();
        long durationNanos = datasets.episode(episodeId).orElseThrow(() -> new NotFoundInOrganizationException("Episode"))
                .episode().durationNanos();
        UUID draftId = drafts.assignmentDraft(me.organization().id(), assignmentId, episodeId, me.userId(),
                schemaVersionId, durationNanos);
        return draft(draftId);
    }

    /**
     * The signed-in QA lead's draft for editing a task's consensus, seeded with {@code seed} when it is made (later
     * opens keep the edits). Only work distribution calls this, after checking the task is waiting for review.
     */
    @Transactional
    @PreAuthorize("hasAnyRole('ADMIN', 'QA_LEAD')")
    public Draft openForReview(UUID taskId, UUID episodeId, UUID schemaVersionId, List<Label> seed) {
        TouchstoneUser me = current.requireUser();
        UUID organizationId = me.organization().id();
        long durationNanos = datasets.episode(episodeId).orElseThrow(() -> new NotFoundInOrganizationException("Episode"))
                .episode().durationNanos();
        DraftRepository.ReviewDraft review = drafts.reviewDraft(organizationId, taskId, episodeId, me.userId(),
                schemaVersionId, durationNanos);
        if (review.created() && !seed.isEmpty()) {
            List<DraftOp> ops = seed.stream().<DraftOp>map(l -> new DraftOp.Put(l, 0)).toList();
            drafts.writeSave(organizationId, review.id(), 1, seed, List.of(),
                    new DraftSave(UUID.randomUUID(), "consensus", ops), me.userId());
        }
        return draft(review.id());
    }

    @Transactional(readOnly = true)
    public Draft draft(UUID draftId) {
        DraftRepository.DraftRow row = ownDraft(draftId, false);
        List<Draft.StoredLabel> labels = drafts.labels(current.id(), draftId, false).stream()
                .map(l -> new Draft.StoredLabel(l.label(), l.revision())).toList();
        List<ProposalOutcome> proposals = drafts.proposals(current.id(), draftId).stream()
                .map(DraftRepository.OfferedProposal::outcome).toList();
        return new Draft(row.id(), row.episodeId(), row.schemaVersionId(), row.durationNanos(), row.revision(),
                "submitted".equals(row.state()), "closed".equals(row.state()), labels, proposals);
    }

    /**
     * Records that the draft's workspace is shown these proposals (docs/labeling/api.md, "Proposals"), so that a
     * save can say what became of each; a proposal offered before keeps its outcome. Proposals that would break a
     * rule of the draft's schema on their own, or whose id is already one of the draft's own labels, are not
     * offered. Nothing is recorded on a submitted or closed draft.
     *
     * @return every proposal offered to the draft so far, with its outcome (as {@link Draft#proposals()})
     */
    @Transactional
    public List<ProposalOutcome> offerProposals(UUID draftId, List<ProposedLabel> proposals) {
        DraftRepository.DraftRow row = ownDraft(draftId, true);
        UUID organizationId = current.id();
        if ("open".equals(row.state()) && !proposals.isEmpty()) {
            Set<UUID> offered = drafts.proposals(organizationId, draftId).stream()
                    .map(p -> p.outcome().labelId()).collect(Collectors.toSet());
            Set<UUID> own = drafts.labels(organizationId, draftId, true).stream().map(l -> l.label().id())
                    .filter(id -> !offered.contains(id)).collect(Collectors.toSet());
            LabelSchema schema = schemaInUse(row.schemaVersionId());
            Map<UUID, ProposedLabel> fit = new LinkedHashMap<>();
            for (ProposedLabel proposal : proposals) {
                UUID id = proposal.label().id();
                if (id != null && !own.contains(id) && LabelRules.problems(schema, row.durationNanos(),
                        List.of(proposal.label())).isEmpty()) {
                    fit.putIfAbsent(id, proposal);
                }
            }
            drafts.offerProposals(organizationId, draftId, List.copyOf(fit.values()));
        }
        return drafts.proposals(organizationId, draftId).stream().map(DraftRepository.OfferedProposal::outcome)
                .toList();
    }

    /**
     * What became of the proposals shown in these drafts (any member's, in the signed-in organization), by draft;
     * drafts without proposals are left out. For quality and workflow to count how often a source's proposals are
     * accepted unchanged, adjusted or deleted.
     */
    @Transactional(readOnly = true)
    @PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
    public Map<UUID, List<ProposalOutcome>> proposalOutcomes(Collection<UUID> draftIds) {
        return draftIds.isEmpty() ? Map.of() : drafts.proposalOutcomes(current.id(), draftIds);
    }

    /**
     * Applies one autosave.
     *
     * @throws InvalidLabelsException    when the draft after the save would break a rule (nothing is applied)
     * @throws IllegalStateException     when the draft was already submitted
     * @throws IllegalArgumentException  for a malformed save (no id, too many ops, an op without a label id)
     */
    @Transactional
    public SaveResult save(UUID draftId, DraftSave save) {
        if (save == null || save.saveId() == null || save.clientId() == null || save.clientId().isBlank()
                || save.clientId().length() > 100) {
            throw new IllegalArgumentException("A save needs a save id and a client id of 1-100 characters");
        }
        if (save.ops().size() > MAX_OPS_PER_SAVE) {
            throw new IllegalArgumentException("A save holds at most " + MAX_OPS_PER_SAVE + " changes");
        }
        TouchstoneUser me = current.requireUser();
        DraftRepository.LockedDraft locked = drafts.lockForSave(me.organization().id(), draftId, save.saveId())
                .orElseThrow(() -> new NotFoundInOrganizationException("Draft"));
        DraftRepository.DraftRow row = requireOwner(locked.row(), me);
        if (locked.savedRevision() != null) {
            return new SaveResult(locked.savedRevision(), List.of(), true);
        }
        if ("submitted".equals(row.state())) {
            throw new IllegalStateException("This draft was submitted; it cannot change any more");
        }
        if ("closed".equals(row.state())) {
            throw new IllegalStateException(CLOSED);
        }
        Map<UUID, DraftRepository.LabelRow> stored = storedLabels(draftId, row.revision());
        Map<UUID, Label> result = new LinkedHashMap<>();
        stored.values().stream().filter(l -> !l.deleted()).forEach(l -> result.put(l.label().id(), l.label()));
        List<DraftConflict> conflicts = new ArrayList<>();
        List<DraftOp> applied = new ArrayList<>();
        Map<UUID, Integer> touched = new HashMap<>();
        for (DraftOp op : save.ops()) {
            if (op == null || op.labelId() == null) {
                throw new IllegalArgumentException("Every change names a label with an id");
            }
            if (touched.merge(op.labelId(), 1, Integer::sum) > 1) {
                throw new IllegalArgumentException("A save changes each label once; " + op.labelId() + " twice");
            }
            DraftRepository.LabelRow now = stored.get(op.labelId());
            long serverRevision = now == null ? 0 : now.revision();
            if (serverRevision > op.baseRevision()) {
                conflicts.add(new DraftConflict(op.labelId(), now.deleted() ? null : now.label(), serverRevision));
                continue;
            }
            switch (op) {
                case DraftOp.Put put -> result.put(put.labelId(), put.label());
                case DraftOp.Delete delete -> result.remove(delete.labelId());
            }
            applied.add(op);
        }
        checkProposalActions(draftId, save.proposals(), result);
        if (applied.isEmpty() && save.proposals().isEmpty()) {
            return new SaveResult(row.revision(), conflicts, false);
        }
        if (!applied.isEmpty()) {
            LabelSchema schema = schemaInUse(row.schemaVersionId());
            List<String> problems = LabelRules.problems(schema, row.durationNanos(), List.copyOf(result.values()),
                    spatialPut(applied) ? streamNames(row.episodeId()) : null);
            if (!problems.isEmpty()) {
                throw new InvalidLabelsException(problems);
            }
        }
        long revision = row.revision() + 1;
        UUID organizationId = me.organization().id();
        List<Label> puts = new ArrayList<>();
        List<UUID> deletes = new ArrayList<>();
        for (DraftOp op : applied) {
            switch (op) {
                case DraftOp.Put put -> puts.add(put.label());
                case DraftOp.Delete delete -> {
                    if (stored.containsKey(delete.labelId())) {
                        deletes.add(delete.labelId());
                    }
                }
            }
        }
        drafts.writeSave(organizationId, draftId, revision, puts, deletes,
                new DraftSave(save.saveId(), save.clientId(), applied), me.userId());
        drafts.setOutcomes(organizationId, draftId, revision, save.proposals());
        rememberAfterCommit(draftId, revision, stored, applied);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("revision", revision);
        details.put("put", applied.stream().filter(o -> o instanceof DraftOp.Put).map(o -> o.labelId().toString()).toList());
        details.put("deleted", applied.stream().filter(o -> o instanceof DraftOp.Delete).map(o -> o.labelId().toString()).toList());
        details.put("conflicts", conflicts.size());
        if (!save.proposals().isEmpty()) {
            details.put("proposals", save.proposals().stream()
                    .map(a -> a.labelId() + ":" + a.outcome().jsonName()).toList());
        }
        audit.record("labeling.draft.saved", "label_draft", draftId.toString(), details);
        return new SaveResult(revision, conflicts, false);
    }

    /**
     * A save's proposal outcomes must name proposals offered to this draft, each once, and agree with the draft's
     * labels as the save leaves them ({@code result}): accepted means the proposal's label unchanged under its id,
     * adjusted a changed label under its id, deleted and proposed no label of that id.
     *
     * @throws IllegalArgumentException (400) naming the first outcome that does not hold; nothing is applied
     */
    private void checkProposalActions(UUID draftId, List<DraftSave.ProposalAction> actions, Map<UUID, Label> result) {
        if (actions.isEmpty()) {
            return;
        }
        if (actions.size() > MAX_OPS_PER_SAVE) {
            throw new IllegalArgumentException("A save holds at most " + MAX_OPS_PER_SAVE + " proposal outcomes");
        }
        Map<UUID, Label> offered = new HashMap<>();
        drafts.proposals(current.id(), draftId).forEach(p -> offered.put(p.outcome().labelId(), p.label()));
        Set<UUID> seen = new HashSet<>();
        for (DraftSave.ProposalAction action : actions) {
            if (action == null || action.labelId() == null || action.outcome() == null) {
                throw new IllegalArgumentException("Every proposal outcome names a label id and an outcome");
            }
            UUID id = action.labelId();
            if (!seen.add(id)) {
                throw new IllegalArgumentException("A save gives each proposal one outcome; " + id + " twice");
            }
            Label proposed = offered.get(id);
            if (proposed == null) {
                throw new IllegalArgumentException(id + " is not a proposal shown in this draft");
            }
            Label now = result.get(id);
            String outcome = action.outcome().jsonName();
            boolean holds = switch (action.outcome()) {
                case ACCEPTED -> proposed.equals(now);
                case ADJUSTED -> now != null && !proposed.equals(now);
                case DELETED, PROPOSED -> now == null;
            };
            if (!holds) {
                throw new IllegalArgumentException("Proposal " + id + " cannot be '" + outcome + "': "
                        + (now == null ? "the draft has no label with its id"
                        : proposed.equals(now) ? "the draft holds it unchanged" : "the draft holds it changed"));
            }
        }
    }

    /** Whether a save puts a box or cuboid track, the labels drawn on a named stream of the episode. */
    private static boolean spatialPut(List<DraftOp> applied) {
        return applied.stream().anyMatch(op -> op instanceof DraftOp.Put put
                && (put.label() instanceof Label.BoxTrack || put.label() instanceof Label.CuboidTrack));
    }

    /** The names of the episode's streams: labels already stored were checked against them when they were put. */
    private Set<String> streamNames(UUID episodeId) {
        return datasets.episode(episodeId).map(detail -> detail.streams().stream().map(StreamInfo::name)
                .collect(Collectors.toUnmodifiableSet())).orElse(Set.of());
    }

    /**
     * Submits the draft as it is. Idempotent: the same key (a retried request) returns the same submission, and a
     * second submit of a submitted draft (a double click) returns the submission that exists.
     *
     * @throws InvalidLabelsException listing what is missing or wrong; nothing is submitted
     */
    @Transactional
    public Submission submit(UUID draftId, String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.length() < 8 || idempotencyKey.length() > 100) {
            throw new IllegalArgumentException("A submission needs an idempotency key of 8-100 characters");
        }
        TouchstoneUser me = current.requireUser();
        DraftRepository.DraftRow row = ownDraft(draftId, true);
        var same = drafts.submission(current.id(), draftId, idempotencyKey);
        if (same.isPresent()) {
            return same.get();
        }
        if ("submitted".equals(row.state())) {
            return drafts.submission(current.id(), draftId, null).orElseThrow();
        }
        if ("closed".equals(row.state())) {
            throw new IllegalStateException(CLOSED);
        }
        List<Label> labels = drafts.labels(current.id(), draftId, false).stream().map(DraftRepository.LabelRow::label).toList();
        LabelSchema schema = schemaInUse(row.schemaVersionId());
        List<String> problems = new ArrayList<>(LabelRules.problems(schema, row.durationNanos(), labels));
        problems.addAll(LabelRules.missingRequired(schema, labels));
        if (!problems.isEmpty()) {
            throw new InvalidLabelsException(problems);
        }
        UUID id = drafts.insertSubmission(me.organization().id(), draftId, idempotencyKey, row.revision(), labels,
                me.userId());
        audit.record("labeling.draft.submitted", "label_draft", draftId.toString(),
                Map.of("submission", id.toString(), "revision", row.revision(), "labels", labels.size()));
        DraftRepository.DraftLinks links = drafts.links(draftId);
        // Work distribution hears this in the same transaction: a refusal there (the lease ended) undoes the submit.
        events.publishEvent(new DraftSubmitted(me.organization().id(), draftId, me.userId(), links.assignmentId(),
                links.reviewTaskId(), id, labels));
        return drafts.submission(current.id(), draftId, idempotencyKey).orElseThrow();
    }

    /**
     * Every stored label of the draft (tombstones too) at {@code revision}, which the caller read under the draft's
     * row lock: from the cache when it holds exactly that revision, else loaded (and then cached, as it is the
     * committed state: nobody else writes labels while the lock is held).
     */
    private Map<UUID, DraftRepository.LabelRow> storedLabels(UUID draftId, long revision) {
        return labelCache.get(draftId, revision).orElseGet(() -> {
            Map<UUID, DraftRepository.LabelRow> loaded = new LinkedHashMap<>();
            drafts.labels(current.id(), draftId, true).forEach(l -> loaded.put(l.label().id(), l));
            Map<UUID, DraftRepository.LabelRow> readOnly = Collections.unmodifiableMap(loaded);
            labelCache.put(draftId, revision, readOnly);
            return readOnly;
        });
    }

    /**
     * Caches the labels as this save leaves them, once (and only if) its transaction commits. {@code stored} is in
     * the database's order, so only the changed labels need placing.
     */
    private void rememberAfterCommit(UUID draftId, long revision, Map<UUID, DraftRepository.LabelRow> stored,
                                     List<DraftOp> applied) {
        Map<UUID, DraftRepository.LabelRow> changed = new HashMap<>();
        for (DraftOp op : applied) {
            switch (op) {
                case DraftOp.Put put -> changed.put(put.labelId(), new DraftRepository.LabelRow(put.label(), revision,
                        false));
                case DraftOp.Delete delete -> {
                    DraftRepository.LabelRow old = stored.get(delete.labelId());
                    if (old != null) {
                        changed.put(delete.labelId(), new DraftRepository.LabelRow(old.label(), revision, true));
                    }
                }
            }
        }
        List<DraftRepository.LabelRow> rows = new ArrayList<>(stored.size() + changed.size());
        for (DraftRepository.LabelRow row : stored.values()) {
            if (!changed.containsKey(row.label().id())) {
                rows.add(row);
            }
        }
        for (DraftRepository.LabelRow row : changed.values()) {
            int at = Collections.binarySearch(rows, row, DraftRepository.ORDER);
            rows.add(at < 0 ? -at - 1 : at, row);
        }
        Map<UUID, DraftRepository.LabelRow> ordered = LinkedHashMap.newLinkedHashMap(rows.size());
        rows.forEach(row -> ordered.put(row.label().id(), row));
        Map<UUID, DraftRepository.LabelRow> readOnly = Collections.unmodifiableMap(ordered);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                labelCache.put(draftId, revision, readOnly);
            }
        });
    }

    /**
     * The parsed schema of a version that is in use, which never changes again; a draft's version always is (opening
     * the draft froze it). Saves then skip loading and parsing the schema.
     */
    private LabelSchema schemaInUse(UUID versionId) {
        LabelSchema cached = schemasInUse.get(versionId);
        if (cached != null) {
            return cached;
        }
        // The repository, not the schema service: annotators save and submit too, and may not browse schemas.
        SchemaVersion version = schemaVersions.version(current.id(), versionId).orElseThrow();
        if (version.inUse()) {
            if (schemasInUse.size() >= MAX_CACHED_SCHEMAS) {
                schemasInUse.clear();
            }
            schemasInUse.put(versionId, version.schema());
        }
        return version.schema();
    }

    private DraftRepository.DraftRow ownDraft(UUID draftId, boolean lock) {
        TouchstoneUser me = current.requireUser();
        return requireOwner(drafts.draft(me.organization().id(), draftId, lock)
                .orElseThrow(() -> new NotFoundInOrganizationException("Draft")), me);
    }

    private static DraftRepository.DraftRow requireOwner(DraftRepository.DraftRow row, TouchstoneUser me) {
        if (!row.ownerId().equals(me.userId())) {
            throw new AccessDeniedException("This draft belongs to someone else");
        }
        return row;
    }
}
