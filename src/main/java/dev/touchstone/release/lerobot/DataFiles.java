package dev.touchstone.release.lerobot;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-frame rows (data/chunk-*&#47;file-*.parquet): rows go to a JSON Lines file that DuckDB turns into parquet
 * when the file is full, so memory never holds more than one episode's values.
 */
final class DataFiles {

    /** Rows per data file: LeRobot's default of ~100 MB files is about this many rows of a 20-value state. */
    static final int ROWS_PER_DATA_FILE = 500_000;

    private final Path root;
    private final JsonMapper json;
    private final Features features;
    private final LabelColumns labels;
    private final FeatureStats stats;
    private long globalIndex;
    private int fileIndex;
    private long rowsInFile;
    private Path jsonLines;
    private OutputStream stream;
    private JsonGenerator out;

    /** One episode's frame columns, each array indexed by frame. */
    record EpisodeFrames(int episodeIndex, int frames, List<float[][]> values, int[][] phases,
                         List<LabelColumns.Segment> subtasks, List<LabelColumns.EventRow> events, int taskIndex) {
    }

    DataFiles(Path root, JsonMapper json, Features features, LabelColumns labels, FeatureStats stats) {
        this.root = root;
        this.json = json;
        this.features = features;
        this.labels = labels;
        this.stats = stats;
    }

    /** Rows written so far: the next row's global index. */
    long rows() {
        return globalIndex;
    }

    /** The data file the next row goes to. */
    int fileIndex() {
        return fileIndex;
    }

    void write(EpisodeFrames episode) throws IOException {
        if (out == null || rowsInFile >= ROWS_PER_DATA_FILE) {
            close();
            jsonLines = root.resolve("data-" + fileIndex + ".jsonl.tmp");
            stream = Files.newOutputStream(jsonLines);
            out = json.createGenerator(stream);
        }
        int nextEvent = 0;
        for (int k = 0; k < episode.frames(); k++) {
            out.writeStartObject();
            writeSignals(episode.values(), k);
            writeIndices(episode, k);
            writeLabels(episode, k);
            writePersistent(episode.subtasks());
            out.writeName(FrameColumn.LANGUAGE_EVENTS);
            out.writeStartArray();
            while (nextEvent < episode.events().size() && episode.events().get(nextEvent).frame() == k) {
                writeRow(episode.events().get(nextEvent++).content(), LabelColumns.EVENT_STYLE, null);
            }
            out.writeEndArray();
            out.writeEndObject();
            out.writeRaw('\n');
            globalIndex++;
            rowsInFile++;
        }
    }

    private void writeSignals(List<float[][]> values, int k) throws IOException {
        for (int f = 0; f < features.signals.size(); f++) {
            float[] row = values.get(f)[k];
            String key = features.signals.get(f).key();
            out.writeName(key);
            out.writeStartArray();
            FeatureStats.Stats s = stats.of(key, row.length);
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
    }

    private void writeIndices(EpisodeFrames episode, int k) throws IOException {
        float timestamp = timestamp(k);
        out.writeNumberProperty("timestamp", timestamp);
        out.writeNumberProperty("frame_index", k);
        out.writeNumberProperty("episode_index", episode.episodeIndex());
        out.writeNumberProperty("index", globalIndex);
        out.writeNumberProperty("task_index", episode.taskIndex());
        stats.add("timestamp", timestamp);
        stats.add("frame_index", k);
        stats.add("episode_index", episode.episodeIndex());
        stats.add("index", globalIndex);
        stats.add("task_index", episode.taskIndex());
    }

    private void writeLabels(EpisodeFrames episode, int k) throws IOException {
        for (int p = 0; p < labels.phases.size(); p++) {
            out.writeNumberProperty(LabelColumns.phaseColumn(labels.phases.get(p)), episode.phases()[p][k]);
        }
    }

    /**
     * LeRobot broadcasts an episode's persistent rows to every one of its frames; each subtask is stamped with the
     * timestamp of its first frame, the same float32 the timestamp column holds.
     */
    private void writePersistent(List<LabelColumns.Segment> subtasks) throws IOException {
        out.writeName(FrameColumn.LANGUAGE_PERSISTENT);
        out.writeStartArray();
        for (LabelColumns.Segment subtask : subtasks) {
            writeRow(subtask.name(), "subtask", timestamp(subtask.startFrame()));
        }
        out.writeEndArray();
    }

    private void writeRow(String content, String style, Float timestamp) throws IOException {
        out.writeStartObject();
        out.writeStringProperty("role", "assistant");
        out.writeStringProperty("content", content);
        out.writeStringProperty("style", style);
        if (timestamp != null) {
            out.writeNumberProperty("timestamp", timestamp);
        }
        out.writeNullProperty("camera");
        out.writeNullProperty("tool_calls");
        out.writeEndObject();
    }

    /** Frame k's timestamp column: k / fps as float32. */
    float timestamp(int k) {
        return (float) k / features.fps;
    }

    /** Turns the open file into parquet; the next row starts a new file. */
    void close() throws IOException {
        if (out == null) {
            return;
        }
        out.close();
        stream.close();
        Path parquet = root.resolve(DatasetPaths.dataPath(fileIndex));
        Files.createDirectories(parquet.getParent());
        Parquet.write(jsonLines, parquet, columns(), huggingFaceFeatures());
        Files.delete(jsonLines);
        out = null;
        fileIndex++;
        rowsInFile = 0;
    }

    private Map<String, String> columns() {
        Map<String, String> columns = new LinkedHashMap<>();
        FrameColumn.of(features, labels).forEach(c -> columns.put(c.name(), c.duckDbType()));
        return columns;
    }

    /** The features as Hugging Face datasets describes them in parquet metadata, so `datasets` needs no guessing. */
    private String huggingFaceFeatures() {
        ObjectNode columns = json.createObjectNode();
        for (FrameColumn c : FrameColumn.of(features, labels)) {
            if (c.dtype().equals("language")) {
                ObjectNode row = columns.putObject(c.name()).put("_type", "List").putObject("feature");
                for (String field : List.of("role", "content", "style")) {
                    row.putObject(field).put("dtype", "string").put("_type", "Value");
                }
                if (c.name().equals(FrameColumn.LANGUAGE_PERSISTENT)) {
                    row.putObject("timestamp").put("dtype", "float32").put("_type", "Value");
                }
                row.putObject("camera").put("dtype", "string").put("_type", "Value");
                // language.py's own fallback for a `datasets` without the Json feature: the JSON as a string
                row.putObject("tool_calls").put("_type", "List").putObject("feature").put("dtype", "string")
                        .put("_type", "Value");
            } else if (c.names() == null) {
                columns.putObject(c.name()).put("dtype", c.dtype()).put("_type", "Value");
            } else {
                ObjectNode sequence = columns.putObject(c.name());
                sequence.putObject("feature").put("dtype", c.dtype()).put("_type", "Value");
                sequence.put("length", c.names().size()).put("_type", "Sequence");
            }
        }
        ObjectNode metadata = json.createObjectNode();
        metadata.putObject("info").set("features", columns);
        return json.writeValueAsString(metadata);
    }
}
