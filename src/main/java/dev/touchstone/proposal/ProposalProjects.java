package dev.touchstone.proposal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What proposals need to know of projects, which they do not own: a project's schema version and which episodes are
 * in it. Owned here and implemented by the module that owns projects (workflow), so proposal reads no project table
 * and does not depend on workflow. Callers have resolved the organization; implementations check nothing else.
 */
public interface ProposalProjects {

    /** A project as proposals see it: its name for screens, the schema version its labels are checked against. */
    record ProjectFacts(UUID projectId, String name, UUID schemaVersionId) {
    }

    /** The organization's project, or empty when it has no such project. */
    Optional<ProjectFacts> project(UUID organizationId, UUID projectId);

    /** Whether the episode has a task in the organization's project. */
    boolean episodeInProject(UUID organizationId, UUID projectId, UUID episodeId);

    /** The project's episodes (each once, however many task windows it has), in a stable order. */
    List<UUID> episodes(UUID organizationId, UUID projectId);
}
