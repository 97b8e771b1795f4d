package dev.touchstone.quality;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TEST proposal source, registered in every Spring test's context (TouchstoneSpringTest): it holds whatever
 * proposals a test puts for a project and nothing otherwise. It stands in for the proposal store (issue 20, item 1)
 * only while that store is written in parallel; quality's screen and service read every {@link ProposalSources}
 * bean, so the real one adds to it rather than replacing it.
 */
public class TestProposalSources implements ProposalSources {

    private final Map<List<UUID>, List<SourceLabels>> proposals = new ConcurrentHashMap<>();

    /** Replaces the test proposals of the organization's project. */
    public void put(UUID organizationId, UUID projectId, List<SourceLabels> labels) {
        proposals.put(List.of(organizationId, projectId), List.copyOf(labels));
    }

    @Override
    public List<SourceLabels> proposalLabels(UUID organizationId, UUID projectId) {
        return proposals.getOrDefault(List.of(organizationId, projectId), List.of());
    }
}
