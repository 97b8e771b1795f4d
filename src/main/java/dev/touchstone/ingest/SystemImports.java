package dev.touchstone.ingest;

import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.organization.Organization;
import dev.touchstone.organization.OrganizationProvisioning;
import org.springframework.stereotype.Component;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Imports started by the system rather than a signed-in member: the {@code import} command (whoever can run the
 * jar against the database already holds everything) and the demo data. Recorded like any import, so they show in
 * the dataset's import list.
 */
@Component
public class SystemImports {

    private final OrganizationProvisioning organizations;
    private final EpisodeStore episodes;
    private final ImportJobRepository jobs;
    private final ImportRunner runner;
    private final ImportScheduling.ImportQueue queue;

    SystemImports(OrganizationProvisioning organizations, EpisodeStore episodes, ImportJobRepository jobs,
                  ImportRunner runner, ImportScheduling.ImportQueue queue) {
        this.organizations = organizations;
        this.episodes = episodes;
        this.jobs = jobs;
        this.runner = runner;
        this.queue = queue;
    }

    /**
     * Queues synthetic episodes into a new dataset of the organization, unless it already has datasets (so a
     * restart never adds demo episodes twice).
     *
     * @return whether a job was queued
     */
    public boolean queueDemoEpisodes(String organizationSlug, String datasetName, int count, long seed,
                                     boolean small) {
        return queueDemoEpisodes(organizationSlug, datasetName, count, seed, small, 0);
    }

    /**
     * As {@link #queueDemoEpisodes(String, String, int, long, boolean)}, with sim/real pairs (two episodes each, their
     * metadata carrying the same {@code pair_key}) after the single episodes.
     */
    public boolean queueDemoEpisodes(String organizationSlug, String datasetName, int count, long seed,
                                     boolean small, int pairs) {
        Organization organization = organizations.organization(organizationSlug)
                .orElseThrow(() -> new IllegalArgumentException("No organization '" + organizationSlug + "'"));
        if (count <= 0 || episodes.hasDatasets(organization.id())) {
            return false;
        }
        UUID datasetId = episodes.ensureDataset(organization.id(), datasetName,
                "Synthetic bimanual pick-and-place episodes with known phases, made by the built-in generator");
        UUID jobId = jobs.insert(organization.id(), datasetId, null, ImportSourceKind.GENERATOR,
                ImportService.generatorSpec(count, seed, small, pairs));
        queue.enqueue(jobId);
        return true;
    }

    /** An organization's imports, newest first (for operators and tests; members use {@link ImportService}). */
    public java.util.List<ImportJob> jobs(UUID organizationId) {
        return jobs.jobs(organizationId, null, 200);
    }

    /**
     * @return the finished jobs, one per path
     * @throws IllegalArgumentException for an unknown organization or a missing path
     */
    public List<ImportJob> importPaths(String organizationSlug, String datasetName, List<Path> paths,
                                       Consumer<String> console) {
        Organization organization = organizations.organization(organizationSlug)
                .orElseThrow(() -> new IllegalArgumentException("No organization '" + organizationSlug + "'"));
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new IllegalArgumentException("No such file or folder: " + path);
            }
        }
        UUID datasetId = episodes.ensureDataset(organization.id(), datasetName, "Imported from the command line");
        return paths.stream().map(path -> {
            UUID jobId = jobs.insert(organization.id(), datasetId, null, ImportSourceKind.CLI,
                    path.toAbsolutePath().normalize().toString());
            console.accept("Importing " + path + " into " + organizationSlug + "/" + datasetName);
            runner.run(jobId, console);
            return jobs.job(organization.id(), jobId).orElseThrow();
        }).toList();
    }
}
