package dev.touchstone.labeling;

import dev.touchstone.audit.AuditService;
import dev.touchstone.common.CursorPage;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.organization.TouchstoneUser;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Label schemas of the signed-in member's organization. Project managers and admins write them; QA leads read
 * them. A version that is in use never changes: saving such a schema stores the next version. Every write is
 * audited.
 */
@Service
@PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
public class LabelSchemaService {

    private final CurrentOrganization current;
    private final LabelSchemaRepository repository;
    private final AuditService audit;

    LabelSchemaService(CurrentOrganization current, LabelSchemaRepository repository, AuditService audit) {
        this.current = current;
        this.repository = repository;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public List<SchemaSummary> schemas() {
        return repository.summaries(current.id());
    }

    /** A page of the organization's schemas, oldest first, each with its newest version (the API's list). */
    @Transactional(readOnly = true)
    public CursorPage<SchemaSummary> schemaPage(String cursor, Integer limit) {
        int size = CursorPage.limit(limit);
        String after = CursorPage.decode(cursor);
        UUID afterId;
        try {
            afterId = after == null ? null : UUID.fromString(after);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor is not one this API made; follow nextCursor from a page");
        }
        return CursorPage.of(repository.summariesAfter(current.id(), afterId, size + 1), size,
                summary -> summary.schemaId().toString());
    }

    @Transactional(readOnly = true)
    public Optional<SchemaVersion> version(UUID versionId) {
        return repository.version(current.id(), versionId);
    }

    @Transactional(readOnly = true)
    public Optional<SchemaVersion> latest(UUID schemaId) {
        return repository.latestVersion(current.id(), schemaId);
    }

    @Transactional(readOnly = true)
    public List<SchemaVersion> versions(UUID schemaId) {
        return repository.versions(current.id(), schemaId);
    }

    /**
     * @throws InvalidLabelSchemaException when the schema breaks a rule or its name is taken
     */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public SchemaVersion create(LabelSchema schema) {
        requireValid(schema);
        TouchstoneUser me = current.requireUser();
        UUID organizationId = me.organization().id();
        String name = schema.name().strip();
        if (repository.nameTaken(organizationId, name, null)) {
            throw new InvalidLabelSchemaException(List.of("name: there is already a label schema named '" + name + "'"));
        }
        UUID schemaId = repository.insertSchema(organizationId, name, me.userId());
        UUID versionId = repository.insertVersion(organizationId, schemaId, 1, LabelSchemaJson.write(schema),
                schema.definitions().size(), me.userId());
        audit.record("labeling.schema.created", "label_schema", schemaId.toString(), details(name, 1, versionId));
        return version(versionId).orElseThrow();
    }

    /**
     * Saves an edit made on version {@code basedOnVersion}. An unused latest version is replaced; a used one is
     * kept and the edit becomes the next version.
     *
     * @throws StaleSchemaException        when someone saved a newer version since {@code basedOnVersion}
     * @throws InvalidLabelSchemaException when the schema breaks a rule or the new name is taken
     */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public SchemaVersion save(UUID schemaId, int basedOnVersion, LabelSchema schema) {
        requireValid(schema);
        TouchstoneUser me = current.requireUser();
        UUID organizationId = me.organization().id();
        if (!repository.lockSchema(organizationId, schemaId)) {
            throw new NotFoundInOrganizationException("No such label schema");
        }
        SchemaVersion latest = repository.latestVersion(organizationId, schemaId)
                .orElseThrow(() -> new NotFoundInOrganizationException("No such label schema"));
        if (latest.version() != basedOnVersion) {
            throw new StaleSchemaException("Version " + latest.version() + " of '" + latest.name()
                    + "' was saved after the version " + basedOnVersion + " you edited; reload it and apply your"
                    + " change again");
        }
        String name = schema.name().strip();
        if (repository.nameTaken(organizationId, name, schemaId)) {
            throw new InvalidLabelSchemaException(List.of("name: there is already a label schema named '" + name + "'"));
        }
        if (!name.equals(latest.name())) {
            repository.renameSchema(organizationId, schemaId, name);
        }
        String document = LabelSchemaJson.write(schema);
        UUID versionId;
        int version;
        if (!latest.inUse() && repository.updateUnusedVersion(organizationId, latest.id(), document,
                schema.definitions().size())) {
            versionId = latest.id();
            version = latest.version();
        } else {
            version = latest.version() + 1;
            versionId = repository.insertVersion(organizationId, schemaId, version, document,
                    schema.definitions().size(), me.userId());
        }
        audit.record("labeling.schema.saved", "label_schema", schemaId.toString(), details(name, version, versionId));
        return version(versionId).orElseThrow();
    }

    /** Creates a schema from the JSON exchange format (docs/labeling/schema.md). */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public SchemaVersion importJson(String json) {
        return create(LabelSchemaJson.read(json));
    }

    /** The version in the JSON exchange format. */
    @Transactional(readOnly = true)
    public String exportJson(UUID versionId) {
        SchemaVersion version = version(versionId).orElseThrow(() -> new NotFoundInOrganizationException("No such label schema"));
        return LabelSchemaJson.write(version.schema());
    }

    /**
     * Freezes a version because something now refers to it (a project, a draft, a label). Idempotent.
     *
     * @throws NotFoundInOrganizationException for a version of another organization or none
     */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public void markInUse(UUID versionId) {
        if (!repository.markInUse(current.id(), versionId)) {
            throw new NotFoundInOrganizationException("No such label schema version");
        }
    }

    private static void requireValid(LabelSchema schema) {
        List<String> problems = schema.problems();
        if (!problems.isEmpty()) {
            throw new InvalidLabelSchemaException(problems);
        }
    }

    private static Map<String, Object> details(String name, int version, UUID versionId) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", name);
        details.put("version", version);
        details.put("versionId", versionId.toString());
        return details;
    }
}
