package dev.touchstone.workflow;

import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.UUID;

import static dev.touchstone.db.Tables.TASK;

/** The episodes of a project, for {@link WorkflowProposalProjects}. Filtered by organization. */
@Repository
class ProposalProjectRepository {

    private final DSLContext dsl;

    ProposalProjectRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    boolean episodeInProject(UUID organizationId, UUID projectId, UUID episodeId) {
        return dsl.fetchExists(TASK, TASK.ORGANIZATION_ID.eq(organizationId), TASK.PROJECT_ID.eq(projectId),
                TASK.EPISODE_ID.eq(episodeId));
    }

    List<UUID> episodes(UUID organizationId, UUID projectId) {
        return dsl.selectDistinct(TASK.EPISODE_ID).from(TASK)
                .where(TASK.ORGANIZATION_ID.eq(organizationId), TASK.PROJECT_ID.eq(projectId))
                .orderBy(TASK.EPISODE_ID)
                .fetch(TASK.EPISODE_ID);
    }
}
