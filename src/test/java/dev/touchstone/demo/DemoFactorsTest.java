package dev.touchstone.demo;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.curation.CoverageCell;
import dev.touchstone.curation.CoverageGrid;
import dev.touchstone.curation.CoverageService;
import dev.touchstone.curation.FactorService;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.ingest.ImportProgress;
import dev.touchstone.ingest.bundle.BundleImporter;
import dev.touchstone.ingest.generator.EpisodeGenerator;
import dev.touchstone.ingest.generator.GeneratorOptions;
import dev.touchstone.organization.CurrentOrganization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's design factors: generated episodes imported through the bundle importer get the seven factors from their
 * metadata, the object x lighting grid counts them where their metadata says, and declaring again adds nothing.
 */
@TouchstoneSpringTest
class DemoFactorsTest {

    @Autowired SignIn signIn;
    @Autowired DemoFactors demoFactors;
    @Autowired FactorService factors;
    @Autowired CoverageService coverage;
    @Autowired DatasetService datasets;
    @Autowired EpisodeStore store;
    @Autowired CurrentOrganization current;
    @Autowired BundleImporter importer;
    @TempDir Path work;

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void generatedEpisodesLandInTheGridWhereTheirMetadataSays() throws Exception {
        EpisodeGenerator generator = new EpisodeGenerator(GeneratorOptions.small().withDuration(5));
        for (int seed = 11; seed < 15; seed++) {
            generator.generateSignals(work.resolve("eps/e" + seed), "e" + seed, seed);
        }
        signIn.as("pm@acme.test");
        Dataset dataset = datasets.create("demo factors " + UUID.randomUUID(), "");
        for (var source : importer.episodes(work.resolve("eps"))) {
            try (EpisodeRecorder recorder = store.record(current.id(), dataset.id(), null)) {
                importer.read(source, recorder, ImportProgress.NONE);
                recorder.commit();
            }
        }

        assertThat(demoFactors.declare(dataset.id())).isEqualTo(DemoFactors.FACTORS.size());
        assertThat(factors.factors(dataset.id())).extracting(f -> f.key())
                .containsExactly("object", "lighting", "surface", "operator", "object_x", "object_y", "variant");

        Map<List<String>, Integer> expected = new HashMap<>();
        for (var row : datasets.episodes(dataset.id(), dev.touchstone.dataset.EpisodeFilter.NONE, 0, 100)) {
            Map<String, String> metadata = datasets.episode(row.id()).orElseThrow().metadata();
            expected.merge(List.of(metadata.get("object"), metadata.get("lighting")), 1, Integer::sum);
        }
        CoverageGrid grid = coverage.grid(dataset.id(), List.of("object", "lighting"));
        assertThat(grid.episodes()).isEqualTo(4);
        assertThat(grid.withoutValue()).isZero();
        Map<List<String>, Integer> counted = new HashMap<>();
        for (CoverageCell cell : grid.cells()) {
            if (cell.episodes() > 0) {
                counted.put(cell.labels(), cell.episodes());
            }
        }
        assertThat(counted).isEqualTo(expected);

        assertThat(demoFactors.declare(dataset.id())).isZero();
    }
}
