package dev.touchstone.dataset;

import dev.touchstone.common.CursorPage;
import dev.touchstone.common.Keyset;
import dev.touchstone.common.InvalidInputException;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.Role;
import dev.touchstone.organization.NotFoundInOrganizationException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Datasets and their episodes for the signed-in member's organization. Project managers and admins create
 * datasets; QA leads may look. Annotators reach episodes only through their tasks, customers through releases.
 */
@Service
@PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
public class DatasetService {

    public static final int MAX_NAME_LENGTH = 200;
    /** An episode's description (its task text): room for a paragraph of instructions. */
    public static final int MAX_DESCRIPTION_LENGTH = 10_000;
    /** Keys of an episode's metadata, and characters of each key and value. */
    public static final int MAX_METADATA_KEYS = 200;
    public static final int MAX_METADATA_TEXT = 2_000;

    private final CurrentOrganization current;
    private final DatasetRepository repository;
    private final ApplicationEventPublisher events;
    private final List<EpisodeGrant> grants;

    DatasetService(CurrentOrganization current, DatasetRepository repository, ApplicationEventPublisher events,
                   List<EpisodeGrant> grants) {
        this.grants = grants;
        this.current = current;
        this.repository = repository;
        this.events = events;
    }

    public List<Dataset> datasets() {
        return repository.datasets(current.id());
    }

    public Optional<Dataset> dataset(UUID datasetId) {
        return repository.dataset(current.id(), datasetId);
    }

    public Dataset requireDataset(UUID datasetId) {
        return dataset(datasetId).orElseThrow(() -> new NotFoundInOrganizationException("No such dataset"));
    }

    /**
     * @throws IllegalArgumentException for a blank, too long or already used name (names are unique per
     *                                  organization, ignoring case)
     */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public Dataset create(String name, String description) {
        String trimmed = name == null ? "" : name.trim();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("A dataset needs a name of 1-" + MAX_NAME_LENGTH + " characters");
        }
        UUID organizationId = current.id();
        if (repository.datasetNameTaken(organizationId, trimmed)) {
            throw new IllegalArgumentException("There is already a dataset named '" + trimmed + "'");
        }
        UUID id = repository.insertDataset(organizationId, trimmed, description == null ? "" : description.trim(),
                current.requireUser().userId());
        events.publishEvent(new DatasetCreated(organizationId, id, trimmed));
        return repository.dataset(organizationId, id).orElseThrow();
    }

    /** A page of the organization's datasets, oldest first (the API's list; the screens' list is by name). */
    public CursorPage<Dataset> datasetPage(String cursor, Integer limit) {
        int size = CursorPage.limit(limit);
        Keyset after = Keyset.of(cursor);
        return CursorPage.of(repository.datasetsAfter(current.id(), after.createdAt(), after.id(), size + 1), size,
                dataset -> Keyset.key(dataset.createdAt(), dataset.id()));
    }

    /**
     * A page of a dataset's episodes in the order they were imported, narrowed by the filter.
     *
     * @throws NotFoundInOrganizationException when the dataset is not in this organization
     */
    public CursorPage<EpisodeRow> episodePage(UUID datasetId, EpisodeFilter filter, String cursor, Integer limit) {
        int size = CursorPage.limit(limit);
        Keyset after = Keyset.of(cursor);
        UUID organizationId = current.id();
        if (!repository.datasetExists(organizationId, datasetId)) {
            throw new NotFoundInOrganizationException("No such dataset");
        }
        return CursorPage.of(repository.episodesAfter(organizationId, datasetId, filter, after.createdAt(),
                after.id(), size + 1), size, episode -> Keyset.key(episode.importedAt(), episode.id()));
    }

    /**
     * Changes an episode's description (its task text, what a LeRobot export writes as the task) and merges its
     * metadata: a key with a value is set, a key with null is removed, keys not named are kept.
     *
     * @throws IllegalArgumentException        for a description over {@link #MAX_DESCRIPTION_LENGTH} characters, a
     *                                         blank or long key, a long value, or more than
     *                                         {@link #MAX_METADATA_KEYS} keys after the merge
     * @throws NotFoundInOrganizationException when the episode is not in this organization
     */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public EpisodeDetail updateEpisode(UUID episodeId, String description, Map<String, String> metadata) {
        List<String> problems = new ArrayList<>();
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            problems.add("description: at most " + MAX_DESCRIPTION_LENGTH + " characters, not "
                    + description.length());
        }
        Map<String, String> set = new LinkedHashMap<>();
        List<String> remove = new ArrayList<>();
        if (metadata != null) {
            metadata.forEach((key, value) -> {
                if (key == null || key.isBlank() || key.length() > MAX_METADATA_TEXT) {
                    problems.add("metadata: a key must be 1 to " + MAX_METADATA_TEXT + " characters");
                } else if (value == null) {
                    remove.add(key);
                } else if (value.length() > MAX_METADATA_TEXT) {
                    problems.add("metadata." + key + ": at most " + MAX_METADATA_TEXT + " characters");
                } else {
                    set.put(key, value);
                }
            });
        }
        UUID organizationId = current.id();
        EpisodeDetail before = repository.episode(organizationId, episodeId)
                .orElseThrow(() -> new NotFoundInOrganizationException("No such episode"));
        Set<String> keys = new HashSet<>(before.metadata().keySet());
        keys.addAll(set.keySet());
        remove.forEach(keys::remove);
        if (keys.size() > MAX_METADATA_KEYS) {
            problems.add("metadata: at most " + MAX_METADATA_KEYS + " keys, the change makes " + keys.size());
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        repository.updateEpisode(organizationId, episodeId, description == null ? null : description.strip(), set,
                remove);
        return repository.episode(organizationId, episodeId).orElseThrow();
    }

    public int countEpisodes(UUID datasetId, EpisodeFilter filter) {
        return repository.countEpisodes(current.id(), datasetId, filter);
    }

    public List<EpisodeRow> episodes(UUID datasetId, EpisodeFilter filter, int offset, int limit) {
        if (offset < 0 || limit < 0 || limit > 1000) {
            throw new IllegalArgumentException("offset must be >= 0 and limit 0..1000");
        }
        return repository.episodes(current.id(), datasetId, filter, offset, limit);
    }

    /**
     * The name and metadata of those of the given episodes that are in this organization (any dataset); ids of other
     * organizations' episodes, or of none, are left out.
     */
    public List<EpisodeMetadata> episodeMetadata(java.util.Collection<UUID> episodeIds) {
        if (episodeIds.isEmpty()) {
            return List.of();
        }
        return repository.episodeMetadata(current.id(), Set.copyOf(episodeIds));
    }

    /**
     * The dataset's episodes whose metadata has the key, in name order (then id), with all their metadata.
     *
     * @throws NotFoundInOrganizationException when the dataset is not in this organization
     */
    public List<EpisodeMetadata> episodesWithMetadata(UUID datasetId, String key) {
        UUID organizationId = current.id();
        if (!repository.datasetExists(organizationId, datasetId)) {
            throw new NotFoundInOrganizationException("No such dataset");
        }
        return repository.episodesWithMetadata(organizationId, datasetId, key);
    }

    /** Robot types present in the dataset, for the filter. */
    public List<String> robots(UUID datasetId) {
        return repository.robots(current.id(), datasetId);
    }

    /** The imports that brought episodes into the dataset, newest first, for the "import" filter. */
    public List<EpisodeBatch> batches(UUID datasetId) {
        return repository.batches(current.id(), datasetId);
    }

    /**
     * One episode with its streams. Managers and QA leads read every episode of their organization; annotators only
     * those an {@link EpisodeGrant} grants them (their assignments), and get "not found" for any other.
     */
    @PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD', 'ANNOTATOR')")
    public Optional<EpisodeDetail> episode(UUID episodeId) {
        if (!seesAllEpisodes() && !granted(episodeId)) {
            return Optional.empty();
        }
        return repository.episode(current.id(), episodeId);
    }

    /**
     * Where a stream's data is stored, for the media plane: empty when the stream is not in this organization, or
     * (for annotators) not in an episode granted to them.
     */
    @PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD', 'ANNOTATOR')")
    public Optional<StoredStream> storedStream(UUID streamId) {
        Optional<StoredStream> stream = repository.storedStream(current.id(), streamId);
        if (seesAllEpisodes()) {
            return stream;
        }
        return stream.filter(s -> granted(s.episodeId()));
    }

    private boolean seesAllEpisodes() {
        var user = current.requireUser();
        return user.hasRole(Role.ADMIN) || user.hasRole(Role.PROJECT_MANAGER) || user.hasRole(Role.QA_LEAD);
    }

    private boolean granted(UUID episodeId) {
        var user = current.requireUser();
        for (EpisodeGrant grant : grants) {
            if (grant.grants(user.organization().id(), user.userId(), episodeId)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sets a stream's time offset (constant latency correction); labels are not affected.
     *
     * @throws NotFoundInOrganizationException when there is no such stream in this organization
     */
    @Transactional
    @PreAuthorize(Ability.Expressions.MANAGE)
    public void setStreamOffset(UUID streamId, long offsetNanos) {
        if (Math.abs(offsetNanos) > 3_600_000_000_000L) {
            throw new IllegalArgumentException("A stream offset beyond one hour is not a latency correction");
        }
        if (!repository.setStreamOffset(current.id(), streamId, offsetNanos)) {
            throw new NotFoundInOrganizationException("No such stream");
        }
    }
}
