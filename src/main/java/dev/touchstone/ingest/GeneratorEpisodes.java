package dev.touchstone.ingest;

import dev.touchstone.ingest.generator.EpisodeGenerator;
import dev.touchstone.ingest.generator.GeneratorOptions;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * GENERATOR imports: writes synthetic bundles into the job's work folder; the bundle importer then reads them
 * like any upload, so generated episodes take exactly the path real ones do.
 */
@Component
class GeneratorEpisodes implements GeneratedEpisodes {

    /** The first episode index whose seed a pair takes. */
    private static final int PAIR_SEEDS = 100_000;

    @Override
    public List<Path> generate(String spec, Path work, ImportProgress progress) throws IOException {
        int episodes = 1;
        long seed = 1;
        boolean small = false;
        int pairs = 0;
        for (String part : spec.split(";")) {
            String[] pair = part.split("=", 2);
            try {
                switch (pair[0]) {
                    case "episodes" -> episodes = Integer.parseInt(pair[1]);
                    case "seed" -> seed = Long.parseLong(pair[1]);
                    case "small" -> small = true;
                    case "pairs" -> pairs = Integer.parseInt(pair[1]);
                    default -> throw new IllegalArgumentException("unknown generator setting '" + part + "'");
                }
            } catch (RuntimeException e) {
                throw new ImportFormatException("generator", "bad settings '" + spec + "': " + e.getMessage());
            }
        }
        if (episodes < 1 || pairs < 0 || episodes + 2 * pairs > ImportService.MAX_GENERATED_EPISODES) {
            throw new ImportFormatException("generator", "1-" + ImportService.MAX_GENERATED_EPISODES
                    + " episodes per import, a pair counting as two");
        }
        EpisodeGenerator generator = new EpisodeGenerator(small ? GeneratorOptions.small()
                : GeneratorOptions.defaults());
        Path root = work.resolve("generated");
        List<Path> bundles = new ArrayList<>();
        int total = episodes + 2 * pairs;
        for (int i = 0; i < episodes; i++) {
            // Generation is about a third of the work; reading the bundles into storage is the rest.
            progress.checkpoint(ImportRunner.GENERATION_SHARE * i / total,
                    "Generating episode " + (i + 1) + " of " + total);
            String name = String.format("synthetic-%d-%04d", seed, i);
            bundles.add(generator.generate(root.resolve(name), name, EpisodeGenerator.episodeSeed(seed, i)).bundle());
        }
        for (int p = 0; p < pairs; p++) {
            // Pairs take seeds of their own range, so adding single episodes leaves the pairs as they were.
            long pairSeed = EpisodeGenerator.episodeSeed(seed, PAIR_SEEDS + p);
            for (EpisodeGenerator.Variant variant : List.of(EpisodeGenerator.Variant.SIM,
                    EpisodeGenerator.Variant.REAL)) {
                int done = bundles.size();
                progress.checkpoint(ImportRunner.GENERATION_SHARE * done / total,
                        "Generating episode " + (done + 1) + " of " + total);
                String name = String.format("synthetic-%d-pair%02d-%s", seed, p,
                        variant.name().toLowerCase(java.util.Locale.ROOT));
                bundles.add(generator.generate(root.resolve(name), name, pairSeed, variant).bundle());
            }
        }
        return bundles;
    }
}
