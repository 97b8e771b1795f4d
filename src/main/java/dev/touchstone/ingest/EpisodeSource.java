package dev.touchstone.ingest;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One episode found at an import path.
 *
 * @param path        the file or folder that holds it
 * @param displayPath how to name it in messages (relative to what the user gave)
 * @param name        the episode's name
 * @param key         where it is inside the path, in the importer's terms (a LeRobot episode index); may be empty
 * @param bytes       about how many bytes reading it touches, for progress; 0 when unknown
 */
public record EpisodeSource(Path path, String displayPath, String name, String key, long bytes) {

    public EpisodeSource {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(displayPath, "displayPath");
        Objects.requireNonNull(name, "name");
        key = key == null ? "" : key;
    }
}
