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

    @Override
    public List<Path> generate(String spec, Path work, ImportProgress progress) throws IOException {
        int episodes = 1;
        long seed = 1;
        boolean small = false;
        for (String part : spec.split(";")) {
            String[] pair = part.split("=", 2);
            try {
                switch (pair[0]) {
                    case "episodes" -> episodes = Integer.parseInt(pair[1]);
                    case "seed" -> seed = Long.parseLong(pair[1]);
                    case "small" -> small = true;
                    default -> throw new IllegalArgumentException("unknown generator setting '" + part + "'");
                }
            } catch (RuntimeException e) {
                throw new ImportFormatException("generator", "bad settings '" + spec + "': " + e.getMessage());
            }
        }
        if (episodes < 1 || episodes > ImportService.MAX_GENERATED_EPISODES) {
            throw new ImportFormatException("generator", "1-" + ImportService.MAX_GENERATED_EPISODES
                    + " episodes per import");
        }
        EpisodeGenerator generator = new EpisodeGenerator(small ? GeneratorOptions.small()
                : GeneratorOptions.defaults());
        Path root = work.resolve("generated");
        List<Path> bundles = new ArrayList<>();
        for (int i = 0; i < episodes; i++) {
            // Generation is about a third of the work; reading the bundles into storage is the rest.
            progress.checkpoint(ImportRunner.GENERATION_SHARE * i / episodes,
                    "Generating episode " + (i + 1) + " of " + episodes);
            String name = String.format("synthetic-%d-%04d", seed, i);
            bundles.add(generator.generate(root.resolve(name), name, EpisodeGenerator.episodeSeed(seed, i)).bundle());
        }
        return bundles;
    }
}
