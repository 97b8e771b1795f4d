package dev.touchstone.release;

import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.dataset.StoredStream;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamKind;
import dev.touchstone.dataset.frames.FrameIndex;
import dev.touchstone.dataset.signal.SignalReader;
import dev.touchstone.dataset.signal.SignalSample;
import dev.touchstone.dataset.signal.SignalSamples;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelType;
import dev.touchstone.media.BlobChannel;
import dev.touchstone.storage.BlobStore;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Writes a release as a LeRobot v3.0 dataset folder (docs/release/formats.md): every release item (an accepted task:
 * a whole episode or a window of one) becomes one LeRobot episode, sampled on one frame grid at the dataset's fps.
 * Signals and videos are resampled by zero-order hold (each frame shows the latest sample or video frame at or
 * before its time); the labels become data: a class index column per phase definition, a flag column per event
 * class, episode-level labels as columns of the episodes table and descriptions as language tasks.
 * <p>
 * Memory holds one episode's resampled signals (frames × channels floats), never the release: rows go to a JSON
 * Lines file per data file that DuckDB turns into parquet when the file is full, videos are re-timed by ffmpeg
 * episode by episode, and the episodes table is written the same way at the end.
 */
final class LeRobotExport {

    static final String FILE = ReleaseFile.LEROBOT;
    static final int DEFAULT_FPS = 30;
    static final int CHUNK_SIZE = 1000;
    /** Rows per data file: LeRobot's default of ~100 MB files is about this many rows of a 20-value state. */
    static final int ROWS_PER_DATA_FILE = 500_000;
    static final String RESAMPLING = "Frame k of an episode is at episode time start + k / fps, for k = 0 .. "
            + "floor((end - start) * fps). Signals: each channel takes its latest valid (non-NaN) sample at or before "
            + "the frame time (zero-order hold); frames before a channel's first valid sample take that first valid "
            + "sample; a channel without any valid sample is null. Videos: re-encoded to H.264 at fps with ffmpeg's fps "
            + "filter (round=up), which shows in frame k the latest source frame at or before the frame time, the "
            + "first source frame before it starts and the last after it ends; an H.264 source with exactly one frame "
            + "within 1 ms of every frame time is copied as it is. Phases: frame k takes the class of the "
            + "segment [start, end) containing its time, -1 when none. Events: flag set on the frame nearest to the "
            + "event's time.";
    private static final TypeReference<List<Label>> LABELS = new TypeReference<>() {
    };

    private final Path root;
    private final JsonMapper json;
    private final BlobStore blobs;
    private final EpisodeStore episodes;
    private final UUID organizationId;
    private final String projectName;
    private final LabelSchema schema;
    private final List<LabelSchema.Definition> phases = new ArrayList<>();
    private final List<LabelSchema.Definition> events = new ArrayList<>();
    private final List<LabelSchema.Definition> episodeValues = new ArrayList<>();
    private final Map<String, Integer> tasks = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Stats> stats = new LinkedHashMap<>();

    private final CocoExport coco;
    private final Map<String, SignalReader> readers = new java.util.HashMap<>();
    private final List<BlobChannel> channels = new ArrayList<>();
    /** Local copies of the episode's videos (ffmpeg reads files), kept while its windows follow each other. */
    private final Map<String, Path> sources = new java.util.HashMap<>();
    private UUID cachedEpisode;
    private EpisodeDetail cachedDetail;
    private Map<UUID, StoredStream> cachedStored;
    private int fps;
    private String robot = "";
    private List<SignalFeature> signals;
    private List<Camera> cameras;
    private int episodeIndex;
    private long globalIndex;
    private int copiedVideos;
    private int dataFileIndex;
    private long rowsInDataFile;
    private Path dataJson;
    private OutputStream dataStream;
    private JsonGenerator dataOut;
    private final Path episodesJson;
    private final OutputStream episodesStream;
    private final JsonGenerator episodesOut;

    /** A feature and the stream it comes from ({@code key} is the stream name with '/' made '.', see featureKey). */
    record SignalFeature(String key, String stream, List<String> channels) {
    }

    record Camera(String key, String stream, int width, int height) {
    }

    /**
     * LeRobot joins nested names with '/' (stats/observation.state/mean), so a stream called left_arm/joints is the
     * feature left_arm.joints; info.json's touchstone.stream_names maps it back for the round trip.
     */
    static String featureKey(String stream) {
        return stream.replace('/', '.');
    }

    LeRobotExport(Path root, JsonMapper json, BlobStore blobs, EpisodeStore episodes, UUID organizationId,
                  String projectName, LabelSchema schema, List<LabelSchema.Definition> included, CocoExport coco)
            throws IOException {
        this.root = root;
        this.coco = coco;
        this.json = json;
        this.blobs = blobs;
        this.episodes = episodes;
        this.organizationId = organizationId;
        this.projectName = projectName;
        this.schema = schema;
        for (LabelSchema.Definition d : included) {
            switch (d.type()) {
                case PHASE -> phases.add(d);
                case EVENT -> events.add(d);
                case CATEGORY, RATING, VERDICT, TEXT, NUMBER -> {
                    if (!"segment".equals(d.scope())) {
                        episodeValues.add(d);
                    }
                }
                default -> { }
            }
        }
        Files.createDirectories(root.resolve("meta"));
        episodesJson = root.resolve("episodes.jsonl.tmp");
        episodesStream = Files.newOutputStream(episodesJson);
        episodesOut = json.createGenerator(episodesStream);
    }

    int episodeCount() {
        return episodeIndex;
    }

    int fps() {
        return fps;
    }

    /** One release item as the next LeRobot episode. */
    void add(ReleaseRepository.ItemRow item) throws IOException {
        if (!item.episodeId().equals(cachedEpisode)) {
            closeReaders();
            cachedDetail = episodes.episode(organizationId, item.episodeId()).orElseThrow(() ->
                    new IllegalStateException("Episode " + item.episodeName() + " of task " + item.taskId()
                            + " no longer exists"));
            cachedStored = new LinkedHashMap<>();
            for (StoredStream s : episodes.storedStreams(organizationId, item.episodeId())) {
                cachedStored.put(s.id(), s);
            }
            cachedEpisode = item.episodeId();
        }
        EpisodeDetail detail = cachedDetail;
        Map<UUID, StoredStream> stored = cachedStored;
        if (signals == null) {
            chooseFeatures(detail);
        }
        long start = item.windowStartNs() == null ? 0 : item.windowStartNs();
        long end = item.windowEndNs() == null ? detail.episode().durationNanos() : item.windowEndNs();
        int frames = (int) Math.min(Integer.MAX_VALUE - 1, Math.floorDiv(Math.max(0, end - start) * fps,
                1_000_000_000L) + 1);
        long[] times = new long[frames];
        for (int k = 0; k < frames; k++) {
            times[k] = start + Math.round(k * 1e9 / fps);
        }

        List<float[][]> values = new ArrayList<>();
        for (SignalFeature feature : signals) {
            values.add(resample(feature, detail, stored, times));
        }
        List<Label> labels = item.labels() == null ? List.of() : json.readValue(item.labels(), LABELS);
        int[][] phaseColumns = phaseColumns(labels, times);
        boolean[][] eventColumns = eventColumns(labels, times);

        List<String> episodeTasks = new ArrayList<>();
        if (!detail.episode().task().isBlank()) {
            episodeTasks.add(detail.episode().task().strip());
        }
        for (Label label : labels) {
            if (label instanceof Label.Value v && v.segment() == null && v.text() != null && !v.text().isBlank()
                    && schema.definition(v.definition()).map(d -> d.type() == LabelType.TEXT).orElse(false)) {
                episodeTasks.add(v.text().strip());
            }
        }
        if (episodeTasks.isEmpty()) {
            episodeTasks.add(projectName);
        }
        for (String task : episodeTasks) {
            tasks.putIfAbsent(task, tasks.size());
        }
        int taskIndex = tasks.get(episodeTasks.getFirst());
        if (robot.isEmpty()) {
            robot = detail.episode().robot();
        }

        long from = globalIndex;
        writeRows(frames, values, phaseColumns, eventColumns, taskIndex);
        double seconds = (double) frames / fps;
        writeVideos(detail, stored, start, frames);
        writeEpisodeRow(item, detail, labels, episodeTasks, frames, from, seconds);
        if (coco != null && coco.hasBoxes()) {
            Map<String, String> videoOf = new LinkedHashMap<>();
            cameras.forEach(c -> videoOf.put(c.stream(), videoPath(c.key(), episodeIndex)));
            Map<String, int[]> sizeOf = new LinkedHashMap<>();
            for (StreamInfo s : detail.streams()) {
                if (s.kind() == StreamKind.VIDEO) {
                    sizeOf.put(s.name(), new int[]{number(s.properties().get("width")),
                            number(s.properties().get("height"))});
                }
            }
            coco.add(episodeIndex, detail.episode().name(), item.taskId().toString(), times, fps, labels, videoOf,
                    sizeOf);
        }
        episodeIndex++;
    }

    private void chooseFeatures(EpisodeDetail detail) {
        double videoRate = detail.streams().stream().filter(s -> s.kind() == StreamKind.VIDEO)
                .mapToDouble(StreamInfo::rateHz).max().orElse(0);
        fps = videoRate >= 1 ? (int) Math.min(120, Math.round(videoRate)) : DEFAULT_FPS;
        signals = new ArrayList<>();
        cameras = new ArrayList<>();
        for (StreamInfo stream : detail.streams()) {
            switch (stream.kind()) {
                case SIGNAL, TACTILE -> {
                    if (!stream.channels().isEmpty()) {
                        signals.add(new SignalFeature(featureKey(stream.name()), stream.name(),
                                stream.channels().stream().map(StreamInfo.Channel::name).toList()));
                    }
                }
                case VIDEO -> cameras.add(new Camera(featureKey(stream.name()), stream.name(),
                        number(stream.properties().get("width")),
                        number(stream.properties().get("height"))));
                default -> notes.add("Stream '" + stream.name() + "' (" + stream.kind().name().toLowerCase(Locale.ROOT)
                        + ") has no LeRobot feature type and was left out; the JSON Lines file has its labels");
            }
        }
    }

    private static int number(Object value) {
        return value instanceof Number n ? n.intValue() : 0;
    }

    private Optional<StreamInfo> stream(EpisodeDetail detail, String name, StreamKind... kinds) {
        return detail.streams().stream().filter(s -> s.name().equals(name) && Arrays.asList(kinds).contains(s.kind()))
                .findFirst();
    }

    /** One feature's channels on the frame grid, by zero-order hold; NaN for a stream the episode lacks. */
    private float[][] resample(SignalFeature feature, EpisodeDetail detail, Map<UUID, StoredStream> stored,
                               long[] times) throws IOException {
        float[][] out = new float[times.length][feature.channels().size()];
        Optional<StreamInfo> info = stream(detail, feature.stream(), StreamKind.SIGNAL, StreamKind.TACTILE);
        if (info.isEmpty() || stored.get(info.get().id()) == null) {
            note("Episode " + detail.episode().name() + " has no stream '" + feature.stream() + "'; its "
                    + feature.key() + " values are null");
            for (float[] row : out) {
                Arrays.fill(row, Float.NaN);
            }
            return out;
        }
        StoredStream s = stored.get(info.get().id());
        SignalReader reader = reader(s.blobKey());
        for (int c = 0; c < feature.channels().size(); c++) {
            int column = reader.channelIndex(feature.channels().get(c));
            if (column < 0) {
                for (float[] row : out) {
                    row[c] = Float.NaN;
                }
                continue;
            }
            float held = Float.NaN;
            Optional<SignalSample> before = reader.valueAt(times[0], column);
            if (before.isPresent() && !Float.isNaN(before.get().value())) {
                held = before.get().value();
            }
            SignalSamples samples = reader.samples(times[0], times[times.length - 1], column);
            int i = 0;
            int firstSet = -1;
            for (int k = 0; k < times.length; k++) {
                while (i < samples.size() && samples.timestamps()[i] <= times[k]) {
                    if (!Float.isNaN(samples.values()[i])) {
                        held = samples.values()[i];
                    }
                    i++;
                }
                out[k][c] = held;
                if (firstSet < 0 && !Float.isNaN(held)) {
                    firstSet = k;
                }
            }
            if (firstSet < 0) {
                continue; // no sample at or before the last frame: the channel stays null
            }
            for (int k = 0; k < firstSet; k++) {
                out[k][c] = out[firstSet][c];
            }
        }
        return out;
    }

    /** The episode's signal readers stay open while its items (windows) follow each other. */
    private SignalReader reader(String blobKey) throws IOException {
        SignalReader reader = readers.get(blobKey);
        if (reader == null) {
            BlobChannel channel = BlobChannel.open(blobs, blobKey);
            channels.add(channel);
            reader = SignalReader.open(channel);
            readers.put(blobKey, reader);
        }
        return reader;
    }

    private void closeReaders() throws IOException {
        for (BlobChannel channel : channels) {
            channel.close();
        }
        channels.clear();
        readers.clear();
        for (Path source : sources.values()) {
            Files.deleteIfExists(source);
        }
        sources.clear();
    }

    private int[][] phaseColumns(List<Label> labels, long[] times) {
        int[][] columns = new int[phases.size()][times.length];
        for (int p = 0; p < phases.size(); p++) {
            LabelSchema.Definition d = phases.get(p);
            Arrays.fill(columns[p], -1);
            for (Label label : labels) {
                if (label instanceof Label.Phase phase && phase.definition().equals(d.key())) {
                    if (!"main".equals(phase.track())) {
                        note("Phase '" + d.key() + "' has segments on track '" + phase.track() + "'; LeRobot "
                                + "columns carry the main track, the JSON Lines file every track");
                        continue;
                    }
                    int cls = classIndex(d, phase.classKey());
                    for (int k = lowerBound(times, phase.start()); k < times.length && times[k] < phase.end(); k++) {
                        columns[p][k] = cls;
                    }
                }
            }
        }
        return columns;
    }

    private boolean[][] eventColumns(List<Label> labels, long[] times) {
        int width = events.stream().mapToInt(d -> d.classes().size()).sum();
        boolean[][] columns = new boolean[width][times.length];
        long half = Math.round(0.5e9 / fps);
        int offset = 0;
        for (LabelSchema.Definition d : events) {
            for (Label label : labels) {
                if (label instanceof Label.Event event && event.definition().equals(d.key())) {
                    int cls = classIndex(d, event.classKey());
                    int k = (int) Math.floorDiv((event.time() - times[0]) * fps + 500_000_000L, 1_000_000_000L);
                    if (cls >= 0 && k >= 0 && k < times.length && Math.abs(times[k] - event.time()) <= half) {
                        columns[offset + cls][k] = true;
                    }
                }
            }
            offset += d.classes().size();
        }
        return columns;
    }

    private static int classIndex(LabelSchema.Definition d, String key) {
        for (int i = 0; i < d.classes().size(); i++) {
            if (d.classes().get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private static int lowerBound(long[] times, long t) {
        int i = Arrays.binarySearch(times, t);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && times[i - 1] == t) {
            i--;
        }
        return i;
    }

    static String phaseColumn(LabelSchema.Definition d) {
        return "label." + d.key();
    }

    static String eventColumn(LabelSchema.Definition d, LabelSchema.LabelClass c) {
        return "label." + d.key() + "." + c.key();
    }

    static String episodeColumn(LabelSchema.Definition d) {
        return "labels/" + d.key();
    }

    private void writeRows(int frames, List<float[][]> values, int[][] phaseColumns, boolean[][] eventColumns,
                           int taskIndex) throws IOException {
        if (dataOut == null || rowsInDataFile >= ROWS_PER_DATA_FILE) {
            closeDataFile();
            dataJson = root.resolve("data-" + dataFileIndex + ".jsonl.tmp");
            dataStream = Files.newOutputStream(dataJson);
            dataOut = json.createGenerator(dataStream);
        }
        for (int k = 0; k < frames; k++) {
            JsonGenerator out = dataOut;
            out.writeStartObject();
            for (int f = 0; f < signals.size(); f++) {
                float[] row = values.get(f)[k];
                out.writeName(signals.get(f).key());
                out.writeStartArray();
                Stats s = stats.computeIfAbsent(signals.get(f).key(), x -> new Stats(row.length));
                for (int c = 0; c < row.length; c++) {
                    if (Float.isNaN(row[c])) {
                        out.writeNull();
                    } else {
                        out.writeNumber(row[c]);
                    }
                    s.add(c, row[c]);
                }
                out.writeEndArray();
            }
            float timestamp = (float) k / fps;
            out.writeNumberProperty("timestamp", timestamp);
            out.writeNumberProperty("frame_index", k);
            out.writeNumberProperty("episode_index", episodeIndex);
            out.writeNumberProperty("index", globalIndex);
            out.writeNumberProperty("task_index", taskIndex);
            stat("timestamp", timestamp);
            stat("frame_index", k);
            stat("episode_index", episodeIndex);
            stat("index", globalIndex);
            stat("task_index", taskIndex);
            for (int p = 0; p < phases.size(); p++) {
                out.writeNumberProperty(phaseColumn(phases.get(p)), phaseColumns[p][k]);
            }
            int e = 0;
            for (LabelSchema.Definition d : events) {
                for (LabelSchema.LabelClass c : d.classes()) {
                    out.writeBooleanProperty(eventColumn(d, c), eventColumns[e++][k]);
                }
            }
            out.writeEndObject();
            out.writeRaw('\n');
            globalIndex++;
            rowsInDataFile++;
        }
    }

    private void stat(String key, double value) {
        stats.computeIfAbsent(key, x -> new Stats(1)).add(0, value);
    }

    private void closeDataFile() throws IOException {
        if (dataOut == null) {
            return;
        }
        dataOut.close();
        dataStream.close();
        Path parquet = root.resolve(dataPath(dataFileIndex));
        Files.createDirectories(parquet.getParent());
        toParquet(dataJson, parquet, dataColumns(), huggingFaceFeatures());
        Files.delete(dataJson);
        dataOut = null;
        dataFileIndex++;
        rowsInDataFile = 0;
    }

    static String dataPath(int fileIndex) {
        return String.format("data/chunk-%03d/file-%03d.parquet", fileIndex / CHUNK_SIZE, fileIndex % CHUNK_SIZE);
    }

    static String videoPath(String key, int fileIndex) {
        return String.format("videos/%s/chunk-%03d/file-%03d.mp4", key, fileIndex / CHUNK_SIZE, fileIndex % CHUNK_SIZE);
    }

    /**
     * One per-frame column of the data files. The one list that info.json's features, the parquet column types and
     * the Hugging Face metadata are all written from, so they cannot disagree.
     *
     * @param dtype  LeRobot's dtype: float32, int64, int32 or bool
     * @param names  per-value names of a float32 list (its channels), or null for a scalar
     */
    private record FrameColumn(String name, String dtype, List<String> names) {

        String duckDbType() {
            return switch (dtype) {
                case "float32" -> names == null ? "FLOAT" : "FLOAT[]";
                case "int64" -> "BIGINT";
                case "int32" -> "INTEGER";
                default -> "BOOLEAN";
            };
        }
    }

    /** The data files' columns, in the order LeRobot lists features. */
    private List<FrameColumn> frameColumns() {
        List<FrameColumn> columns = new ArrayList<>();
        for (SignalFeature f : signals) {
            columns.add(new FrameColumn(f.key(), "float32", f.channels()));
        }
        columns.add(new FrameColumn("timestamp", "float32", null));
        for (String k : List.of("frame_index", "episode_index", "index", "task_index")) {
            columns.add(new FrameColumn(k, "int64", null));
        }
        for (LabelSchema.Definition d : phases) {
            columns.add(new FrameColumn(phaseColumn(d), "int32", null));
        }
        for (LabelSchema.Definition d : events) {
            for (LabelSchema.LabelClass c : d.classes()) {
                columns.add(new FrameColumn(eventColumn(d, c), "bool", null));
            }
        }
        return columns;
    }

    private Map<String, String> dataColumns() {
        Map<String, String> columns = new LinkedHashMap<>();
        frameColumns().forEach(c -> columns.put(c.name(), c.duckDbType()));
        return columns;
    }

    /** The features as Hugging Face datasets describes them in parquet metadata, so `datasets` needs no guessing. */
    private String huggingFaceFeatures() {
        ObjectNode features = json.createObjectNode();
        for (FrameColumn c : frameColumns()) {
            if (c.names() == null) {
                features.putObject(c.name()).put("dtype", c.dtype()).put("_type", "Value");
            } else {
                ObjectNode sequence = features.putObject(c.name());
                sequence.putObject("feature").put("dtype", c.dtype()).put("_type", "Value");
                sequence.put("length", c.names().size()).put("_type", "Sequence");
            }
        }
        ObjectNode root = json.createObjectNode();
        root.putObject("info").set("features", features);
        return json.writeValueAsString(root);
    }

    private void writeVideos(EpisodeDetail detail, Map<UUID, StoredStream> stored, long start, int frames)
            throws IOException {
        for (Camera camera : cameras) {
            Path out = root.resolve(videoPath(camera.key(), episodeIndex));
            Files.createDirectories(out.getParent());
            Optional<StreamInfo> info = stream(detail, camera.stream(), StreamKind.VIDEO);
            StoredStream s = info.map(i -> stored.get(i.id())).orElse(null);
            if (s == null || s.indexBlobKey() == null) {
                note("Episode " + detail.episode().name() + " has no camera '" + camera.stream() + "'; its video is "
                        + "black");
                ffmpeg(List.of("-f", "lavfi", "-i", "color=c=black:s=" + Math.max(2, camera.width()) + "x"
                        + Math.max(2, camera.height()) + ":r=" + fps), 0, frames, out);
                continue;
            }
            long firstFrame;
            boolean copy;
            try (InputStream in = blobs.open(s.indexBlobKey())) {
                FrameIndex index = FrameIndex.read(in, s.indexBlobKey());
                firstFrame = index.size() == 0 ? 0 : index.timestamp(0);
                copy = "h264".equals(info.get().properties().get("codec"))
                        && onGrid(index.timestamps(), start, frames, fps);
            }
            Path source = sources.get(s.blobKey());
            if (source == null) {
                source = Files.createTempFile(root, "source-", ".mp4");
                sources.put(s.blobKey(), source);
                try (InputStream in = blobs.open(s.blobKey())) {
                    Files.copy(in, source, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            if (copy) {
                // already one H.264 frame per grid point: resampling would change nothing but cost an encode
                run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", source.toString(), "-map", "0:v:0",
                        "-c", "copy", "-an", "-movflags", "+faststart", out.toString()), out);
                copiedVideos++;
                continue;
            }
            // Media time 0 is the first frame; shifting by its episode time minus the window start puts the
            // source on the export's clock, where frame k is at k / fps. A window far into the video seeks to a
            // second before it (ffmpeg then decodes from there and restarts the timestamps at the seek point, so the
            // seek is added back to the shift) instead of decoding everything before it for every window.
            double seek = Math.max(0, (start - firstFrame) / 1e9 - 1.0);
            double shift = (firstFrame - start) / 1e9 + seek;
            List<String> input = seek > 0
                    ? List.of("-ss", String.format(Locale.ROOT, "%.6f", seek), "-i", source.toString())
                    : List.of("-i", source.toString());
            ffmpeg(input, shift, frames, out);
        }
    }

    /** Whether frame k of the source is at start + k / fps (within 1 ms) for exactly the grid's frames. */
    static boolean onGrid(long[] timestamps, long start, int frames, int fps) {
        if (timestamps.length != frames) {
            return false;
        }
        for (int k = 0; k < frames; k++) {
            if (Math.abs(timestamps[k] - start - Math.round(k * 1e9 / fps)) > 1_000_000L) {
                return false;
            }
        }
        return true;
    }

    /** Videos whose frames were already on the grid, stream-copied instead of re-encoded. */
    int copiedVideos() {
        return copiedVideos;
    }

    /** Re-times the input to the grid: {@code shiftSeconds} moves its timestamps onto the export's clock first. */
    private void ffmpeg(List<String> input, double shiftSeconds, int frames, Path out) throws IOException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
        command.addAll(input);
        command.addAll(List.of("-vf", String.format(Locale.ROOT, "setpts=PTS+(%.9f)/TB,", shiftSeconds)
                        + "fps=fps=" + fps + ":start_time=0:round=up,tpad=stop_mode=clone:stop=-1",
                "-frames:v", String.valueOf(frames), "-an", "-c:v", "libx264", "-preset", "veryfast",
                "-pix_fmt", "yuv420p", "-g", String.valueOf(2 * fps), "-movflags", "+faststart", out.toString()));
        run(command, out);
    }

    private void run(List<String> command, Path out) throws IOException {
        Path log = Files.createTempFile(root, "ffmpeg-", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(30, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("ffmpeg took longer than 30 minutes for " + out.getFileName());
            }
            if (process.exitValue() != 0) {
                String text = Files.readString(log);
                throw new IOException("ffmpeg could not write " + root.relativize(out) + ": "
                        + (text.length() > 500 ? text.substring(0, 500) : text).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while ffmpeg wrote " + out.getFileName(), e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private void writeEpisodeRow(ReleaseRepository.ItemRow item, EpisodeDetail detail, List<Label> labels,
                                 List<String> episodeTasks, int frames, long from, double seconds)
            throws IOException {
        JsonGenerator out = episodesOut;
        out.writeStartObject();
        out.writeNumberProperty("episode_index", episodeIndex);
        out.writeName("tasks");
        out.writeStartArray();
        for (String task : episodeTasks) {
            out.writeString(task);
        }
        out.writeEndArray();
        out.writeNumberProperty("length", frames);
        out.writeNumberProperty("data/chunk_index", dataFileIndex / CHUNK_SIZE);
        out.writeNumberProperty("data/file_index", dataFileIndex % CHUNK_SIZE);
        out.writeNumberProperty("dataset_from_index", from);
        out.writeNumberProperty("dataset_to_index", from + frames);
        for (Camera camera : cameras) {
            String prefix = "videos/" + camera.key() + "/";
            out.writeNumberProperty(prefix + "chunk_index", episodeIndex / CHUNK_SIZE);
            out.writeNumberProperty(prefix + "file_index", episodeIndex % CHUNK_SIZE);
            out.writeNumberProperty(prefix + "from_timestamp", 0.0);
            out.writeNumberProperty(prefix + "to_timestamp", seconds);
        }
        out.writeNumberProperty("meta/episodes/chunk_index", 0);
        out.writeNumberProperty("meta/episodes/file_index", 0);
        out.writeStringProperty("touchstone/episode_id", detail.episode().id().toString());
        out.writeStringProperty("touchstone/episode_name", detail.episode().name());
        out.writeStringProperty("touchstone/task_id", item.taskId().toString());
        out.writeNumberProperty("touchstone/start_ns", item.windowStartNs() == null ? 0 : item.windowStartNs());
        for (LabelSchema.Definition d : episodeValues) {
            Label.Value value = null;
            for (Label label : labels) {
                if (label instanceof Label.Value v && v.segment() == null && v.definition().equals(d.key())) {
                    value = v;
                }
            }
            String column = episodeColumn(d);
            switch (d.type()) {
                case CATEGORY -> {
                    out.writeName(column);
                    if (value == null) {
                        out.writeNull();
                    } else {
                        out.writeStartArray();
                        for (String c : value.classes()) {
                            out.writeString(c);
                        }
                        out.writeEndArray();
                    }
                }
                case VERDICT -> {
                    out.writeName(column);
                    if (value == null || value.accept() == null) {
                        out.writeNull();
                    } else {
                        out.writeBoolean(value.accept());
                    }
                    out.writeName(column + "/reasons");
                    out.writeStartArray();
                    if (value != null) {
                        for (String c : value.classes()) {
                            out.writeString(c);
                        }
                    }
                    out.writeEndArray();
                }
                case RATING, NUMBER -> {
                    out.writeName(column);
                    if (value == null || value.number() == null) {
                        out.writeNull();
                    } else {
                        out.writeNumber(value.number());
                    }
                }
                case TEXT -> out.writeStringProperty(column, value == null ? null : value.text());
                default -> { }
            }
        }
        out.writeEndObject();
        out.writeRaw('\n');
    }

    private Map<String, String> episodeColumns() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("episode_index", "BIGINT");
        columns.put("tasks", "VARCHAR[]");
        columns.put("length", "BIGINT");
        columns.put("data/chunk_index", "BIGINT");
        columns.put("data/file_index", "BIGINT");
        columns.put("dataset_from_index", "BIGINT");
        columns.put("dataset_to_index", "BIGINT");
        for (Camera camera : cameras == null ? List.<Camera>of() : cameras) {
            String prefix = "videos/" + camera.key() + "/";
            columns.put(prefix + "chunk_index", "BIGINT");
            columns.put(prefix + "file_index", "BIGINT");
            columns.put(prefix + "from_timestamp", "DOUBLE");
            columns.put(prefix + "to_timestamp", "DOUBLE");
        }
        columns.put("meta/episodes/chunk_index", "BIGINT");
        columns.put("meta/episodes/file_index", "BIGINT");
        columns.put("touchstone/episode_id", "VARCHAR");
        columns.put("touchstone/episode_name", "VARCHAR");
        columns.put("touchstone/task_id", "VARCHAR");
        columns.put("touchstone/start_ns", "BIGINT");
        for (LabelSchema.Definition d : episodeValues) {
            String column = episodeColumn(d);
            switch (d.type()) {
                case CATEGORY -> columns.put(column, "VARCHAR[]");
                case VERDICT -> {
                    columns.put(column, "BOOLEAN");
                    columns.put(column + "/reasons", "VARCHAR[]");
                }
                case RATING, NUMBER -> columns.put(column, "DOUBLE");
                case TEXT -> columns.put(column, "VARCHAR");
                default -> { }
            }
        }
        return columns;
    }

    /**
     * Finishes the dataset: the last data file, the episodes table, tasks, stats and info.json.
     *
     * @return the dataset folder
     */
    Path finish() throws IOException {
        if (signals == null) {
            signals = List.of();
            cameras = List.of();
            fps = DEFAULT_FPS;
        }
        closeReaders();
        closeDataFile();
        episodesOut.close();
        episodesStream.close();
        Path episodesParquet = root.resolve("meta/episodes/chunk-000/file-000.parquet");
        Files.createDirectories(episodesParquet.getParent());
        toParquet(episodesJson, episodesParquet, episodeColumns(), null);
        Files.delete(episodesJson);

        Path tasksJson = root.resolve("tasks.jsonl.tmp");
        try (OutputStream stream = Files.newOutputStream(tasksJson);
             JsonGenerator out = json.createGenerator(stream)) {
            for (Map.Entry<String, Integer> task : tasks.entrySet()) {
                out.writeStartObject();
                out.writeStringProperty("task", task.getKey());
                out.writeNumberProperty("task_index", task.getValue());
                out.writeEndObject();
                out.writeRaw('\n');
            }
        }
        Map<String, String> taskColumns = new LinkedHashMap<>();
        taskColumns.put("task", "VARCHAR");
        taskColumns.put("task_index", "BIGINT");
        toParquet(tasksJson, root.resolve("meta/tasks.parquet"), taskColumns, null);
        Files.delete(tasksJson);

        json.writerWithDefaultPrettyPrinter().writeValue(root.resolve("meta/stats.json").toFile(), statsJson());
        json.writerWithDefaultPrettyPrinter().writeValue(root.resolve("meta/info.json").toFile(), info());
        return root;
    }

    private ObjectNode statsJson() {
        ObjectNode out = json.createObjectNode();
        for (Map.Entry<String, Stats> entry : stats.entrySet()) {
            Stats s = entry.getValue();
            ObjectNode feature = out.putObject(entry.getKey());
            ArrayNode min = feature.putArray("min");
            ArrayNode max = feature.putArray("max");
            ArrayNode mean = feature.putArray("mean");
            ArrayNode std = feature.putArray("std");
            ArrayNode count = feature.putArray("count");
            for (int c = 0; c < s.count.length; c++) {
                long n = s.count[c];
                double m = n == 0 ? Double.NaN : s.sum[c] / n;
                min.add(n == 0 ? null : s.min[c]);
                max.add(n == 0 ? null : s.max[c]);
                mean.add(n == 0 ? null : m);
                std.add(n == 0 ? null : Math.sqrt(Math.max(0, s.sumSquares[c] / n - m * m)));
                count.add(n);
            }
        }
        return out;
    }

    private ObjectNode info() {
        ObjectNode info = json.createObjectNode();
        info.put("codebase_version", "v3.0");
        info.put("robot_type", robot.isEmpty() ? null : robot);
        info.put("total_episodes", episodeIndex);
        info.put("total_frames", globalIndex);
        info.put("total_tasks", tasks.size());
        info.put("chunks_size", CHUNK_SIZE);
        info.put("data_files_size_in_mb", 100);
        info.put("video_files_size_in_mb", 500);
        info.put("fps", fps);
        info.putObject("splits").put("train", "0:" + episodeIndex);
        info.put("data_path", "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet");
        info.put("video_path", cameras.isEmpty() ? null
                : "videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4");
        ObjectNode features = info.putObject("features");
        for (FrameColumn c : frameColumns()) {
            ObjectNode feature = features.putObject(c.name()).put("dtype", c.dtype());
            feature.putArray("shape").add(c.names() == null ? 1 : c.names().size());
            if (c.names() == null) {
                feature.putNull("names");
            } else {
                ArrayNode names = feature.putArray("names");
                c.names().forEach(names::add);
            }
            feature.put("fps", fps);
        }
        for (Camera camera : cameras) {
            ObjectNode feature = features.putObject(camera.key()).put("dtype", "video");
            feature.putArray("shape").add(camera.height()).add(camera.width()).add(3);
            feature.putArray("names").add("height").add("width").add("channels");
            feature.putObject("info").put("video.fps", (double) fps).put("video.height", camera.height())
                    .put("video.width", camera.width()).put("video.channels", 3).put("video.codec", "h264")
                    .put("video.pix_fmt", "yuv420p").put("video.is_depth_map", false).put("has_audio", false);
        }
        ObjectNode labels = json.createObjectNode();
        for (LabelSchema.Definition d : phases) {
            ObjectNode column = labels.putObject(phaseColumn(d)).put("definition", d.key()).put("name", d.name())
                    .put("type", "phase").put("none", -1);
            ArrayNode classes = column.putArray("classes");
            d.classes().forEach(c -> classes.add(c.key()));
            ArrayNode names = column.putArray("class_names");
            d.classes().forEach(c -> names.add(c.name()));
        }
        for (LabelSchema.Definition d : events) {
            for (LabelSchema.LabelClass c : d.classes()) {
                labels.putObject(eventColumn(d, c)).put("definition", d.key()).put("name", d.name())
                        .put("type", "event").put("class", c.key()).put("class_name", c.name());
            }
        }
        ObjectNode episodeLabels = json.createObjectNode();
        for (LabelSchema.Definition d : episodeValues) {
            episodeLabels.putObject(episodeColumn(d)).put("definition", d.key()).put("name", d.name())
                    .put("type", d.type().jsonName());
        }
        ObjectNode touchstone = info.putObject("touchstone");
        touchstone.put("schema", schema.name());
        ObjectNode streamNames = touchstone.putObject("stream_names");
        signals.forEach(f -> streamNames.put(f.key(), f.stream()));
        cameras.forEach(c -> streamNames.put(c.key(), c.stream()));
        touchstone.put("resampling", RESAMPLING);
        touchstone.set("frame_labels", labels);
        touchstone.set("episode_labels", episodeLabels);
        ArrayNode noteArray = touchstone.putArray("notes");
        notes.forEach(noteArray::add);
        return info;
    }

    private void note(String note) {
        if (notes.size() < 100 && !notes.contains(note)) {
            notes.add(note);
        }
    }

    /** Turns a JSON Lines file into parquet with exactly these column types (DuckDB streams it through). */
    static void toParquet(Path jsonLines, Path parquet, Map<String, String> columns, String huggingFace)
            throws IOException {
        StringBuilder spec = new StringBuilder("{");
        StringBuilder select = new StringBuilder();
        for (Map.Entry<String, String> column : columns.entrySet()) {
            if (spec.length() > 1) {
                spec.append(", ");
                select.append(", ");
            }
            spec.append(literal(column.getKey())).append(": ").append(literal(column.getValue()));
            select.append('"').append(column.getKey().replace("\"", "\"\"")).append('"');
        }
        spec.append('}');
        String sql = "COPY (SELECT " + select + " FROM read_json(" + literal(jsonLines.toString())
                + ", format = 'newline_delimited', columns = " + spec + ")) TO "
                + literal(parquet.toString()) + " (FORMAT parquet, COMPRESSION snappy"
                + (huggingFace == null ? "" : ", KV_METADATA {huggingface: " + literal(huggingFace) + "}") + ")";
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            statement.execute("SET threads = 1");
            statement.execute("SET memory_limit = '1GB'");
            statement.execute("SET preserve_insertion_order = true");
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IOException("Cannot write " + parquet.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** Per-dimension running sums for meta/stats.json. */
    private static final class Stats {
        final double[] min;
        final double[] max;
        final double[] sum;
        final double[] sumSquares;
        final long[] count;

        Stats(int width) {
            min = new double[width];
            max = new double[width];
            sum = new double[width];
            sumSquares = new double[width];
            count = new long[width];
            Arrays.fill(min, Double.POSITIVE_INFINITY);
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
        }

        void add(int c, double v) {
            if (Double.isNaN(v) || c >= count.length) {
                return;
            }
            min[c] = Math.min(min[c], v);
            max[c] = Math.max(max[c], v);
            sum[c] += v;
            sumSquares[c] += v * v;
            count[c]++;
        }
    }
}
