package dev.touchstone.labeling;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What work distribution does to drafts it does not own: close an ended assignment's draft, reopen returned work,
 * read a submission's labels. There is no role check here on purpose: the lease sweep runs without a signed-in
 * member, and the callers (workflow's service) have already checked who is asking and that the organization
 * matches. Not for views.
 */
@Component
public class DraftLifecycle {

    private final DraftRepository drafts;
    private final LabelSchemaRepository schemas;

    DraftLifecycle(DraftRepository drafts, LabelSchemaRepository schemas) {
        this.drafts = drafts;
        this.schemas = schemas;
    }

    /** A schema version of the organization (a project's, which the caller read from the project). */
    @Transactional(readOnly = true)
    public Optional<LabelSchema> schema(UUID organizationId, UUID versionId) {
        return schemas.version(organizationId, versionId).map(SchemaVersion::schema);
    }

    /** Stops open drafts taking saves or submissions (their assignment expired or was skipped); kept for audit. */
    @Transactional
    public int close(UUID organizationId, Collection<UUID> draftIds) {
        return draftIds.isEmpty() ? 0 : drafts.setState(organizationId, draftIds, "open", "closed");
    }

    /** Makes a submitted draft editable again (its work was returned); its earlier submissions stay. */
    @Transactional
    public boolean reopen(UUID organizationId, UUID draftId) {
        return drafts.setState(organizationId, Set.of(draftId), "submitted", "open") == 1;
    }

    /** The labels exactly as they were submitted. */
    @Transactional(readOnly = true)
    public Optional<List<Label>> submittedLabels(UUID organizationId, UUID submissionId) {
        return drafts.submittedLabels(organizationId, submissionId);
    }
}
