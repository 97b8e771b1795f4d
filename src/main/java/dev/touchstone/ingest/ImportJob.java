package dev.touchstone.ingest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An import as its owner sees it: where from, how far, and how it ended.
 *
 * @param progress       0..1 over all episodes of the import
 * @param episodesTotal  how many episodes were found, null until the source was scanned
 * @param episodesDone   episodes this import stored; counted as each one commits, so an interrupted import's row
 *                       says how many it kept
 * @param episodesSkipped episodes found at the source that the dataset already had from an earlier import of the
 *                       same recording (same format and content), so they were not imported again
 * @param skipImported   false when the owner chose to import every episode again anyway
 * @param error          why it failed (or the first failure of an import that completed with errors)
 * @param notes          the import report: skipped channels, assumed rates, failed episodes
 */
public record ImportJob(UUID id, UUID datasetId, String datasetName, ImportSourceKind sourceKind, String source,
                        ImportState state, double progress, String progressMessage, int episodesDone,
                        Integer episodesTotal, int episodesFailed, int episodesSkipped, boolean skipImported,
                        String error, List<String> notes,
                        boolean cancelRequested, String createdBy, Instant createdAt, Instant startedAt,
                        Instant finishedAt) {

    public ImportJob {
        notes = List.copyOf(notes);
    }

    public boolean finished() {
        return state.finished();
    }
}
