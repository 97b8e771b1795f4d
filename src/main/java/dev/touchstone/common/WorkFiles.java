package dev.touchstone.common;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary work folders of background jobs (imports, release builds). */
public final class WorkFiles {

    private static final Logger log = LoggerFactory.getLogger(WorkFiles.class);

    private WorkFiles() {
    }

    /**
     * Deletes a folder and everything in it, deepest first. Best effort: a file that cannot be deleted is logged and
     * left, because a job that finished (or failed) must not fail again over its scratch space.
     */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    log.warn("Could not delete work file {}: {}", path, e.getMessage());
                }
            });
        } catch (IOException e) {
            log.warn("Could not clean up work folder {}: {}", root, e.getMessage());
        }
    }
}
