package dev.touchstone.release;

import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which streams and channels make up LeRobot's {@code observation.state} and {@code action} (docs/release/formats.md).
 * Training scripts read exactly these two vectors, so a release chooses them (null on a release: the
 * {@link #defaults}); every other channel of a signal or tactile stream still goes out, as
 * {@code observation.<stream>}.
 *
 * @param state  the parts of {@code observation.state}, in order
 * @param action the parts of {@code action}, in order
 */
public record LeRobotMapping(List<Selection> state, List<Selection> action) {

    /**
     * Some channels of one stream.
     *
     * @param channels the channel names, in order; empty means all of the stream's channels
     */
    public record Selection(String stream, List<String> channels) {

        public Selection {
            if (stream == null || stream.isBlank()) {
                throw new IllegalArgumentException("A LeRobot state or action part needs a stream name");
            }
            channels = channels == null ? List.of() : List.copyOf(channels);
            if (channels.stream().anyMatch(c -> c == null || c.isBlank())) {
                throw new IllegalArgumentException("The channels of LeRobot part '" + stream + "' must be names");
            }
        }

        /** "left_arm/joints" or "left_arm/joints: shoulder/position, elbow/position", as the release dialog shows it. */
        @Override
        public String toString() {
            return channels.isEmpty() ? stream : stream + ": " + String.join(", ", channels);
        }
    }

    /** More parts than any robot has streams: a bound so a request cannot make info.json arbitrarily large. */
    static final int MAX_PARTS = 200;

    public LeRobotMapping {
        state = state == null ? List.of() : List.copyOf(state);
        action = action == null ? List.of() : List.copyOf(action);
        if (state.size() + action.size() > MAX_PARTS) {
            throw new IllegalArgumentException("A LeRobot mapping has at most " + MAX_PARTS + " state and action "
                    + "parts");
        }
    }

    /**
     * The mapping as the release dialog takes it: one part per line, {@code stream} for all its channels or
     * {@code stream: channel, channel} for some.
     *
     * @return null when both are blank (the release takes the defaults)
     */
    public static LeRobotMapping parse(String state, String action) {
        List<Selection> stateParts = lines(state);
        List<Selection> actionParts = lines(action);
        return stateParts.isEmpty() && actionParts.isEmpty() ? null : new LeRobotMapping(stateParts, actionParts);
    }

    private static List<Selection> lines(String text) {
        List<Selection> parts = new ArrayList<>();
        for (String line : text == null ? List.<String>of() : text.lines().toList()) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            List<String> channels = colon < 0 ? List.of() : java.util.Arrays.stream(line.substring(colon + 1)
                    .split(",")).map(String::strip).filter(c -> !c.isEmpty()).toList();
            parts.add(new Selection((colon < 0 ? line : line.substring(0, colon)).strip(), channels));
        }
        return parts;
    }

    /**
     * The mapping a release gets unless it says otherwise, from the episode's streams: the position channels of
     * every signal stream whose name mentions joints are the state (all its channels when none is a position), and
     * every signal stream whose name says it is a command (teleoperation command, action, target) is the action.
     */
    public static LeRobotMapping defaults(EpisodeDetail detail) {
        List<Selection> state = new ArrayList<>();
        List<Selection> action = new ArrayList<>();
        for (StreamInfo stream : detail.streams()) {
            if (stream.kind() != StreamKind.SIGNAL || stream.channels().isEmpty()) {
                continue;
            }
            String name = stream.name().toLowerCase(Locale.ROOT);
            if (isCommand(name)) {
                action.add(new Selection(stream.name(), List.of()));
            } else if (name.contains("joint")) {
                List<String> positions = stream.channels().stream().map(StreamInfo.Channel::name)
                        .filter(c -> c.toLowerCase(Locale.ROOT).contains("position")).toList();
                state.add(new Selection(stream.name(), positions));
            }
        }
        return new LeRobotMapping(state, action);
    }

    private static boolean isCommand(String name) {
        return name.contains("command") || name.contains("teleop") || name.contains("action")
                || name.contains("target");
    }
}
