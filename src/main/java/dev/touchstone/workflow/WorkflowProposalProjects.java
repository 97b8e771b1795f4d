package dev.touchstone.workflow;

import dev.touchstone.proposal.ProposalProjects;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the proposal module needs of projects, through the interface it owns: a project's schema version and its
 * episodes. Callers are proposal's services, which have resolved the organization and checked the member's role.
 */
@Component
class WorkflowProposalProjects implements ProposalProjects {

    private final WorkflowRepository workflow;
    private final ProposalProjectRepository repository;

    WorkflowProposalProjects(WorkflowRepository workflow, ProposalProjectRepository repository) {
        this.workflow = workflow;
        this.repository = repository;
    }

    @Override
    public Optional<ProjectFacts> project(UUID organizationId, UUID projectId) {
        return workflow.project(organizationId, projectId).map(p -> new ProjectFacts(p.id(), p.name(),
                p.schemaVersionId()));
    }

    @Override
    public boolean episodeInProject(UUID organizationId, UUID projectId, UUID episodeId) {
        return repository.episodeInProject(organizationId, projectId, episodeId);
    }

    @Override
    public List<UUID> episodes(UUID organizationId, UUID projectId) {
        return repository.episodes(organizationId, projectId);
    }
}
