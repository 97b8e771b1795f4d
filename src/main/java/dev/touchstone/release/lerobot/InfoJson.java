package dev.touchstone.release.lerobot;

import dev.touchstone.labeling.LabelSchema;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/** meta/info.json: LeRobot's own fields, plus a touchstone section that lets the import side read labels back. */
final class InfoJson {

    static final String RESAMPLING = "Frame k of an episode is at episode time start + k / fps, for k = 0 .. "
            + "floor((end - start) * fps). Signals: each channel takes its latest valid (non-NaN) sample at or before "
            + "the frame time (zero-order hold); frames before a channel's first valid sample take that first valid "
            + "sample; a channel without any valid sample is null. Videos: re-encoded to H.264 at fps with ffmpeg's fps "
            + "filter (round=up), which shows in frame k the latest source frame at or before the frame time, the "
            + "first source frame before it starts and the last after it ends; an H.264 source with exactly one frame "
            + "within 1 ms of every frame time is copied as it is. Subtasks (phases): a language_persistent row "
            + "stamped with the timestamp of the first frame at or after the segment's start; SARM's columns give "
            + "its start and end in seconds from the first frame and the frames [start, end). Further phase "
            + "definitions: frame k takes the class of the segment [start, end) containing its time, -1 when none. "
            + "Events: a language_events row on the frame nearest to the event's time.";

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
        info.put("video_path", features.videoKeys().isEmpty() ? null
                : "videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4");
        putFeatures(info.putObject("features"));
        ObjectNode touchstone = info.putObject("touchstone");
        touchstone.put("schema", schemaName);
        ObjectNode streamNames = touchstone.putObject("stream_names");
        features.cameras.forEach(c -> streamNames.put(c.key(), c.stream()));
        features.depths.forEach(d -> streamNames.put(d.key(), d.stream()));
        touchstone.set("streams", streams());
        touchstone.set("subtasks", subtasks());
        ObjectNode events = touchstone.putObject("events");
        for (LabelSchema.Definition d : labels.events) {
            for (LabelSchema.LabelClass c : d.classes()) {
                events.putObject(labels.eventContent.get(LabelColumns.eventKey(d, c))).put("definition", d.key())
                        .put("class", c.key());
            }
        }
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
            if (c.dtype().equals("language")) {
                // language.py language_feature_info()
                out.putObject(c.name()).put("dtype", "language").putNull("names").putArray("shape").add(1);
                continue;
            }
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
        for (Features.Depth depth : features.depths) {
            // configs/video.py DepthEncoderConfig and is_depth_map; dataset_metadata.py reads depth_unit
            ObjectNode feature = out.putObject(depth.key()).put("dtype", "video");
            feature.putArray("shape").add(depth.height()).add(depth.width()).add(1);
            feature.putArray("names").add("height").add("width").add("channels");
            feature.putObject("info").put("video.fps", (double) fps).put("video.height", depth.height())
                    .put("video.width", depth.width()).put("video.channels", 1).put("video.codec", "hevc")
                    .put("video.pix_fmt", "gray12le").put("is_depth_map", true).put("depth_unit", "mm")
                    .put("video.depth_min", DepthVideos.DEPTH_MIN).put("video.depth_max", DepthVideos.DEPTH_MAX)
                    .put("video.shift", DepthVideos.SHIFT).put("video.use_log", true).put("has_audio", false);
        }
    }

    /**
     * Each signal stream with its channels in order, and for each channel the feature and position it went to, so
     * the import puts observation.state and action back together into the streams they came from.
     */
    private ArrayNode streams() {
        ArrayNode out = json.createArrayNode();
        for (Map.Entry<String, List<String>> stream : features.streamChannels.entrySet()) {
            ObjectNode node = out.addObject().put("stream", stream.getKey());
            ArrayNode channels = node.putArray("channels");
            for (String channel : stream.getValue()) {
                for (Features.SignalFeature f : features.signals) {
                    int index = 0;
                    for (Features.Part part : f.parts()) {
                        int i = part.stream().equals(stream.getKey()) ? part.channels().indexOf(channel) : -1;
                        if (i >= 0) {
                            channels.addObject().put("name", channel).put("feature", f.key()).put("index", index + i);
                        }
                        index += part.channels().size();
                    }
                }
            }
        }
        return out;
    }

    /** Which phase definition the subtask rows and SARM's sparse and dense columns carry, with its classes. */
    private ObjectNode subtasks() {
        ObjectNode out = json.createObjectNode();
        putSubtasks(out, "sparse", labels.sparse);
        putSubtasks(out, "dense", labels.dense);
        return out;
    }

    private static void putSubtasks(ObjectNode out, String prefix, LabelSchema.Definition d) {
        if (d == null) {
            return;
        }
        ObjectNode node = out.putObject(prefix).put("definition", d.key()).put("name", d.name());
        ArrayNode classes = node.putArray("classes");
        d.classes().forEach(c -> classes.add(c.key()));
        ArrayNode names = node.putArray("class_names");
        d.classes().forEach(c -> names.add(c.name()));
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
