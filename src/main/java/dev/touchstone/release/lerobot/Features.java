package dev.touchstone.release.lerobot;

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
 */
final class Features {

    static final int DEFAULT_FPS = 30;

    final int fps;
    final List<SignalFeature> signals;
    final List<Camera> cameras;

    /** A feature and the stream it comes from ({@code key} is the stream name with '/' made '.', see featureKey). */
    record SignalFeature(String key, String stream, List<String> channels) {
    }

    record Camera(String key, String stream, int width, int height) {
    }

    private Features(int fps, List<SignalFeature> signals, List<Camera> cameras) {
        this.fps = fps;
        this.signals = signals;
        this.cameras = cameras;
    }

    /** For a release without episodes: its info.json still needs an fps. */
    static Features none() {
        return new Features(DEFAULT_FPS, List.of(), List.of());
    }

    static Features choose(EpisodeDetail detail, Notes notes) {
        double videoRate = detail.streams().stream().filter(s -> s.kind() == StreamKind.VIDEO)
                .mapToDouble(StreamInfo::rateHz).max().orElse(0);
        int fps = videoRate >= 1 ? (int) Math.min(120, Math.round(videoRate)) : DEFAULT_FPS;
        List<SignalFeature> signals = new ArrayList<>();
        List<Camera> cameras = new ArrayList<>();
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
                default -> notes.always("Stream '" + stream.name() + "' ("
                        + stream.kind().name().toLowerCase(Locale.ROOT)
                        + ") has no LeRobot feature type and was left out; the JSON Lines file has its labels");
            }
        }
        return new Features(fps, signals, cameras);
    }

    /**
     * LeRobot joins nested names with '/' (stats/observation.state/mean), so a stream called left_arm/joints is the
     * feature left_arm.joints; info.json's touchstone.stream_names maps it back for the round trip.
     */
    static String featureKey(String stream) {
        return stream.replace('/', '.');
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
