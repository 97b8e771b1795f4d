package dev.touchstone.release.lerobot;

import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which streams and channels make up LeRobot's {@code observation.state} and {@code action} (docs/release/formats.md).
 * Training scripts read exactly these two vectors, so a release chooses them; every other channel of a signal or
 * tactile stream still goes out, as {@code observation.<stream>}.
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
        }
    }

    public LeRobotMapping {
        state = state == null ? List.of() : List.copyOf(state);
        action = action == null ? List.of() : List.copyOf(action);
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
