package dev.touchstone.release.lerobot;

import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchema;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * meta/episodes: one row per episode with where its frames and videos are and its episode-level labels, streamed
 * to JSON Lines as episodes arrive and turned into parquet at the end.
 */
final class EpisodesTable {

    private final Path root;
    private final LabelColumns labels;
    private final Path jsonLines;
    private final OutputStream stream;
    private final JsonGenerator out;

    /** Where one episode's rows and videos are, and which task and window it came from. */
    record Row(int episodeIndex, List<String> tasks, int frames, int dataFileIndex, long from, double seconds,
               String episodeId, String episodeName, String taskId, long startNs, List<Label> labels,
               List<LabelColumns.Segment> sparse, List<LabelColumns.Segment> dense) {
    }

    EpisodesTable(Path root, JsonMapper json, LabelColumns labels) throws IOException {
        this.root = root;
        this.labels = labels;
        jsonLines = root.resolve("episodes.jsonl.tmp");
        stream = Files.newOutputStream(jsonLines);
        out = json.createGenerator(stream);
    }

    void write(Row row, Features features) throws IOException {
        out.writeStartObject();
        out.writeNumberProperty("episode_index", row.episodeIndex());
        out.writeName("tasks");
        out.writeStartArray();
        for (String task : row.tasks()) {
            out.writeString(task);
        }
        out.writeEndArray();
        out.writeNumberProperty("length", row.frames());
        out.writeNumberProperty("data/chunk_index", row.dataFileIndex() / DatasetPaths.CHUNK_SIZE);
        out.writeNumberProperty("data/file_index", row.dataFileIndex() % DatasetPaths.CHUNK_SIZE);
        out.writeNumberProperty("dataset_from_index", row.from());
        out.writeNumberProperty("dataset_to_index", row.from() + row.frames());
        for (String key : features.videoKeys()) {
            String prefix = "videos/" + key + "/";
            out.writeNumberProperty(prefix + "chunk_index", row.episodeIndex() / DatasetPaths.CHUNK_SIZE);
            out.writeNumberProperty(prefix + "file_index", row.episodeIndex() % DatasetPaths.CHUNK_SIZE);
            out.writeNumberProperty(prefix + "from_timestamp", 0.0);
            out.writeNumberProperty(prefix + "to_timestamp", row.seconds());
        }
        out.writeNumberProperty("meta/episodes/chunk_index", 0);
        out.writeNumberProperty("meta/episodes/file_index", 0);
        out.writeStringProperty("touchstone/episode_id", row.episodeId());
        out.writeStringProperty("touchstone/episode_name", row.episodeName());
        out.writeStringProperty("touchstone/task_id", row.taskId());
        out.writeNumberProperty("touchstone/start_ns", row.startNs());
        if (labels.sparse != null) {
            writeSubtasks("sparse", row.sparse());
        }
        if (labels.dense != null) {
            writeSubtasks("dense", row.dense());
        }
        for (LabelSchema.Definition d : labels.episodeValues) {
            writeValue(d, lastValue(row.labels(), d));
        }
        out.writeEndObject();
        out.writeRaw('\n');
    }

    /** SARM's subtask columns (subtask_annotation.py save_annotations_to_dataset), one list entry per subtask. */
    private void writeSubtasks(String prefix, List<LabelColumns.Segment> segments) throws IOException {
        out.writeName(prefix + "_subtask_names");
        writeStrings(segments.stream().map(LabelColumns.Segment::name).toList());
        out.writeName(prefix + "_subtask_start_times");
        out.writeStartArray();
        for (LabelColumns.Segment s : segments) {
            out.writeNumber(s.start());
        }
        out.writeEndArray();
        out.writeName(prefix + "_subtask_end_times");
        out.writeStartArray();
        for (LabelColumns.Segment s : segments) {
            out.writeNumber(s.end());
        }
        out.writeEndArray();
        out.writeName(prefix + "_subtask_start_frames");
        out.writeStartArray();
        for (LabelColumns.Segment s : segments) {
            out.writeNumber(s.startFrame());
        }
        out.writeEndArray();
        out.writeName(prefix + "_subtask_end_frames");
        out.writeStartArray();
        for (LabelColumns.Segment s : segments) {
            out.writeNumber(s.endFrame());
        }
        out.writeEndArray();
    }

    static List<String> subtaskColumns(String prefix) {
        return List.of(prefix + "_subtask_names", prefix + "_subtask_start_times", prefix + "_subtask_end_times",
                prefix + "_subtask_start_frames", prefix + "_subtask_end_frames");
    }

    /** The episode-level value of a definition; the last one wins, as in the task's own label list. */
    private static Label.Value lastValue(List<Label> labels, LabelSchema.Definition d) {
        Label.Value value = null;
        for (Label label : labels) {
            if (label instanceof Label.Value v && v.segment() == null && v.definition().equals(d.key())) {
                value = v;
            }
        }
        return value;
    }

    private void writeValue(LabelSchema.Definition d, Label.Value value) throws IOException {
        String column = LabelColumns.episodeColumn(d);
        switch (d.type()) {
            case CATEGORY -> {
                out.writeName(column);
                if (value == null) {
                    out.writeNull();
                } else {
                    writeStrings(value.classes());
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
                writeStrings(value == null ? List.of() : value.classes());
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

    private void writeStrings(List<String> values) throws IOException {
        out.writeStartArray();
        for (String c : values) {
            out.writeString(c);
        }
        out.writeEndArray();
    }

    /** Closes the JSON Lines file and writes meta/episodes/chunk-000/file-000.parquet from it. */
    void finish(Features features) throws IOException {
        out.close();
        stream.close();
        Path parquet = root.resolve("meta/episodes/chunk-000/file-000.parquet");
        Files.createDirectories(parquet.getParent());
        Parquet.write(jsonLines, parquet, columns(features), null);
        Files.delete(jsonLines);
    }

    private Map<String, String> columns(Features features) {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("episode_index", "BIGINT");
        columns.put("tasks", "VARCHAR[]");
        columns.put("length", "BIGINT");
        columns.put("data/chunk_index", "BIGINT");
        columns.put("data/file_index", "BIGINT");
        columns.put("dataset_from_index", "BIGINT");
        columns.put("dataset_to_index", "BIGINT");
        for (String key : features.videoKeys()) {
            String prefix = "videos/" + key + "/";
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
        for (String prefix : List.of("sparse", "dense")) {
            if (prefix.equals("sparse") ? labels.sparse != null : labels.dense != null) {
                List<String> names = subtaskColumns(prefix);
                columns.put(names.get(0), "VARCHAR[]");
                columns.put(names.get(1), "DOUBLE[]");
                columns.put(names.get(2), "DOUBLE[]");
                columns.put(names.get(3), "BIGINT[]");
                columns.put(names.get(4), "BIGINT[]");
            }
        }
        for (LabelSchema.Definition d : labels.episodeValues) {
            String column = LabelColumns.episodeColumn(d);
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
}
