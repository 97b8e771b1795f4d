package dev.touchstone.quality;

import java.util.List;
import java.util.UUID;

/**
 * The labels that proposal sources (signal proposers, posted predictions, ML backends) suggested for a project's
 * episodes, so that quality scores each source like an annotator: against gold and against accepted consensus. The
 * module that stores proposals implements it, so quality reads no proposal table and does not depend on it.
 */
public interface ProposalSources {

    /** One entry per source, version and episode of the organization's project that has proposals. */
    List<SourceLabels> proposalLabels(UUID organizationId, UUID projectId);
}
