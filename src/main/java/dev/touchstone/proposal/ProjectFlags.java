package dev.touchstone.proposal;

import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A project's stored quality flags with the task-relative ones added: {@link QualityProposers#withinTask} over every
 * episode of the project that has measured flags (the project is the task: its episodes are demonstrations of one
 * task). Computed when read, so they always weigh the episodes measured so far. No security or transaction of its
 * own; its callers resolved the organization.
 */
@Component
class ProjectFlags {

    private static final TypeReference<List<Evidence>> SPANS = new TypeReference<>() {
    };

    /** One episode's flags (task-relative ones included) and when they were measured. */
    record Measured(QualityFlags flags, Instant measuredAt) {
    }

    private final EpisodeFlagRepository repository;
    private final JsonMapper json;

    ProjectFlags(EpisodeFlagRepository repository, JsonMapper json) {
        this.repository = repository;
        this.json = json;
    }

    /** By episode id, in the repository's episode order; episodes without measured flags are absent. */
    Map<UUID, Measured> measured(UUID organizationId, UUID projectId) {
        Map<UUID, List<EpisodeFlagRepository.FlagRow>> rows = new LinkedHashMap<>();
        for (EpisodeFlagRepository.FlagRow row : repository.flags(organizationId, projectId)) {
            rows.computeIfAbsent(row.episodeId(), k -> new ArrayList<>()).add(row);
        }
        List<UUID> ids = new ArrayList<>(rows.keySet());
        List<QualityFlags> own = new ArrayList<>();
        for (UUID id : ids) {
            List<EpisodeFlagRepository.FlagRow> episode = rows.get(id);
            own.add(new QualityFlags(episode.stream()
                    .map(r -> new Flag(r.key(), r.value() == null ? Double.NaN : r.value(), r.unit(),
                            json.readValue(r.spans().data(), SPANS)))
                    .toList(), episode.getFirst().trimStartNanos(), episode.getFirst().trimEndNanos()));
        }
        List<QualityFlags> relative = QualityProposers.withinTask(own);
        Map<UUID, Measured> out = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            out.put(ids.get(i), new Measured(relative.get(i),
                    rows.get(ids.get(i)).getFirst().measuredAt().toInstant()));
        }
        return out;
    }
}
