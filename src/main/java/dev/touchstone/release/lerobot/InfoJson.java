package dev.touchstone.release.lerobot;

import dev.touchstone.labeling.LabelSchema;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** meta/info.json: LeRobot's own fields, plus a touchstone section that lets the import side read labels back. */
final class InfoJson {

    static final String RESAMPLING = "Frame k of an episode is at episode time start + k / fps, for k = 0 .. "
            + "floor((end - start) * fps). Signals: each channel takes its latest valid (non-NaN) sample at or before "
            + "the frame time (zero-order hold); frames before a channel's first valid sample take that first valid "
            + "sample; a channel without any valid sample is null. Videos: re-encoded to H.264 at fps with ffmpeg's fps "
            + "filter (round=up), which shows in frame k the latest source frame at or before the frame time, the "
            + "first source frame before it starts and the last after it ends; an H.264 source with exactly one frame "
            + "within 1 ms of every frame time is copied as it is. Phases: frame k takes the class of the "
            + "segment [start, end) containing its time, -1 when none. Events: flag set on the frame nearest to the "
            + "event's time.";

    /** The totals info.json reports. */
    record Totals(String robot, int episodes, long frames, int tasks) {
    }

    private final JsonMapper json;
    private final Features features;
    private final LabelColumns labels;

    InfoJson(JsonMapper json, Features features, LabelColumns labels) {
        this.json = json;
        this.features = features;
        this.labels = labels;
    }

    ObjectNode of(Totals totals, String schemaName, Notes notes) {
        ObjectNode info = json.createObjectNode();
        info.put("codebase_version", "v3.0");
        info.put("robot_type", totals.robot().isEmpty() ? null : totals.robot());
        info.put("total_episodes", totals.episodes());
        info.put("total_frames", totals.frames());
        info.put("total_tasks", totals.tasks());
        info.put("chunks_size", DatasetPaths.CHUNK_SIZE);
        info.put("data_files_size_in_mb", 100);
        info.put("video_files_size_in_mb", 500);
        info.put("fps", features.fps);
        info.putObject("splits").put("train", "0:" + totals.episodes());
        info.put("data_path", "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet");
        info.put("video_path", features.cameras.isEmpty() ? null
                : "videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4");
        putFeatures(info.putObject("features"));
        ObjectNode touchstone = info.putObject("touchstone");
        touchstone.put("schema", schemaName);
        ObjectNode streamNames = touchstone.putObject("stream_names");
        features.signals.forEach(f -> streamNames.put(f.key(), f.stream()));
        features.cameras.forEach(c -> streamNames.put(c.key(), c.stream()));
        touchstone.put("resampling", RESAMPLING);
        touchstone.set("frame_labels", frameLabels());
        touchstone.set("episode_labels", episodeLabels());
        ArrayNode noteArray = touchstone.putArray("notes");
        notes.all().forEach(noteArray::add);
        return info;
    }

    private void putFeatures(ObjectNode out) {
        int fps = features.fps;
        for (FrameColumn c : FrameColumn.of(features, labels)) {
            ObjectNode feature = out.putObject(c.name()).put("dtype", c.dtype());
            feature.putArray("shape").add(c.names() == null ? 1 : c.names().size());
            if (c.names() == null) {
                feature.putNull("names");
            } else {
                ArrayNode names = feature.putArray("names");
                c.names().forEach(names::add);
            }
            feature.put("fps", fps);
        }
        for (Features.Camera camera : features.cameras) {
            ObjectNode feature = out.putObject(camera.key()).put("dtype", "video");
            feature.putArray("shape").add(camera.height()).add(camera.width()).add(3);
            feature.putArray("names").add("height").add("width").add("channels");
            feature.putObject("info").put("video.fps", (double) fps).put("video.height", camera.height())
                    .put("video.width", camera.width()).put("video.channels", 3).put("video.codec", "h264")
                    .put("video.pix_fmt", "yuv420p").put("video.is_depth_map", false).put("has_audio", false);
        }
    }

    private ObjectNode frameLabels() {
        ObjectNode out = json.createObjectNode();
        for (LabelSchema.Definition d : labels.phases) {
            ObjectNode column = out.putObject(LabelColumns.phaseColumn(d)).put("definition", d.key())
                    .put("name", d.name()).put("type", "phase").put("none", -1);
            ArrayNode classes = column.putArray("classes");
            d.classes().forEach(c -> classes.add(c.key()));
            ArrayNode names = column.putArray("class_names");
            d.classes().forEach(c -> names.add(c.name()));
        }
        for (LabelSchema.Definition d : labels.events) {
            for (LabelSchema.LabelClass c : d.classes()) {
                out.putObject(LabelColumns.eventColumn(d, c)).put("definition", d.key()).put("name", d.name())
                        .put("type", "event").put("class", c.key()).put("class_name", c.name());
            }
        }
        return out;
    }

    private ObjectNode episodeLabels() {
        ObjectNode out = json.createObjectNode();
        for (LabelSchema.Definition d : labels.episodeValues) {
            out.putObject(LabelColumns.episodeColumn(d)).put("definition", d.key()).put("name", d.name())
                    .put("type", d.type().jsonName());
        }
        return out;
    }
}
