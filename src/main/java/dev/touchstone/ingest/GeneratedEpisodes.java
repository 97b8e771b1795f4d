package dev.touchstone.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Makes synthetic episodes for a GENERATOR import: writes bundles into the work folder and returns them. */
interface GeneratedEpisodes {

    /**
     * @param spec what to generate, as {@link ImportService#generatorSpec} writes it
     */
    List<Path> generate(String spec, Path work, ImportProgress progress) throws IOException;
}
