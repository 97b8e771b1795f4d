package dev.touchstone.release;

import dev.touchstone.audit.AuditService;
import dev.touchstone.common.CursorPage;
import dev.touchstone.common.Keyset;
import dev.touchstone.labeling.LabelType;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.organization.TouchstoneUser;
import dev.touchstone.storage.BlobInfo;
import dev.touchstone.storage.BlobStore;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkflowService;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Releases of the signed-in member's organization (docs/release/releases.md). Project managers and admins make them;
 * customers, project managers, QA leads and admins read them and download their files. Anything of another
 * organization is "not found".
 */
@Service
public class ReleaseService {

    static final String READERS = "hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD', 'CUSTOMER')";
    static final int MAX_VERSION = 40;

    private final ReleaseRepository releases;
    private final CurrentOrganization current;
    private final WorkflowService workflow;
    private final ReleaseScheduling.ReleaseQueue queue;
    private final AuditService audit;
    private final BlobStore blobs;
    private final JsonMapper json;

    ReleaseService(ReleaseRepository releases, CurrentOrganization current, WorkflowService workflow,
                   ReleaseScheduling.ReleaseQueue queue, AuditService audit, BlobStore blobs, JsonMapper json) {
        this.releases = releases;
        this.current = current;
        this.workflow = workflow;
        this.queue = queue;
        this.audit = audit;
        this.blobs = blobs;
        this.json = json;
    }

    /**
     * Makes a release of the project's accepted tasks: the row now (state building), the snapshot, files and report
     * in a background job ({@link #progress}).
     *
     * @param version           "1", "2", ... or "1.0.0"; unique per project
     * @param verdictAcceptOnly leave out tasks whose accepted labels reject the episode (an episode-level verdict)
     * @param types             label types whose labels the release carries; empty means all
     * @throws IllegalArgumentException for a malformed version or notes longer than 4000 characters; a
     *                                  {@link ReleaseVersionTakenException} for a version the project already has
     * @throws NotFoundInOrganizationException        for a project that is not in the organization
     */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public Release create(UUID projectId, String version, String notes, boolean verdictAcceptOnly,
                          Set<LabelType> types) {
        return create(projectId, version, notes, verdictAcceptOnly, types, null);
    }

    /**
     * As {@link #create(UUID, String, String, boolean, Set)}, with the LeRobot export's observation.state and action.
     *
     * @param lerobot the streams and channels of observation.state and action; null for the defaults from the
     *                robot's streams (joint positions, teleoperation commands)
     */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public Release create(UUID projectId, String version, String notes, boolean verdictAcceptOnly,
                          Set<LabelType> types, LeRobotMapping lerobot) {
        TouchstoneUser me = current.requireUser();
        Project project = workflow.project(projectId).orElseThrow(() -> new NotFoundInOrganizationException("Project"));
        String v = version == null ? "" : version.strip();
        if (v.length() > MAX_VERSION || !v.matches("[0-9]{1,9}(\\.[0-9]{1,9}){0,2}")) {
            throw new IllegalArgumentException("A release version is a number or major.minor.patch (e.g. 3 or "
                    + "1.0.0), got '" + v + "'");
        }
        String n = notes == null ? "" : notes.strip();
        if (n.length() > 4000) {
            throw new IllegalArgumentException("Release notes are at most 4000 characters");
        }
        Set<LabelType> included = types == null || types.isEmpty() ? EnumSet.allOf(LabelType.class)
                : EnumSet.copyOf(types);
        UUID id = releases.insert(me.organization().id(), project.id(), v, n, verdictAcceptOnly, included,
                project.schemaVersionId(), me.userId(), lerobot);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("project", project.id().toString());
        details.put("version", v);
        details.put("verdictAcceptOnly", verdictAcceptOnly);
        details.put("labelTypes", included.stream().map(LabelType::jsonName).toList());
        if (lerobot != null) {
            details.put("lerobotMapping", Map.of(
                    "state", lerobot.state().stream().map(LeRobotMapping.Selection::toString).toList(),
                    "action", lerobot.action().stream().map(LeRobotMapping.Selection::toString).toList()));
        }
        audit.record("release.created", "release", id.toString(), details);
        afterCommit(() -> queue.enqueue(id));
        return releases.release(me.organization().id(), id).orElseThrow();
    }

    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }

    /** The organization's releases, newest first. */
    @Transactional(readOnly = true)
    @PreAuthorize(READERS)
    public List<Release> releases() {
        return releases.releases(current.id(), null);
    }

    /** A page of the organization's releases, newest first ({@link CursorPage}; the API's list). */
    @Transactional(readOnly = true)
    @PreAuthorize(READERS)
    public CursorPage<Release> releasePage(String cursor, Integer limit) {
        int size = CursorPage.limit(limit);
        Keyset before = Keyset.of(cursor);
        return CursorPage.of(releases.releasesBefore(current.id(), before.createdAt(), before.id(), size + 1), size,
                release -> Keyset.key(release.createdAt(), release.id()));
    }

    /** The releases of one project, newest first. */
    @Transactional(readOnly = true)
    @PreAuthorize(READERS)
    public List<Release> releases(UUID projectId) {
        return releases.releases(current.id(), projectId);
    }

    /** @throws NotFoundInOrganizationException when there is no such release in the organization */
    @Transactional(readOnly = true)
    @PreAuthorize(READERS)
    public Release release(UUID releaseId) {
        return releases.release(current.id(), releaseId).orElseThrow(() -> new NotFoundInOrganizationException("Release"));
    }

    @Transactional(readOnly = true)
    @PreAuthorize(READERS)
    public ReleaseProgress progress(UUID releaseId) {
        return release(releaseId).progress();
    }

    /**
     * The quality report of a ready release.
     *
     * @throws NotFoundInOrganizationException when there is no such release, or it is not ready
     */
    @Transactional(readOnly = true)
    @PreAuthorize(READERS)
    public ReleaseReport report(UUID releaseId) {
        String text = releases.report(current.id(), releaseId).orElseThrow(() -> new NotFoundInOrganizationException("Release report"));
        return json.readValue(text, ReleaseReport.class);
    }

    /** A file of a ready release, for a download: its blob key and what the store knows of it. */
    public record Download(UUID releaseId, ReleaseFile file, String key, BlobInfo blob) {
    }

    /**
     * Checks that the member may download the file of the release and audits the download
     * ({@code release.downloaded}, with the requested range).
     *
     * @throws NotFoundInOrganizationException when the release is not in the organization, not ready, or has no such file
     */
    @Transactional
    @PreAuthorize(READERS)
    public Download download(UUID releaseId, String name, String range) {
        UUID org = current.id();
        Release release = releases.release(org, releaseId).orElseThrow(() -> new NotFoundInOrganizationException("Release"));
        ReleaseFile file = release.files().stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFoundInOrganizationException("Release file"));
        String key = ReleaseBuilder.key(org, releaseId, file.name());
        BlobInfo blob = blobs.info(key).orElseThrow(() -> new IllegalStateException(
                "The file " + name + " of release " + releaseId + " is missing from storage"));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("file", name);
        details.put("version", release.version());
        details.put("project", release.projectId().toString());
        if (range != null) {
            details.put("range", range.length() > 200 ? range.substring(0, 200) : range);
        }
        audit.record("release.downloaded", "release", releaseId.toString(), details);
        return new Download(releaseId, file, key, blob);
    }
}
