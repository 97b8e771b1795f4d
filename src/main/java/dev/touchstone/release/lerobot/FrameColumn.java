package dev.touchstone.release.lerobot;

import dev.touchstone.labeling.LabelSchema;

import java.util.ArrayList;
import java.util.List;

/**
 * One per-frame column of the data files. The one list that info.json's features, the parquet column types and
 * the Hugging Face metadata are all written from, so they cannot disagree.
 *
 * @param dtype  LeRobot's dtype: float32, int64, int32, bool or language
 * @param names  per-value names of a float32 list (its channels), or null for a scalar
 */
record FrameColumn(String name, String dtype, List<String> names) {

    static final String LANGUAGE_PERSISTENT = "language_persistent";
    static final String LANGUAGE_EVENTS = "language_events";
    /** LeRobot's row structs (lerobot/datasets/language.py), field for field and in its order. */
    static final String PERSISTENT_TYPE = "STRUCT(role VARCHAR, content VARCHAR, style VARCHAR, "
            + "\"timestamp\" FLOAT, camera VARCHAR, tool_calls JSON[])[]";
    static final String EVENTS_TYPE = "STRUCT(role VARCHAR, content VARCHAR, style VARCHAR, camera VARCHAR, "
            + "tool_calls JSON[])[]";

    String duckDbType() {
        return switch (dtype) {
            case "float32" -> names == null ? "FLOAT" : "FLOAT[]";
            case "int64" -> "BIGINT";
            case "int32" -> "INTEGER";
            case "language" -> name.equals(LANGUAGE_PERSISTENT) ? PERSISTENT_TYPE : EVENTS_TYPE;
            default -> "BOOLEAN";
        };
    }

    /** The data files' columns, in the order LeRobot lists features. */
    static List<FrameColumn> of(Features features, LabelColumns labels) {
        List<FrameColumn> columns = new ArrayList<>();
        for (Features.SignalFeature f : features.signals) {
            columns.add(new FrameColumn(f.key(), "float32", f.names()));
        }
        columns.add(new FrameColumn("timestamp", "float32", null));
        for (String k : List.of("frame_index", "episode_index", "index", "task_index")) {
            columns.add(new FrameColumn(k, "int64", null));
        }
        for (LabelSchema.Definition d : labels.phases) {
            columns.add(new FrameColumn(LabelColumns.phaseColumn(d), "int32", null));
        }
        columns.add(new FrameColumn(LANGUAGE_PERSISTENT, "language", null));
        columns.add(new FrameColumn(LANGUAGE_EVENTS, "language", null));
        return columns;
    }
}
