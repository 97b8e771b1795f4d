package dev.touchstone.ingest;

import dev.touchstone.dataset.EpisodeRecorder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One input format. The import job asks every importer whether it {@link #accepts} a path, lists the episodes it
 * holds, and reads each into its own {@link EpisodeRecorder} (which the job commits or discards). Implementations
 * are Spring beans without state; they must never read past what a file declares, and must fail with an
 * {@link ImportFormatException} (corrupt file) or a {@code StreamDataException} (bad stream data) whose message
 * names the file and the problem.
 */
public interface EpisodeImporter {

    /** Short format name shown to users and stored with the episode, e.g. {@code mcap}, {@code lerobot-v3.0}. */
    String format();

    /** Whether the path (a file or a folder) is in this format: by name and, where cheap, by its first bytes. */
    boolean accepts(Path path) throws IOException;

    /** The episodes at the path (one for most files, many for a LeRobot dataset); reads metadata only. */
    List<EpisodeSource> episodes(Path path) throws IOException;

    /**
     * Reads one episode into the recorder: describes it, adds its streams and notes. Does not commit. Calls
     * {@link ImportProgress#checkpoint} regularly so that progress shows and cancelling stops it quickly.
     */
    void read(EpisodeSource episode, EpisodeRecorder recorder, ImportProgress progress) throws IOException;
}
