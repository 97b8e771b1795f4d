package dev.touchstone.dataset;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * An episode's name and metadata for modules that keep their own per-episode rows (the curation module's coverage
 * table). Trusted: no security of its own; callers name the organization they resolved themselves, or the one an
 * event carries ({@link EpisodeImported}), as {@link EpisodeStore}'s callers do.
 */
@Component
public class EpisodeFacts {

    /** One episode of a dataset with its metadata (strings, as imported or set through the API). */
    public record Facts(UUID episodeId, UUID datasetId, String name, Instant importedAt,
                        Map<String, String> metadata) {
        public Facts {
            metadata = Map.copyOf(metadata);
        }
    }

    private final EpisodeFactsRepository repository;

    EpisodeFacts(EpisodeFactsRepository repository) {
        this.repository = repository;
    }

    @Transactional(readOnly = true)
    public Optional<Facts> episode(UUID organizationId, UUID episodeId) {
        return repository.episode(organizationId, episodeId);
    }

    /** The next episodes of a dataset after {@code afterEpisodeId} (null: from the first) in id order. */
    @Transactional(readOnly = true)
    public List<Facts> page(UUID organizationId, UUID datasetId, UUID afterEpisodeId, int limit) {
        return repository.page(organizationId, datasetId, afterEpisodeId, limit);
    }
}
