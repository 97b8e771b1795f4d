package dev.touchstone.proposal;

import dev.touchstone.labeling.ProposedLabel;
import dev.touchstone.quality.ProposalSources;
import dev.touchstone.quality.SourceLabels;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The stored proposal sets as quality's {@link ProposalSources}: one entry per set that holds labels (a set with only
 * a note, the source having proposed nothing, is left out). Called by quality's services, which checked the member.
 */
@Component
class StoredProposalSources implements ProposalSources {

    private final ProposalRepository repository;
    private final ProposalWriter writer;

    StoredProposalSources(ProposalRepository repository, ProposalWriter writer) {
        this.repository = repository;
        this.writer = writer;
    }

    @Override
    @Transactional(readOnly = true)
    public List<SourceLabels> proposalLabels(UUID organizationId, UUID projectId) {
        List<ProposalRepository.SetRow> sets = repository.sets(organizationId, projectId).stream()
                .filter(s -> s.labelCount() > 0).toList();
        Map<UUID, List<ProposedLabel>> labels = writer.labels(organizationId, sets);
        return sets.stream().map(s -> new SourceLabels(s.source(), s.version(), s.episodeId(),
                s.createdAt().toInstant(), labels.get(s.id()).stream().map(ProposedLabel::label).toList())).toList();
    }
}
