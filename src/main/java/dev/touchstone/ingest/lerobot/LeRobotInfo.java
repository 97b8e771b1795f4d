package dev.touchstone.ingest.lerobot;

import dev.touchstone.ingest.ImportFormatException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code meta/info.json} of a LeRobot dataset declares, with the features sorted into what Touchstone stores:
 * float vector features become signal streams, {@code video} features video streams; the bookkeeping columns are
 * used for time and episode selection only.
 *
 * @param file display name of info.json in errors
 */
record LeRobotInfo(String file, String version, String robotType, double fps, int totalEpisodes, long totalFrames,
                   int chunksSize, String dataPath, String videoPath, Map<String, String> splits,
                   List<SignalFeature> signals, List<String> videoKeys, Map<String, FrameLabel> frameLabels,
                   Map<String, EpisodeLabel> episodeLabels, String touchstoneSchema, Map<String, String> streamNames,
                   List<StreamLayout> streams, Map<String, SubtaskDefinition> subtasks,
                   Map<String, EventClass> events, boolean languageEvents, Map<String, DepthVideo> depths) {

    /**
     * A LeRobot depth video (configs/video.py is_depth_map) and its quantiser (depth_utils.py): metres, as the
     * feature's info records them, else LeRobot's defaults.
     */
    record DepthVideo(String key, int width, int height, double depthMin, double depthMax, double shift,
                      boolean useLog) {

        /** The millimetres a 12-bit code stands for, as dequantize_depth computes it. */
        double millimetres(int code) {
            double norm = Math.min(4095, Math.max(0, code)) / 4095.0;
            double metres;
            if (useLog) {
                double low = Math.log(depthMin + shift);
                double high = Math.log(depthMax + shift);
                metres = Math.exp(low + norm * (high - low)) - shift;
            } else {
                metres = depthMin + norm * (depthMax - depthMin);
            }
            return metres * 1000;
        }
    }

    List<String> depthKeys() {
        return List.copyOf(depths.keySet());
    }

    /**
     * A stream of a Touchstone export and where each of its channels went: observation.state and action mix
     * channels of several streams, so the import puts them back together (info.json touchstone.streams).
     */
    record StreamLayout(String stream, List<ChannelPlace> channels) {
    }

    /** @param feature the signal feature holding the channel; @param index its position in the feature's vector */
    record ChannelPlace(String name, String feature, int index) {
    }

    /** The phase definition SARM's sparse or dense subtask columns carry, with its class keys and names. */
    record SubtaskDefinition(String definition, List<String> classes, List<String> classNames) {

        /** The class key of a subtask name, or null. */
        String classOf(String name) {
            int i = classNames.indexOf(name);
            return i < 0 ? null : classes.get(i);
        }
    }

    /** The event definition and class a language_events row's content stands for. */
    record EventClass(String definition, String eventClass) {
    }

    /**
     * The streams to record: a Touchstone export's own layout, else one stream per float feature, named like it.
     */
    List<StreamLayout> streamLayouts() {
        if (!streams.isEmpty()) {
            return streams;
        }
        List<StreamLayout> layouts = new ArrayList<>();
        for (SignalFeature feature : signals) {
            List<ChannelPlace> places = new ArrayList<>();
            for (int i = 0; i < feature.channels().size(); i++) {
                places.add(new ChannelPlace(feature.channels().get(i), feature.key(), i));
            }
            layouts.add(new StreamLayout(streamName(feature.key()), places));
        }
        return layouts;
    }

    /** The stream a feature becomes: its own name, or the name a Touchstone export recorded for it. */
    String streamName(String featureKey) {
        return streamNames.getOrDefault(featureKey, featureKey);
    }

    /**
     * A per-frame label column of a Touchstone export: a phase definition's class index ({@code classes}, -1 for
     * none) or one event class's flag ({@code eventClass}).
     */
    record FrameLabel(String column, String definition, String type, List<String> classes, String eventClass) {
    }

    /** An episode-level label column ({@code labels/<key>}) of a Touchstone export, with its definition's type. */
    record EpisodeLabel(String column, String definition, String type) {
    }

    boolean isTouchstoneExport() {
        return touchstoneSchema != null;
    }

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Columns LeRobot adds to every frame; they are time and bookkeeping, not sensor data. */
    private static final Set<String> BOOKKEEPING = Set.of("timestamp", "frame_index", "episode_index", "index",
            "task_index");
    private static final Set<String> FLOAT_TYPES = Set.of("float32", "float64", "float16");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)(?::0?(\\d+)d)?}");

    /** A float feature and the channel names its {@code names} give (or {@code feature[i]}). */
    record SignalFeature(String key, List<String> channels) {
    }

    /** The codebase_version, or null when the folder has no readable info.json; cheap enough for accepts(). */
    static String version(Path folder) {
        Path info = folder.resolve("meta").resolve("info.json");
        if (!Files.isRegularFile(info)) {
            return null;
        }
        try {
            return JSON.readTree(info.toFile()).path("codebase_version").asString(null);
        } catch (JacksonException e) {
            return null;
        }
    }

    static LeRobotInfo read(Path folder, String displayFolder) throws IOException {
        String display = displayFolder + "/meta/info.json";
        Path path = folder.resolve("meta").resolve("info.json");
        if (!Files.isRegularFile(path)) {
            throw new ImportFormatException(display, "is missing: a LeRobot dataset needs meta/info.json");
        }
        JsonNode root;
        try {
            root = JSON.readTree(path.toFile());
        } catch (JacksonException e) {
            throw new ImportFormatException(display, "is not valid JSON: " + e.getOriginalMessage());
        }
        String version = text(root, "codebase_version", display);
        double fps = root.path("fps").asDouble(0);
        if (!(fps > 0)) {
            throw new ImportFormatException(display, "'fps' must be a positive number");
        }
        int totalEpisodes = root.path("total_episodes").asInt(-1);
        if (totalEpisodes < 0) {
            throw new ImportFormatException(display, "'total_episodes' is missing or negative");
        }
        int chunksSize = root.path("chunks_size").asInt(1000);
        if (chunksSize <= 0) {
            throw new ImportFormatException(display, "'chunks_size' must be positive");
        }
        Map<String, String> splits = new LinkedHashMap<>();
        root.path("splits").properties().forEach(e -> splits.put(e.getKey(), e.getValue().asString("")));

        JsonNode features = root.path("features");
        if (!features.isObject() || features.isEmpty()) {
            throw new ImportFormatException(display, "declares no 'features'");
        }
        List<SignalFeature> signals = new ArrayList<>();
        List<String> videos = new ArrayList<>();
        Map<String, DepthVideo> depths = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : features.properties()) {
            String key = entry.getKey();
            JsonNode feature = entry.getValue();
            String dtype = feature.path("dtype").asString("");
            if (dtype.equals("video") && isDepthMap(feature)) {
                JsonNode shape = feature.path("shape");
                JsonNode info = feature.path("info");
                depths.put(key, new DepthVideo(key, info.path("video.width").asInt(shape.path(1).asInt(0)),
                        info.path("video.height").asInt(shape.path(0).asInt(0)),
                        info.path("video.depth_min").asDouble(0.01), info.path("video.depth_max").asDouble(10.0),
                        info.path("video.shift").asDouble(3.5), info.path("video.use_log").asBoolean(true)));
            } else if (dtype.equals("video")) {
                videos.add(key);
            } else if (!BOOKKEEPING.contains(key) && FLOAT_TYPES.contains(dtype)) {
                JsonNode shape = feature.path("shape");
                if (!shape.isArray() || shape.size() != 1 || shape.get(0).asInt(0) <= 0) {
                    // images stored in parquet and matrices have no place in a signal stream
                    continue;
                }
                signals.add(new SignalFeature(key, channelNames(key, shape.get(0).asInt(), feature.path("names"))));
            }
        }
        String videoPath = root.path("video_path").asString(null);
        if (!videos.isEmpty() && (videoPath == null || videoPath.isBlank())) {
            throw new ImportFormatException(display, "declares video features " + videos
                    + " but no 'video_path'");
        }
        Map<String, FrameLabel> frameLabels = new LinkedHashMap<>();
        Map<String, EpisodeLabel> episodeLabels = new LinkedHashMap<>();
        JsonNode touchstone = root.path("touchstone");
        for (Map.Entry<String, JsonNode> entry : touchstone.path("frame_labels").properties()) {
            JsonNode label = entry.getValue();
            if (!features.has(entry.getKey())) {
                throw new ImportFormatException(display, "touchstone.frame_labels names '" + entry.getKey()
                        + "', which is not a feature");
            }
            List<String> classes = new ArrayList<>();
            label.path("classes").forEach(c -> classes.add(c.asString()));
            frameLabels.put(entry.getKey(), new FrameLabel(entry.getKey(), label.path("definition").asString(""),
                    label.path("type").asString(""), List.copyOf(classes), label.path("class").asString(null)));
        }
        for (Map.Entry<String, JsonNode> entry : touchstone.path("episode_labels").properties()) {
            episodeLabels.put(entry.getKey(), new EpisodeLabel(entry.getKey(),
                    entry.getValue().path("definition").asString(""), entry.getValue().path("type").asString("")));
        }
        return new LeRobotInfo(display, version, root.path("robot_type").asString(""), fps, totalEpisodes,
                root.path("total_frames").asLong(-1), chunksSize, text(root, "data_path", display), videoPath,
                splits, List.copyOf(signals), List.copyOf(videos), frameLabels, episodeLabels,
                touchstone.isObject() ? touchstone.path("schema").asString("") : null, streamNames(touchstone),
                streams(touchstone, signals, display), subtasks(touchstone), events(touchstone),
                "language".equals(features.path("language_events").path("dtype").asString("")),
                depths);
    }

    /** configs/video.py is_depth_map: info.is_depth_map, or the older info["video.is_depth_map"]. */
    private static boolean isDepthMap(JsonNode feature) {
        JsonNode info = feature.path("info");
        return info.path("is_depth_map").asBoolean(false) || info.path("video.is_depth_map").asBoolean(false)
                || feature.path("video_info").path("video.is_depth_map").asBoolean(false);
    }

    private static List<StreamLayout> streams(JsonNode touchstone, List<SignalFeature> signals, String display)
            throws ImportFormatException {
        List<StreamLayout> layouts = new ArrayList<>();
        for (JsonNode stream : touchstone.path("streams")) {
            List<ChannelPlace> places = new ArrayList<>();
            for (JsonNode channel : stream.path("channels")) {
                String feature = channel.path("feature").asString("");
                int index = channel.path("index").asInt(-1);
                SignalFeature source = signals.stream().filter(f -> f.key().equals(feature)).findFirst()
                        .orElse(null);
                if (source == null || index < 0 || index >= source.channels().size()) {
                    throw new ImportFormatException(display, "touchstone.streams puts channel '"
                            + channel.path("name").asString("") + "' at " + feature + "[" + index + "], which is "
                            + "not a value of a float feature");
                }
                places.add(new ChannelPlace(channel.path("name").asString(""), feature, index));
            }
            layouts.add(new StreamLayout(stream.path("stream").asString(""), List.copyOf(places)));
        }
        return List.copyOf(layouts);
    }

    private static Map<String, SubtaskDefinition> subtasks(JsonNode touchstone) {
        Map<String, SubtaskDefinition> subtasks = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : touchstone.path("subtasks").properties()) {
            List<String> classes = new ArrayList<>();
            entry.getValue().path("classes").forEach(c -> classes.add(c.asString()));
            List<String> names = new ArrayList<>();
            entry.getValue().path("class_names").forEach(c -> names.add(c.asString()));
            subtasks.put(entry.getKey(), new SubtaskDefinition(entry.getValue().path("definition").asString(""),
                    List.copyOf(classes), List.copyOf(names)));
        }
        return subtasks;
    }

    private static Map<String, EventClass> events(JsonNode touchstone) {
        Map<String, EventClass> events = new LinkedHashMap<>();
        touchstone.path("events").properties().forEach(e -> events.put(e.getKey(),
                new EventClass(e.getValue().path("definition").asString(""), e.getValue().path("class").asString(""))));
        return events;
    }

    private static Map<String, String> streamNames(JsonNode touchstone) {
        Map<String, String> names = new LinkedHashMap<>();
        touchstone.path("stream_names").properties().forEach(e -> {
            if (e.getValue().isString() && !e.getValue().asString().isBlank()) {
                names.put(e.getKey(), e.getValue().asString());
            }
        });
        return names;
    }

    /**
     * LeRobot writes {@code names} as a list, as {@code {"motors": [...]}} (older datasets) or null; anything that
     * does not give exactly one name per value falls back to indexed names, so channels are never mislabelled.
     */
    private static List<String> channelNames(String key, int width, JsonNode names) {
        JsonNode list = names;
        if (names.isObject() && names.size() == 1) {
            list = names.properties().iterator().next().getValue();
        }
        List<String> result = new ArrayList<>();
        if (list.isArray() && list.size() == width) {
            for (JsonNode name : list) {
                if (!name.isString() || name.asString().isBlank()) {
                    result.clear();
                    break;
                }
                result.add(name.asString());
            }
        }
        if (result.size() != width || Set.copyOf(result).size() != width) {
            result.clear();
            for (int i = 0; i < width; i++) {
                result.add(key + "[" + i + "]");
            }
        }
        return result;
    }

    /**
     * Splits that do not fit the episodes. Splits only say how LeRobot partitions episodes for training; trimmed or
     * filtered datasets routinely keep the splits of the dataset they were cut from, so a stale split is reported,
     * never a reason to refuse data that is otherwise intact.
     */
    List<String> splitNotes() {
        List<String> notes = new ArrayList<>();
        for (Map.Entry<String, String> split : splits.entrySet()) {
            String[] range = split.getValue().split(":");
            int from;
            int to;
            try {
                from = Integer.parseInt(range[0].strip());
                to = Integer.parseInt(range[1].strip());
            } catch (RuntimeException e) {
                notes.add(file + ": split '" + split.getKey() + "' is '" + split.getValue()
                        + "', not 'from:to'; it was ignored");
                continue;
            }
            if (from < 0 || from > to || to > totalEpisodes) {
                notes.add(file + ": split '" + split.getKey() + "' covers episodes " + split.getValue()
                        + " but total_episodes is " + totalEpisodes + "; the split was ignored");
            }
        }
        return notes;
    }

    /** Fills a LeRobot path template such as {@code data/chunk-{episode_chunk:03d}/episode_{episode_index:06d}}. */
    String format(String template, Map<String, Object> values) throws ImportFormatException {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            Object value = values.get(matcher.group(1));
            if (value == null) {
                throw new ImportFormatException(file, "path template '" + template + "' uses {" + matcher.group(1)
                        + "}, which this version does not define");
            }
            String text = matcher.group(2) != null && value instanceof Number number
                    ? String.format("%0" + matcher.group(2) + "d", number.longValue()) : value.toString();
            matcher.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String text(JsonNode root, String field, String display) throws ImportFormatException {
        String value = root.path(field).asString(null);
        if (value == null || value.isBlank()) {
            throw new ImportFormatException(display, "'" + field + "' is missing");
        }
        return value;
    }
}
