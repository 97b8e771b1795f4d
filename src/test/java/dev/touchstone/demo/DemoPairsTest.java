package dev.touchstone.demo;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.curation.EpisodePairs;
import dev.touchstone.curation.PairingReport;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.ingest.bundle.BundleImporter;
import dev.touchstone.ingest.generator.EpisodeGenerator;
import dev.touchstone.ingest.generator.GeneratorOptions;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.ingest.ImportProgress;
import dev.touchstone.organization.CurrentOrganization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's pairing: a generated sim/real twin imported through the bundle importer is paired by its pair_key, sim
 * first, and pairing again makes nothing new (the demo pairs after every finished import of its dataset).
 */
@TouchstoneSpringTest
class DemoPairsTest {

    @Autowired SignIn signIn;
    @Autowired DemoPairs demoPairs;
    @Autowired DatasetService datasets;
    @Autowired EpisodeStore store;
    @Autowired CurrentOrganization current;
    @Autowired EpisodePairs pairs;
    @Autowired BundleImporter importer;
    @TempDir Path work;

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void generatedTwinsArePairedByTheirKeySimFirst() throws Exception {
        EpisodeGenerator generator = new EpisodeGenerator(GeneratorOptions.small().withDuration(5));
        generator.generateSignals(work.resolve("twins/sim"), "twin-sim", 7, EpisodeGenerator.Variant.SIM);
        generator.generateSignals(work.resolve("twins/real"), "twin-real", 7, EpisodeGenerator.Variant.REAL);
        signIn.as("pm@acme.test");
        Dataset dataset = datasets.create("demo pairs " + UUID.randomUUID(), "");
        for (var source : importer.episodes(work.resolve("twins"))) {
            try (EpisodeRecorder recorder = store.record(current.id(), dataset.id(), null)) {
                importer.read(source, recorder, ImportProgress.NONE);
                recorder.commit();
            }
        }

        PairingReport report = demoPairs.pair(dataset.id());
        assertThat(report.created()).singleElement().satisfies(pair -> {
            assertThat(datasets.episode(pair.first()).orElseThrow().episode().name()).isEqualTo("twin-sim");
            assertThat(datasets.episode(pair.second()).orElseThrow().episode().name()).isEqualTo("twin-real");
            assertThat(pair.key()).isEqualTo(EpisodeGenerator.pairKey(7));
        });
        assertThat(report.issues()).isEmpty();
        assertThat(demoPairs.pair(dataset.id()).created()).isEmpty();
        assertThat(pairs.count(dataset.id())).isEqualTo(1);
    }
}
