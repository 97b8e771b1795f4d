package dev.touchstone.ingest;

import dev.touchstone.ingest.bundle.BundleManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A GENERATOR import's settings with sim/real pairs: the bundles it writes and the keys that pair them. */
class GeneratorEpisodesTest {

    @TempDir
    Path work;

    @Test
    void pairsComeAfterTheSingleEpisodesAsSimThenRealWithOneKey() throws Exception {
        String spec = ImportService.generatorSpec(1, 3, true, 1);
        assertThat(spec).isEqualTo("episodes=1;seed=3;small;pairs=1");
        List<Path> bundles = new GeneratorEpisodes().generate(spec, work, ImportProgress.NONE);

        assertThat(bundles).extracting(p -> p.getFileName().toString())
                .containsExactly("synthetic-3-0000", "synthetic-3-pair00-sim", "synthetic-3-pair00-real");
        Map<String, String> single = BundleManifest.read(bundles.get(0), "single").metadata();
        Map<String, String> sim = BundleManifest.read(bundles.get(1), "sim").metadata();
        Map<String, String> real = BundleManifest.read(bundles.get(2), "real").metadata();
        assertThat(single).doesNotContainKey("pair_key").containsEntry("variant", "real");
        assertThat(sim).containsEntry("variant", "sim");
        assertThat(real).containsEntry("variant", "real");
        assertThat(sim.get("pair_key")).isNotBlank().isEqualTo(real.get("pair_key"));
    }

    @Test
    void aPairCountsAsTwoEpisodesOfTheLimit() {
        String spec = ImportService.generatorSpec(1, 3, true, ImportService.MAX_GENERATED_EPISODES / 2);
        assertThatThrownBy(() -> new GeneratorEpisodes().generate(spec, work, ImportProgress.NONE))
                .isInstanceOf(ImportFormatException.class).hasMessageContaining("a pair counting as two");
    }
}
