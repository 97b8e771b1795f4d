package dev.touchstone.dataset;

import dev.touchstone.storage.BlobStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Starts episode recorders for imports. Not an entry point for users: the import service checks who asked before
 * it runs a job, and jobs run without a signed-in user, so the organization is passed explicitly here.
 */
@Component
public class EpisodeStore {

    private final BlobStore blobs;
    private final DatasetRepository repository;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Path workRoot;

    EpisodeStore(BlobStore blobs, DatasetRepository repository, TransactionTemplate transactions,
                 ApplicationEventPublisher events, @Value("${touchstone.data-dir}") Path dataDirectory) {
        this.blobs = blobs;
        this.repository = repository;
        this.transactions = transactions;
        this.events = events;
        this.workRoot = dataDirectory.resolve("work").resolve("imports");
    }

    /**
     * A recorder for one new episode of the dataset.
     *
     * @throws IllegalArgumentException when the dataset is not in this organization
     */
    public EpisodeRecorder record(UUID organizationId, UUID datasetId, UUID importJobId) throws IOException {
        return record(organizationId, datasetId, importJobId, null);
    }

    /**
     * A recorder for one new episode that remembers which recording it came from, so that importing the same
     * source again can skip it ({@link #importedSourceKeys}).
     *
     * @param sourceKey the importer's identity of the recording (format and content fingerprint), or null
     */
    public EpisodeRecorder record(UUID organizationId, UUID datasetId, UUID importJobId, String sourceKey)
            throws IOException {
        if (!repository.datasetExists(organizationId, datasetId)) {
            throw new IllegalArgumentException("No dataset " + datasetId + " in this organization");
        }
        return new BlobEpisodeRecorder(organizationId, datasetId, importJobId, sourceKey, workRoot, blobs,
                repository, transactions, events);
    }

    /** The dataset's episode with this source key (the first imported), or empty when none has it. */
    public Optional<String> episodeNameWithSourceKey(UUID organizationId, UUID datasetId, String sourceKey) {
        return repository.episodeNameWithSourceKey(organizationId, datasetId, sourceKey);
    }

    /**
     * Of these episode ids, the ones that exist (in any organization): for sweeping stored blobs that no episode
     * references any more.
     */
    public java.util.Set<UUID> existingEpisodes(java.util.Collection<UUID> episodeIds) {
        return repository.existingEpisodes(episodeIds);
    }

    /**
     * The organization's dataset of this name, created when missing. For trusted callers without a signed-in user
     * (the command line, demo data); users create datasets through {@link DatasetService#create}.
     */
    public UUID ensureDataset(UUID organizationId, String name, String description) {
        return transactions.execute(status -> repository.datasetByName(organizationId, name.trim())
                .map(Dataset::id)
                .orElseGet(() -> {
                    UUID id = repository.insertDataset(organizationId, name.trim(), description, null);
                    events.publishEvent(new DatasetCreated(organizationId, id, name.trim()));
                    return id;
                }));
    }

    /** Whether the organization has any dataset (demo data seeds episodes only into an organization without). */
    public boolean hasDatasets(UUID organizationId) {
        return repository.anyDataset(organizationId);
    }

    /**
     * An episode with its streams, for exports that run without a signed-in user (a release build); the caller
     * has checked that the episode belongs to what it exports. Empty when it is not in the organization.
     */
    public Optional<EpisodeDetail> episode(UUID organizationId, UUID episodeId) {
        return repository.episode(organizationId, episodeId);
    }

    /** Where the episode's streams are stored, for the same trusted exports; the same order as its streams. */
    public List<StoredStream> storedStreams(UUID organizationId, UUID episodeId) {
        return repository.storedStreams(organizationId, episodeId);
    }

    /** Where imports keep their temporary files (under the data directory). */
    public Path workRoot() {
        return workRoot;
    }
}
