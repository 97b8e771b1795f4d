package dev.touchstone.proposal;

import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.ProposedLabel;
import org.jooq.JSONB;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Proposal sets to and from their stored JSON: labels exactly as drafts store them ({@link Label}), evidence as
 * {@link ProposedLabel.Evidence}. No security and no transaction of its own: its callers (the service, the signal
 * runner, the quality adapter) have resolved the organization and run inside their transaction.
 */
@Component
class ProposalWriter {

    private static final TypeReference<List<ProposedLabel.Evidence>> EVIDENCE = new TypeReference<>() {
    };

    private final ProposalRepository repository;
    private final JsonMapper json;

    ProposalWriter(ProposalRepository repository, JsonMapper json) {
        this.repository = repository;
        this.json = json;
    }

    /** Replaces the set of (project, episode, source, version); see {@link ProposalRepository#replaceSet}. */
    UUID replace(UUID organizationId, UUID projectId, UUID episodeId, String source, String version, String note,
                 UUID createdBy, List<ProposedLabel> labels) {
        var labelWriter = json.writerFor(Label.class);
        var evidenceWriter = json.writerFor(EVIDENCE);
        List<ProposalRepository.NewLabel> rows = new ArrayList<>(labels.size());
        for (ProposedLabel l : labels) {
            rows.add(new ProposalRepository.NewLabel(l.label().id(), JSONB.valueOf(labelWriter.writeValueAsString(
                    l.label())), l.confidence(), JSONB.valueOf(evidenceWriter.writeValueAsString(l.evidence()))));
        }
        return repository.replaceSet(organizationId, projectId, episodeId, source, version, note, createdBy, rows);
    }

    /** The sets' labels as proposed labels, by set id, each set's in its stored order. */
    Map<UUID, List<ProposedLabel>> labels(UUID organizationId, List<ProposalRepository.SetRow> sets) {
        Map<UUID, ProposalRepository.SetRow> byId = new HashMap<>();
        sets.forEach(s -> byId.put(s.id(), s));
        Map<UUID, List<ProposedLabel>> labels = new HashMap<>();
        sets.forEach(s -> labels.put(s.id(), new ArrayList<>()));
        for (ProposalRepository.LabelRow row : repository.labels(organizationId, byId.keySet())) {
            ProposalRepository.SetRow set = byId.get(row.setId());
            labels.get(row.setId()).add(new ProposedLabel(json.readValue(row.label().data(), Label.class),
                    set.source(), set.version(), row.confidence(), json.readValue(row.evidence().data(), EVIDENCE)));
        }
        return labels;
    }
}
