package dev.touchstone.release.lerobot;

import dev.touchstone.release.LeRobotMapping;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.dataset.StoredStream;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.storage.BlobStore;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a LeRobot v3.0 dataset folder (docs/release/formats.md) episode by episode. Each part of the folder has
 * its own class, as ingest/lerobot has on the import side: {@link Features} (fps and feature set),
 * {@link SignalResampler}, {@link LabelColumns}, {@link DataFiles} (the per-frame parquet), {@link Videos},
 * {@link EpisodesTable}, {@link Tasks}, {@link FeatureStats} and {@link InfoJson}.
 * <p>
 * Memory holds one episode's resampled signals (frames × channels floats), never the release: rows go to a JSON
 * Lines file per data file that DuckDB turns into parquet when the file is full, videos are re-timed by ffmpeg
 * episode by episode, and the episodes table is written the same way at the end.
 */
public final class LeRobotDataset {

    private final Path root;
    private final JsonMapper json;
    private final BlobStore blobs;
    private final EpisodeStore episodes;
    private final UUID organizationId;
    private final LabelSchema schema;
    private final LabelColumns labelColumns;
    private final Tasks tasks;
    private final Notes notes = new Notes();
    private final FeatureStats stats = new FeatureStats();
    private final SignalResampler signals;
    private final EpisodesTable episodesTable;
    private final LeRobotMapping mapping;
    private Features features;
    private DataFiles data;
    private Videos videos;
    private DepthVideos depthVideos;
    private UUID cachedEpisode;
    private EpisodeDetail cachedDetail;
    private Map<UUID, StoredStream> cachedStored;
    private String robot = "";
    private int episodeIndex;

    /** One release item: a whole episode or a window of one, with its accepted labels. */
    public record Item(UUID taskId, UUID episodeId, String episodeName, Long windowStartNs, Long windowEndNs,
                       List<Label> labels) {
    }

    /** Where an item landed: its episode index, frame times and video files, for exports that point into them. */
    public record Written(int episodeIndex, String episodeName, long[] times, int fps, Map<String, String> videoOf,
                          Map<String, int[]> sizeOf) {
    }

    /**
     * @param mapping the streams and channels of observation.state and action; null for the defaults from the first
     *                episode's streams ({@link LeRobotMapping#defaults})
     */
    public LeRobotDataset(Path root, JsonMapper json, BlobStore blobs, EpisodeStore episodes, UUID organizationId,
                          String projectName, LabelSchema schema, List<LabelSchema.Definition> included,
                          LeRobotMapping mapping) throws IOException {
        this.mapping = mapping;
        this.root = root;
        this.json = json;
        this.blobs = blobs;
        this.episodes = episodes;
        this.organizationId = organizationId;
        this.schema = schema;
        this.labelColumns = new LabelColumns(included);
        this.tasks = new Tasks(schema, projectName);
        this.signals = new SignalResampler(blobs);
        Files.createDirectories(root.resolve("meta"));
        episodesTable = new EpisodesTable(root, json, labelColumns);
    }

    /** One release item as the next LeRobot episode. */
    public Written add(Item item) throws IOException {
        EpisodeDetail detail = load(item);
        if (features == null) {
            start(Features.choose(detail, mapping, notes));
        }
        int fps = features.fps;
        long start = item.windowStartNs() == null ? 0 : item.windowStartNs();
        long end = item.windowEndNs() == null ? detail.episode().durationNanos() : item.windowEndNs();
        long[] times = grid(start, end, fps);
        int frames = times.length;

        List<float[][]> values = new ArrayList<>();
        for (Features.SignalFeature feature : features.signals) {
            values.add(signals.resample(feature, detail, cachedStored, times, notes));
        }
        List<Label> labels = item.labels();
        int[][] phaseColumns = labelColumns.phases(labels, times, notes);
        List<LabelColumns.Segment> sparse = labelColumns.segments(labelColumns.sparse, labels, times, fps, notes);
        List<LabelColumns.Segment> dense = labelColumns.segments(labelColumns.dense, labels, times, fps, notes);
        List<LabelColumns.EventRow> eventRows = labelColumns.eventRows(labels, times, fps);
        List<String> episodeTasks = tasks.of(detail, labels);
        if (robot.isEmpty()) {
            robot = detail.episode().robot();
        }

        long from = data.rows();
        data.write(new DataFiles.EpisodeFrames(episodeIndex, frames, values, phaseColumns, sparse, eventRows,
                tasks.index(episodeTasks.getFirst())));
        videos.write(detail, cachedStored, start, frames, episodeIndex, notes);
        depthVideos.write(detail, cachedStored, times, episodeIndex, notes);
        episodesTable.write(new EpisodesTable.Row(episodeIndex, episodeTasks, frames, data.fileIndex(), from,
                (double) frames / fps, detail.episode().id().toString(), detail.episode().name(),
                item.taskId().toString(), start, labels, sparse, dense), features);
        Written written = new Written(episodeIndex, detail.episode().name(), times, fps,
                features.videoFiles(episodeIndex), Features.videoSizes(detail));
        episodeIndex++;
        return written;
    }

    /** Frame k at start + k / fps, for k = 0 .. floor((end - start) * fps). */
    private static long[] grid(long start, long end, int fps) {
        int frames = (int) Math.min(Integer.MAX_VALUE - 1, Math.floorDiv(Math.max(0, end - start) * fps,
                1_000_000_000L) + 1);
        long[] times = new long[frames];
        for (int k = 0; k < frames; k++) {
            times[k] = start + Math.round(k * 1e9 / fps);
        }
        return times;
    }

    /** Windows of one episode follow each other, so its detail, readers and video copies are kept between them. */
    private EpisodeDetail load(Item item) throws IOException {
        if (!item.episodeId().equals(cachedEpisode)) {
            closeEpisode();
            cachedDetail = episodes.episode(organizationId, item.episodeId()).orElseThrow(() ->
                    new IllegalStateException("Episode " + item.episodeName() + " of task " + item.taskId()
                            + " no longer exists"));
            cachedStored = new LinkedHashMap<>();
            for (StoredStream s : episodes.storedStreams(organizationId, item.episodeId())) {
                cachedStored.put(s.id(), s);
            }
            cachedEpisode = item.episodeId();
        }
        return cachedDetail;
    }

    private void start(Features chosen) {
        features = chosen;
        data = new DataFiles(root, json, features, labelColumns, stats);
        videos = new Videos(root, blobs, features);
        depthVideos = new DepthVideos(root, blobs, features);
    }

    private void closeEpisode() throws IOException {
        signals.close();
        if (videos != null) {
            videos.closeSources();
        }
    }

    /** Videos whose frames were already on the grid, stream-copied instead of re-encoded. */
    public int copiedVideos() {
        return videos == null ? 0 : videos.copied();
    }

    /**
     * Finishes the dataset: the last data file, the episodes table, tasks, stats and info.json.
     *
     * @return the dataset folder
     */
    public Path finish() throws IOException {
        if (features == null) {
            start(Features.none());
        }
        closeEpisode();
        data.close();
        episodesTable.finish(features);
        tasks.write(root, json);
        json.writerWithDefaultPrettyPrinter().writeValue(root.resolve("meta/stats.json").toFile(),
                stats.toJson(json));
        InfoJson info = new InfoJson(json, features, labelColumns);
        json.writerWithDefaultPrettyPrinter().writeValue(root.resolve("meta/info.json").toFile(),
                info.of(new InfoJson.Totals(robot, episodeIndex, data.rows(), tasks.size()), schema.name(), notes));
        return root;
    }
}
