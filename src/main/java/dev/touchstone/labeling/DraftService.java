package dev.touchstone.labeling;

import dev.touchstone.audit.AuditService;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundException;
import dev.touchstone.organization.TouchstoneUser;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Drafts of labels and their submission. A draft belongs to one person; only they save into it. Saves are deltas
 * against the draft (see {@link DraftSave}); a save either applies completely or, when a label breaks a rule, not
 * at all. Ops on labels that changed elsewhere since the client saw them are returned as conflicts, never applied
 * over the other change. Every save and submission is audited.
 * <p>
 * Today drafts are opened directly on an episode by the roles that see episodes (to try a schema); work
 * distribution (issue 7) will add drafts for annotators' assignments.
 */
@Service
@PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
public class DraftService {

    public static final int MAX_OPS_PER_SAVE = 5_000;

    private final CurrentOrganization current;
    private final DraftRepository drafts;
    private final LabelSchemaService schemas;
    private final LabelSchemaRepository schemaVersions;
    private final DatasetService datasets;
    private final AuditService audit;

    DraftService(CurrentOrganization current, DraftRepository drafts, LabelSchemaService schemas,
                 LabelSchemaRepository schemaVersions, DatasetService datasets, AuditService audit) {
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
    public Draft openDirect(UUID episodeId, UUID schemaVersionId) {
        TouchstoneUser me = current.requireUser();
        UUID organizationId = me.organization().id();
        long durationNanos = datasets.episode(episodeId).orElseThrow(() -> new NotFoundException("Episode"))
                .episode().durationNanos();
        schemas.version(schemaVersionId).orElseThrow(() -> new NotFoundException("Label schema version"));
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

    @Transactional(readOnly = true)
    public Draft draft(UUID draftId) {
        DraftRepository.DraftRow row = ownDraft(draftId, false);
        List<Draft.StoredLabel> labels = drafts.labels(draftId, false).stream()
                .map(l -> new Draft.StoredLabel(l.label(), l.revision())).toList();
        return new Draft(row.id(), row.episodeId(), row.schemaVersionId(), row.durationNanos(), row.revision(),
                "submitted".equals(row.state()), labels);
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
        DraftRepository.DraftRow row = ownDraft(draftId, true);
        var replay = drafts.savedRevision(draftId, save.saveId());
        if (replay.isPresent()) {
            return new SaveResult(replay.get(), List.of(), true);
        }
        if ("submitted".equals(row.state())) {
            throw new IllegalStateException("This draft was submitted; it cannot change any more");
        }
        Map<UUID, DraftRepository.LabelRow> stored = new LinkedHashMap<>();
        drafts.labels(draftId, true).forEach(l -> stored.put(l.label().id(), l));
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
        if (applied.isEmpty()) {
            return new SaveResult(row.revision(), conflicts, false);
        }
        LabelSchema schema = schemas.version(row.schemaVersionId()).orElseThrow().schema();
        List<String> problems = LabelRules.problems(schema, row.durationNanos(), List.copyOf(result.values()));
        if (!problems.isEmpty()) {
            throw new InvalidLabelsException(problems);
        }
        long revision = row.revision() + 1;
        UUID organizationId = me.organization().id();
        for (DraftOp op : applied) {
            switch (op) {
                case DraftOp.Put put -> drafts.putLabel(organizationId, draftId, put.label(), revision);
                case DraftOp.Delete delete -> {
                    if (stored.containsKey(delete.labelId())) {
                        drafts.deleteLabel(draftId, delete.labelId(), revision);
                    }
                }
            }
        }
        drafts.recordChange(organizationId, draftId, revision,
                new DraftSave(save.saveId(), save.clientId(), applied), me.userId());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("revision", revision);
        details.put("put", applied.stream().filter(o -> o instanceof DraftOp.Put).map(o -> o.labelId().toString()).toList());
        details.put("deleted", applied.stream().filter(o -> o instanceof DraftOp.Delete).map(o -> o.labelId().toString()).toList());
        details.put("conflicts", conflicts.size());
        audit.record("labeling.draft.saved", "label_draft", draftId.toString(), details);
        return new SaveResult(revision, conflicts, false);
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
        var same = drafts.submission(draftId, idempotencyKey);
        if (same.isPresent()) {
            return same.get();
        }
        if ("submitted".equals(row.state())) {
            return drafts.submission(draftId, null).orElseThrow();
        }
        List<Label> labels = drafts.labels(draftId, false).stream().map(DraftRepository.LabelRow::label).toList();
        LabelSchema schema = schemas.version(row.schemaVersionId()).orElseThrow().schema();
        List<String> problems = new ArrayList<>(LabelRules.problems(schema, row.durationNanos(), labels));
        problems.addAll(LabelRules.missingRequired(schema, labels));
        if (!problems.isEmpty()) {
            throw new InvalidLabelsException(problems);
        }
        UUID id = drafts.insertSubmission(me.organization().id(), draftId, idempotencyKey, row.revision(), labels,
                me.userId());
        audit.record("labeling.draft.submitted", "label_draft", draftId.toString(),
                Map.of("submission", id.toString(), "revision", row.revision(), "labels", labels.size()));
        return drafts.submission(draftId, idempotencyKey).orElseThrow();
    }

    private DraftRepository.DraftRow ownDraft(UUID draftId, boolean lock) {
        TouchstoneUser me = current.requireUser();
        DraftRepository.DraftRow row = drafts.draft(me.organization().id(), draftId, lock)
                .orElseThrow(() -> new NotFoundException("Draft"));
        if (!row.ownerId().equals(me.userId())) {
            throw new AccessDeniedException("This draft belongs to someone else");
        }
        return row;
    }
}
