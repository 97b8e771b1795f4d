package dev.touchstone.ingest;

import dev.touchstone.common.CursorPage;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.NotFoundInOrganizationException;
import dev.touchstone.storage.BlobKeys;
import dev.touchstone.storage.BlobStore;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Starts, lists and cancels imports for the signed-in member's organization. Project managers and admins import
 * by upload; reading from a server path or a storage prefix is for admins only, because it reaches beyond what
 * the member uploaded.
 */
@Service
@PreAuthorize(Ability.Expressions.MANAGE)
public class ImportService {

    /** Largest number of synthetic episodes one request may ask for. */
    public static final int MAX_GENERATED_EPISODES = 200;
    /** What {@link #generate} says to a count outside 1 to {@link #MAX_GENERATED_EPISODES}; the form says the same. */
    public static final String GENERATE_RANGE = "Generate 1-" + MAX_GENERATED_EPISODES + " episodes at a time";

    private final CurrentOrganization current;
    private final DatasetService datasets;
    private final ImportJobRepository jobs;
    private final ImportSources sources;
    private final ImportScheduling.ImportQueue queue;
    private final BlobStore blobs;
    private final ImportProperties properties;
    private final ApplicationEventPublisher events;

    ImportService(CurrentOrganization current, DatasetService datasets, ImportJobRepository jobs,
                  ImportSources sources, ImportScheduling.ImportQueue queue, BlobStore blobs,
                  ImportProperties properties, ApplicationEventPublisher events) {
        this.current = current;
        this.datasets = datasets;
        this.jobs = jobs;
        this.sources = sources;
        this.queue = queue;
        this.blobs = blobs;
        this.properties = properties;
        this.events = events;
    }

    /**
     * Stores an uploaded file (a recording, or a zip of a dataset folder) and queues its import.
     *
     * @param fileName the name the browser gave; only its last segment is kept
     * @param length   the size when known, else -1
     */
    public ImportJob importUpload(UUID datasetId, String fileName, InputStream content, long length) {
        return importUpload(datasetId, fileName, content, length, false);
    }

    /**
     * Like {@link #importUpload(UUID, String, InputStream, long)}.
     *
     * @param importAgain import every episode even when the dataset already has it from the same recording
     *                    (normally such episodes are skipped and counted)
     */
    public ImportJob importUpload(UUID datasetId, String fileName, InputStream content, long length,
                                  boolean importAgain) {
        datasets.requireDataset(datasetId);
        String name = safeFileName(fileName);
        if (length > properties.maxUploadSize().toBytes()) {
            throw new IllegalArgumentException(name + " is larger than the upload limit of "
                    + properties.maxUploadSize().toGigabytes() + " GB; ask an admin to import it from the server "
                    + "or from storage");
        }
        UUID organizationId = current.id();
        String prefix = ImportSources.uploadPrefix(organizationId, UUID.randomUUID());
        blobs.put(BlobKeys.requireValid(prefix + name), content, length);
        return start(datasetId, ImportSourceKind.UPLOAD, prefix, importAgain);
    }

    /**
     * Queues the import of a file that is already on this server's disk (a completed resumable upload): stored in
     * blob storage by a kernel copy ({@link BlobStore#putWithoutHash}), so the bytes never pass through the heap and
     * are not hashed again, and any replica can run the job. The caller deletes its file afterwards.
     *
     * @param fileName the name the uploader gave; only its last segment is kept
     */
    public ImportJob importUploadedFile(UUID datasetId, String fileName, Path file) {
        datasets.requireDataset(datasetId);
        String name = safeFileName(fileName);
        String prefix = ImportSources.uploadPrefix(current.id(), UUID.randomUUID());
        blobs.putWithoutHash(BlobKeys.requireValid(prefix + name), file);
        return start(datasetId, ImportSourceKind.UPLOAD, prefix, false);
    }

    /** Admins: a file or folder on the server below a configured import root. */
    @PreAuthorize(Ability.Expressions.IMPORT_FROM_SERVER)
    public ImportJob importServerPath(UUID datasetId, String path) {
        return importServerPath(datasetId, path, false);
    }

    /** @param importAgain as for {@link #importUpload(UUID, String, InputStream, long, boolean)} */
    @PreAuthorize(Ability.Expressions.IMPORT_FROM_SERVER)
    public ImportJob importServerPath(UUID datasetId, String path, boolean importAgain) {
        datasets.requireDataset(datasetId);
        return start(datasetId, ImportSourceKind.SERVER_PATH, sources.checkServerPath(path).toString(), importAgain);
    }

    /** Admins: everything below a prefix of the organization's incoming area in blob storage. */
    @PreAuthorize(Ability.Expressions.IMPORT_FROM_SERVER)
    public ImportJob importStoragePrefix(UUID datasetId, String prefix) {
        return importStoragePrefix(datasetId, prefix, false);
    }

    /** @param importAgain as for {@link #importUpload(UUID, String, InputStream, long, boolean)} */
    @PreAuthorize(Ability.Expressions.IMPORT_FROM_SERVER)
    public ImportJob importStoragePrefix(UUID datasetId, String prefix, boolean importAgain) {
        datasets.requireDataset(datasetId);
        return start(datasetId, ImportSourceKind.S3_PREFIX, sources.checkStoragePrefix(current.id(), prefix),
                importAgain);
    }

    /** Synthetic pick-and-place episodes from the built-in generator (demo data, trying the product out). */
    public ImportJob generate(UUID datasetId, int episodes, long seed, boolean small) {
        datasets.requireDataset(datasetId);
        if (episodes < 1 || episodes > MAX_GENERATED_EPISODES) {
            throw new IllegalArgumentException(GENERATE_RANGE);
        }
        return start(datasetId, ImportSourceKind.GENERATOR, generatorSpec(episodes, seed, small), false);
    }

    /** The text a GENERATOR job carries; {@link GeneratedEpisodes} reads it back. */
    static String generatorSpec(int episodes, long seed, boolean small) {
        return generatorSpec(episodes, seed, small, 0);
    }

    /** @param pairs sim/real pairs to generate besides the single episodes (two episodes each) */
    static String generatorSpec(int episodes, long seed, boolean small, int pairs) {
        return "episodes=" + episodes + ";seed=" + seed + (small ? ";small" : "") + (pairs > 0 ? ";pairs=" + pairs : "");
    }

    private ImportJob start(UUID datasetId, ImportSourceKind kind, String source, boolean importAgain) {
        UUID organizationId = current.id();
        UUID jobId = jobs.insert(organizationId, datasetId, current.requireUser().userId(), kind, source,
                !importAgain);
        events.publishEvent(new ImportStarted(organizationId, jobId, datasetId, kind, source));
        queue.enqueue(jobId);
        return jobs.job(organizationId, jobId).orElseThrow();
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
    public List<ImportJob> jobs(UUID datasetId) {
        return jobs.jobs(current.id(), datasetId, 200);
    }

    @PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
    public Optional<ImportJob> job(UUID jobId) {
        return jobs.job(current.id(), jobId);
    }

    /**
     * A dataset's imports, newest first, one page after the cursor ({@link CursorPage}: keyset on creation time and
     * id).
     *
     * @throws NotFoundInOrganizationException for a dataset of another organization
     */
    @PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
    public CursorPage<ImportJob> jobs(UUID datasetId, Integer limit, String cursor) {
        datasets.requireDataset(datasetId);
        int size = CursorPage.limit(limit);
        ImportJobRepository.After after = ImportJobRepository.After.parse(CursorPage.decode(cursor));
        return CursorPage.of(jobs.page(current.id(), datasetId, after, size + 1), size,
                job -> ImportJobRepository.After.of(job).text());
    }

    /** The episodes an import of this organization stored, in the order they were stored. */
    @PreAuthorize("hasAnyRole('ADMIN', 'PROJECT_MANAGER', 'QA_LEAD')")
    public List<ImportedEpisode> episodes(UUID jobId) {
        return jobs.episodes(current.id(), jobId);
    }

    /**
     * Asks a queued or running import to stop; a running one stops at its next checkpoint and discards the
     * episode in progress.
     *
     * @return false when it had already finished
     */
    public boolean cancel(UUID jobId) {
        UUID organizationId = current.id();
        if (jobs.job(organizationId, jobId).isEmpty()) {
            throw new NotFoundInOrganizationException("No such import");
        }
        return jobs.requestCancel(organizationId, jobId);
    }

    /**
     * The file name an import keeps of what an uploader typed: its last path segment without control characters,
     * not hidden, at most 200 characters (the extension kept).
     *
     * @throws IllegalArgumentException when nothing usable is left
     */
    public static String safeFileName(String fileName) {
        String name = fileName == null ? "" : fileName.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).strip();
        name = name.replaceAll("[\\p{Cntrl}]", "");
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("The upload has no usable file name");
        }
        if (name.startsWith(".")) {
            name = "_" + name.substring(1);
        }
        if (name.length() > 200) {
            String extension = name.contains(".") ? name.substring(name.lastIndexOf('.')).toLowerCase(Locale.ROOT)
                    : "";
            name = name.substring(0, 200 - extension.length()) + extension;
        }
        return name;
    }
}
