package dev.touchstone.release.lerobot;

import dev.touchstone.release.LeRobotMapping;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The dataset's fps, signal features and cameras, taken from the first episode: LeRobot has one feature set and one
 * frame rate for all episodes, so later episodes are fitted to it (missing streams become nulls or black video).
 * Features carry LeRobot's names, so its training scripts load the export without renaming:
 * {@code observation.state} and {@code action} from the release's {@link LeRobotMapping},
 * {@code observation.<stream>} for the rest of every signal and tactile stream (force-torque, IMU, tactile ...),
 * {@code observation.images.<camera>} for cameras.
 */
final class Features {

    static final int DEFAULT_FPS = 30;
    static final String STATE = "observation.state";
    static final String ACTION = "action";

    final int fps;
    final List<SignalFeature> signals;
    final List<Camera> cameras;
    /** Depth cameras, as LeRobot's depth videos (observation.depth.<key>). */
    final List<Depth> depths;
    /** Every exported signal stream's channels in the stream's own order, for the round trip. */
    final Map<String, List<String>> streamChannels;

    /** Some channels of one stream, as part of a feature. */
    record Part(String stream, List<String> channels) {
    }

    /**
     * A float32 vector feature made of parts of streams.
     *
     * @param names the per-value names info.json gives: the channel names for a feature of one stream, else
     *              {@code <stream>/<channel>}
     */
    record SignalFeature(String key, List<Part> parts, List<String> names) {

        int width() {
            return names.size();
        }
    }

    record Camera(String key, String stream, int width, int height) {
    }

    /** @param metersPerUnit what one unit of the stored 16-bit value is */
    record Depth(String key, String stream, int width, int height, double metersPerUnit) {
    }

    private Features(int fps, List<SignalFeature> signals, List<Camera> cameras, List<Depth> depths,
                     Map<String, List<String>> streamChannels) {
        this.fps = fps;
        this.signals = signals;
        this.cameras = cameras;
        this.depths = depths;
        this.streamChannels = streamChannels;
    }

    /** For a release without episodes: its info.json still needs an fps. */
    static Features none() {
        return new Features(DEFAULT_FPS, List.of(), List.of(), List.of(), Map.of());
    }

    static Features choose(EpisodeDetail detail, LeRobotMapping mapping, Notes notes) {
        double videoRate = detail.streams().stream().filter(s -> s.kind() == StreamKind.VIDEO)
                .mapToDouble(StreamInfo::rateHz).max().orElse(0);
        int fps = videoRate >= 1 ? (int) Math.min(120, Math.round(videoRate)) : DEFAULT_FPS;
        LeRobotMapping chosen = mapping == null ? LeRobotMapping.defaults(detail) : mapping;
        Map<String, List<String>> used = new LinkedHashMap<>();
        List<SignalFeature> signals = new ArrayList<>();
        composite(STATE, chosen.state(), detail, used, notes).ifPresent(signals::add);
        composite(ACTION, chosen.action(), detail, used, notes).ifPresent(signals::add);
        List<Camera> cameras = new ArrayList<>();
        List<Depth> depths = new ArrayList<>();
        for (StreamInfo stream : detail.streams()) {
            switch (stream.kind()) {
                case SIGNAL, TACTILE -> {
                    List<String> rest = new ArrayList<>(channelNames(stream));
                    rest.removeAll(used.getOrDefault(stream.name(), List.of()));
                    if (!rest.isEmpty()) {
                        signals.add(new SignalFeature(observationKey(stream.name()),
                                List.of(new Part(stream.name(), rest)), rest));
                    }
                }
                case VIDEO -> cameras.add(new Camera(imageKey(stream.name()), stream.name(),
                        number(stream.properties().get("width")),
                        number(stream.properties().get("height"))));
                case DEPTH -> {
                    Object scale = stream.properties().get("metersPerUnit");
                    depths.add(new Depth(depthKey(stream.name()), stream.name(),
                            number(stream.properties().get("width")), number(stream.properties().get("height")),
                            scale instanceof Number n && n.doubleValue() > 0 ? n.doubleValue() : 0.001));
                }
                default -> notes.always("Stream '" + stream.name() + "' ("
                        + stream.kind().name().toLowerCase(Locale.ROOT)
                        + ") has no LeRobot feature in this export and was left out; the JSON Lines file has its "
                        + "labels");
            }
        }
        Map<String, List<String>> streamChannels = new LinkedHashMap<>();
        for (StreamInfo stream : detail.streams()) {
            if (signals.stream().anyMatch(f -> f.parts().stream().anyMatch(p -> p.stream().equals(stream.name())))) {
                streamChannels.put(stream.name(), channelNames(stream));
            }
        }
        return new Features(fps, signals, cameras, depths, streamChannels);
    }

    /** observation.state or action: the selected channels of each selected stream, in the selection's order. */
    private static Optional<SignalFeature> composite(String key, List<LeRobotMapping.Selection> selections,
                                                     EpisodeDetail detail, Map<String, List<String>> used,
                                                     Notes notes) {
        List<Part> parts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (LeRobotMapping.Selection selection : selections) {
            Optional<StreamInfo> stream = stream(detail, selection.stream(), StreamKind.SIGNAL, StreamKind.TACTILE);
            if (stream.isEmpty()) {
                notes.always("The " + key + " part '" + selection.stream() + "' is not a signal stream of the "
                        + "first episode and was left out");
                continue;
            }
            List<String> all = channelNames(stream.get());
            List<String> channels = new ArrayList<>();
            for (String c : selection.channels().isEmpty() ? all : selection.channels()) {
                List<String> taken = used.computeIfAbsent(selection.stream(), s -> new ArrayList<>());
                if (!all.contains(c)) {
                    notes.always("Stream '" + selection.stream() + "' has no channel '" + c + "'; " + key
                            + " leaves it out");
                } else if (!taken.contains(c)) {
                    taken.add(c);
                    channels.add(c);
                    names.add(selection.stream() + "/" + c);
                }
            }
            if (!channels.isEmpty()) {
                parts.add(new Part(selection.stream(), channels));
            }
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(new SignalFeature(key, parts, names));
    }

    private static List<String> channelNames(StreamInfo stream) {
        return stream.channels().stream().map(StreamInfo.Channel::name).toList();
    }

    /**
     * LeRobot joins nested names with '/' (stats/observation.state/mean), so a stream called left_wrist/force_torque
     * is the feature observation.left_wrist.force_torque; info.json's touchstone.streams maps it back.
     */
    static String observationKey(String stream) {
        return "observation." + stream.replace('/', '.');
    }

    /** observation.images.head_camera: LeRobot's camera keys, one level below observation.images. */
    static String imageKey(String stream) {
        return "observation.images." + stream.replace('/', '_').replace('.', '_');
    }
    /** observation.depth.head_depth: where LeRobot's depth features sit beside observation.images. */
    static String depthKey(String stream) {
        return "observation.depth." + stream.replace('/', '_').replace('.', '_');
    }

    /** The video features (cameras, then depth cameras): each has its videos/<key>/ files and episode columns. */
    List<String> videoKeys() {
        List<String> keys = new ArrayList<>();
        cameras.forEach(c -> keys.add(c.key()));
        depths.forEach(d -> keys.add(d.key()));
        return keys;
    }

    /** Each camera's stream name and the video file of this episode. */
    Map<String, String> videoFiles(int episodeIndex) {
        Map<String, String> videoOf = new LinkedHashMap<>();
        cameras.forEach(c -> videoOf.put(c.stream(), DatasetPaths.videoPath(c.key(), episodeIndex)));
        return videoOf;
    }

    /** Width and height of each video stream of the episode, by stream name. */
    static Map<String, int[]> videoSizes(EpisodeDetail detail) {
        Map<String, int[]> sizeOf = new LinkedHashMap<>();
        for (StreamInfo s : detail.streams()) {
            if (s.kind() == StreamKind.VIDEO) {
                sizeOf.put(s.name(), new int[]{number(s.properties().get("width")),
                        number(s.properties().get("height"))});
            }
        }
        return sizeOf;
    }

    static Optional<StreamInfo> stream(EpisodeDetail detail, String name, StreamKind... kinds) {
        return detail.streams().stream().filter(s -> s.name().equals(name) && Arrays.asList(kinds).contains(s.kind()))
                .findFirst();
    }

    private static int number(Object value) {
        return value instanceof Number n ? n.intValue() : 0;
    }
}
