package dev.touchstone.browser;

import dev.touchstone.SignIn;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.ingest.ImportProgress;
import dev.touchstone.ingest.bundle.BundleImporter;
import dev.touchstone.ingest.generator.EpisodeGenerator;
import dev.touchstone.ingest.generator.GeneratorOptions;
import dev.touchstone.organization.OrganizationService;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A demo-like episode for the browser benchmarks: generated with the synthetic generator's defaults into a bundle and
 * imported into a new dataset of acme through the bundle importer, as the admin.
 */
final class GeneratedEpisode {

    private GeneratedEpisode() {
    }

    static EpisodeDetail generateAndImport(String name, GeneratorOptions options, SignIn signIn,
                                           OrganizationService organizations, DatasetService datasets,
                                           EpisodeStore store, BundleImporter importer) throws IOException {
        Path work = Files.createTempDirectory(name.replace(' ', '-'));
        new EpisodeGenerator(options).generate(work.resolve("episode_0000"), name, 5);
        signIn.as("admin@acme.test");
        try {
            Dataset dataset = datasets.create(name + " " + UUID.randomUUID(), "");
            UUID episode;
            try (EpisodeRecorder recorder = store.record(organizations.current().id(), dataset.id(), null)) {
                importer.read(importer.episodes(work).getFirst(), recorder, ImportProgress.NONE);
                episode = recorder.commit().id();
            }
            return datasets.episode(episode).orElseThrow();
        } finally {
            signIn.out();
        }
    }
}
