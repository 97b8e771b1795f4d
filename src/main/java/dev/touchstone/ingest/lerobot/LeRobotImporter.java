package dev.touchstone.ingest.lerobot;

import dev.touchstone.dataset.DepthFormat;
import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.ingest.EpisodeImporter;
import dev.touchstone.ingest.EpisodeSource;
import dev.touchstone.ingest.ImportFormatException;
import dev.touchstone.ingest.ImportProgress;
import dev.touchstone.ingest.video.VideoSlicer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A LeRobot dataset folder: one Touchstone episode per LeRobot episode, float vector features as signal streams,
 * video features as video streams whose frames get the episode's own parquet timestamps. The two layouts differ
 * only in where an episode's rows and frames are ({@link #listEpisodes}). What decides which data is read (the
 * episode list, the files it names, each episode's length against its rows) must agree or the import fails; the
 * bookkeeping totals of {@code meta/info.json} (splits, total_episodes, total_frames) only summarise the episodes
 * and are often stale in trimmed or filtered datasets, so disagreements there become notes on every episode.
 */
public abstract class LeRobotImporter implements EpisodeImporter {

    private static final int CHECKPOINT_ROWS = 5_000;

    private final String version;

    LeRobotImporter(String version) {
        this.version = version;
    }

    @Override
    public String format() {
        return "lerobot-" + version;
    }

    @Override
    public boolean accepts(Path path) {
        return Files.isDirectory(path) && version.equals(LeRobotInfo.version(path));
    }

    /** Where each episode's rows and video frames are, as this version's metadata says. */
    abstract List<LeRobotEpisode> listEpisodes(Path folder, String display, LeRobotInfo info) throws IOException;

    @Override
    public List<EpisodeSource> episodes(Path path) throws IOException {
        String display = display(path);
        LeRobotInfo info = info(path, display);
        List<LeRobotEpisode> episodes = checked(path, display, info).episodes();
        List<EpisodeSource> sources = new ArrayList<>();
        for (LeRobotEpisode episode : episodes) {
            long bytes = Files.size(episode.dataFile());
            for (LeRobotEpisode.VideoPart part : episode.videos().values()) {
                bytes += part.whole() ? Files.size(part.file()) : 0;
            }
            sources.add(new EpisodeSource(path, display + " episode " + episode.index(), episode.name(),
                    String.valueOf(episode.index()), bytes));
        }
        return sources;
    }

    LeRobotInfo info(Path path, String display) throws IOException {
        LeRobotInfo info = LeRobotInfo.read(path, display);
        if (!info.version().equals(version)) {
            throw new ImportFormatException(info.file(), "codebase_version is '" + info.version() + "', this "
                    + "importer reads " + version);
        }
        return info;
    }

    /** The episodes to read, and what the bookkeeping of info.json gets wrong about them. */
    record Checked(List<LeRobotEpisode> episodes, List<String> notes) {
    }

    /**
     * The episodes, after checking that each is listed once and all its files are present; only then is the
     * bookkeeping compared, since a total that disagrees because files are missing is not the problem to report.
     */
    Checked checked(Path path, String display, LeRobotInfo info) throws IOException {
        List<LeRobotEpisode> episodes = listEpisodes(path, display, info);
        Set<Integer> seen = new HashSet<>();
        for (LeRobotEpisode episode : episodes) {
            if (!seen.add(episode.index())) {
                throw new ImportFormatException(display, "episode " + episode.index() + " is listed twice");
            }
            if (!Files.isRegularFile(episode.dataFile())) {
                throw new ImportFormatException(episode.dataDisplay(), "is missing (data of episode "
                        + episode.index() + ")");
            }
            for (Map.Entry<String, LeRobotEpisode.VideoPart> video : episode.videos().entrySet()) {
                if (!Files.isRegularFile(video.getValue().file())) {
                    throw new ImportFormatException(video.getValue().display(), "is missing (video '"
                            + video.getKey() + "' of episode " + episode.index() + ")");
                }
            }
        }
        return new Checked(episodes, bookkeepingNotes(info, episodes));
    }

    /** Where info.json's summary disagrees with the episode list; none of it changes what is read. */
    static List<String> bookkeepingNotes(LeRobotInfo info, List<LeRobotEpisode> episodes) {
        List<String> notes = new ArrayList<>(info.splitNotes());
        if (episodes.size() != info.totalEpisodes()) {
            notes.add(info.file() + ": total_episodes is " + info.totalEpisodes() + " but the episode metadata "
                    + "lists " + episodes.size() + " episodes; the listed episodes were imported");
        }
        long frames = episodes.stream().mapToLong(LeRobotEpisode::length).sum();
        if (info.totalFrames() >= 0 && frames != info.totalFrames()) {
            notes.add(info.file() + ": total_frames is " + info.totalFrames() + " but the listed episodes' "
                    + "lengths add up to " + frames);
        }
        return notes;
    }

    @Override
    public void read(EpisodeSource source, EpisodeRecorder recorder, ImportProgress progress) throws IOException {
        Path path = source.path();
        String display = display(path);
        LeRobotInfo info = info(path, display);
        Checked checked = checked(path, display, info);
        LeRobotEpisode episode = checked.episodes().stream()
                .filter(e -> String.valueOf(e.index()).equals(source.key())).findFirst()
                .orElseThrow(() -> new ImportFormatException(display, "has no episode " + source.key()));
        progress.checkpoint(0, "reading " + episode.dataDisplay());
        ExportedLabels labels = new ExportedLabels(info, display + "/" + episode.index());
        long[] timestamps = readRows(episode, info, recorder, progress, labels);
        recorder.describe(new EpisodeDescription(episode.name(), info.robotType(), String.join("; ", episode.tasks()),
                "", null, display, format(), Map.of("lerobotEpisodeIndex", String.valueOf(episode.index()),
                "lerobotVersion", version), labels.finish(episode.episodeLabels(), episode.subtasks())));
        checked.notes().forEach(recorder::note);
        for (String depth : info.depthKeys()) {
            if (!episode.videos().containsKey(depth)) {
                recorder.note(depth + " is a LeRobot depth video (is_depth_map); " + version + " depth videos are "
                        + "not imported");
            }
        }

        int done = 0;
        for (Map.Entry<String, LeRobotEpisode.VideoPart> video : episode.videos().entrySet()) {
            String key = video.getKey();
            LeRobotEpisode.VideoPart part = video.getValue();
            progress.checkpoint(0.5 + 0.5 * done++ / episode.videos().size(), "storing " + key + " from "
                    + part.display());
            StreamSource streamSource = new StreamSource(part.display(), key);
            String name = info.streamName(key);
            LeRobotInfo.DepthVideo depth = info.depths().get(key);
            if (depth != null) {
                DepthVideoReader.read(part, depth, timestamps, recorder.depth(name, streamSource,
                        new DepthFormat(depth.width(), depth.height(), 0.001, 0, 0, 0, 0)), recorder::note);
            } else if (part.whole()) {
                recorder.video(name, streamSource, part.file(), timestamps, 0);
            } else {
                Path slice = Files.createTempFile("touchstone-lerobot-", ".mp4");
                try {
                    VideoSlicer.slice(part.file(), part.fromSeconds(), part.toSeconds(), 1 / info.fps(), slice,
                            part.display());
                    recorder.video(name, streamSource, slice, timestamps, 0);
                } finally {
                    Files.deleteIfExists(slice);
                }
                recorder.note(key + ": frames " + part.fromSeconds() + "-" + part.toSeconds() + " s of "
                        + part.display() + " were cut out and re-encoded to H.264");
            }
        }
        progress.checkpoint(1, "read " + episode.name());
    }

    /** Streams the episode's rows into the signal streams; returns the row timestamps for the video frames. */
    private long[] readRows(LeRobotEpisode episode, LeRobotInfo info, EpisodeRecorder recorder,
                            ImportProgress progress, ExportedLabels labels) throws IOException {
        List<EpisodeRecorder.SignalStreamWriter> writers = new ArrayList<>();
        List<LeRobotInfo.StreamLayout> layouts = info.streamLayouts();
        StringBuilder select = new StringBuilder("SELECT \"timestamp\"");
        List<String> features = info.signals().stream().map(LeRobotInfo.SignalFeature::key).toList();
        for (String feature : features) {
            select.append(", ").append(Parquet.column(feature));
        }
        for (LeRobotInfo.StreamLayout layout : layouts) {
            String source = layout.channels().stream().map(LeRobotInfo.ChannelPlace::feature).distinct()
                    .reduce((a, b) -> a + ", " + b).orElse(layout.stream());
            writers.add(recorder.signal(layout.stream(), new StreamSource(episode.dataDisplay(), source),
                    layout.channels().stream().map(c -> new SignalChannel(c.name(), "")).toList()));
        }
        for (LeRobotInfo.FrameLabel label : labels.columns()) {
            select.append(", ").append(Parquet.column(label.column()));
        }
        boolean events = info.isTouchstoneExport() && info.languageEvents();
        if (events) {
            select.append(", to_json(language_events)");
        }
        Object[] labelCells = new Object[labels.columns().size()];
        select.append(" FROM read_parquet(?) WHERE episode_index = ? ORDER BY frame_index");
        // sized from the metadata only up to a bound, so a corrupt length cannot allocate gigabytes up front
        long[] timestamps = new long[(int) Math.max(16, Math.min(episode.length(), 1 << 16))];
        int rows = 0;
        long first = 0;
        String file = episode.dataDisplay();
        try (Connection connection = Parquet.open();
             PreparedStatement statement = connection.prepareStatement(select.toString())) {
            statement.setString(1, episode.dataFile().toString());
            statement.setLong(2, episode.index());
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    double seconds = result.getDouble(1);
                    if (result.wasNull() || !Double.isFinite(seconds)) {
                        throw new ImportFormatException(file, "row " + rows + " of episode " + episode.index()
                                + " has no valid timestamp");
                    }
                    long nanos = Math.round(seconds * 1e9);
                    if (rows == 0) {
                        first = nanos;
                    }
                    if (rows == timestamps.length) {
                        timestamps = Arrays.copyOf(timestamps, rows * 2);
                    }
                    long t = nanos - first;
                    timestamps[rows] = t;
                    double[][] values = new double[features.size()][];
                    for (int f = 0; f < features.size(); f++) {
                        values[f] = Parquet.doubles(result.getObject(f + 2), file, features.get(f), rows);
                        if (values[f] == null) {
                            throw new ImportFormatException(file, "column '" + features.get(f) + "' is null at row "
                                    + rows + " of episode " + episode.index());
                        }
                    }
                    for (int s = 0; s < writers.size(); s++) {
                        List<LeRobotInfo.ChannelPlace> places = layouts.get(s).channels();
                        double[] stream = new double[places.size()];
                        for (int c = 0; c < stream.length; c++) {
                            LeRobotInfo.ChannelPlace place = places.get(c);
                            stream[c] = values[features.indexOf(place.feature())][place.index()];
                        }
                        writers.get(s).append(t, stream);
                    }
                    for (int c = 0; c < labelCells.length; c++) {
                        labelCells[c] = result.getObject(features.size() + 2 + c);
                    }
                    labels.row(t, labelCells, events ? result.getString(features.size() + 2 + labelCells.length)
                            : null);
                    rows++;
                    if (rows % CHECKPOINT_ROWS == 0) {
                        progress.checkpoint(0.5 * rows / Math.max(1, episode.length()), "reading " + file);
                    }
                }
            }
        } catch (SQLException e) {
            throw Parquet.problem(file, e);
        }
        if (rows != episode.length()) {
            throw new ImportFormatException(file, "episode " + episode.index() + " has " + rows + " rows but its "
                    + "metadata says length " + episode.length());
        }
        return Arrays.copyOf(timestamps, rows);
    }

    static String display(Path path) {
        Path name = path.toAbsolutePath().normalize().getFileName();
        return name == null ? path.toString() : name.toString();
    }

    static Map<String, Object> values(Object... keysAndValues) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return values;
    }
}
