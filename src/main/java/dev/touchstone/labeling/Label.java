package dev.touchstone.labeling;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One label as the workspace edits it and the server stores it: times are nanoseconds on the episode clock (never
 * shifted by a stream offset), {@code definition} is the key of a definition of the draft's schema version, ids are
 * made by the client so that a retried save cannot create a label twice. Checked against the schema by
 * {@link LabelRules}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Label.Phase.class, name = "phase"),
        @JsonSubTypes.Type(value = Label.Gap.class, name = "gap"),
        @JsonSubTypes.Type(value = Label.Event.class, name = "event"),
        @JsonSubTypes.Type(value = Label.Value.class, name = "value"),
        @JsonSubTypes.Type(value = Label.BoxTrack.class, name = "box2d"),
        @JsonSubTypes.Type(value = Label.CuboidTrack.class, name = "cuboid3d")})
public sealed interface Label {

    UUID id();

    String definition();

    /** A segment [start, end) of a phase definition, in a track (several tracks per definition are allowed). */
    record Phase(UUID id, String definition, String track, String classKey, long start, long end) implements Label {
        public Phase {
            track = track == null || track.isBlank() ? "main" : track;
        }
    }

    /**
     * An interval [start, end) of a gap definition where the real episode departs from the simulated one, with one
     * failure {@code mode} (a class key of the definition's taxonomy) and an optional free-text {@code note} (blank
     * is none). Unlike phases, gaps may overlap each other: two causes can act at once.
     */
    record Gap(UUID id, String definition, String mode, long start, long end, String note) implements Label {
        public Gap {
            note = note == null || note.isBlank() ? null : note;
        }
    }

    /** An instant of an event definition. */
    record Event(UUID id, String definition, String classKey, long time) implements Label {
    }

    /**
     * A value of a category, rating, verdict, text or number definition, for the whole episode ({@code segment}
     * null) or for one phase segment (its label id). The value's shape follows the definition's type:
     * category: {@code classes} (one, or several when the definition allows); rating and number: {@code number};
     * verdict: {@code accept} and, when rejecting, {@code classes} as reason codes; text: {@code text}.
     */
    record Value(UUID id, String definition, UUID segment, List<String> classes, Double number, Boolean accept,
                 String text) implements Label {
        public Value {
            classes = classes == null ? List.of() : List.copyOf(classes);
        }
    }

    /** One object on one camera over time: keyframes, linearly interpolated between them. */
    record BoxTrack(UUID id, String definition, String classKey, String trackId, String stream,
                    List<BoxKey> keyframes) implements Label {
        public BoxTrack {
            keyframes = keyframes == null ? List.of() : List.copyOf(keyframes);
        }
    }

    /** A box keyframe in pixels of the camera image: top-left corner, width and height. */
    record BoxKey(long time, double x, double y, double width, double height) {
    }

    /** One object in one point-cloud stream over time. */
    record CuboidTrack(UUID id, String definition, String classKey, String trackId, String stream,
                       List<CuboidKey> keyframes) implements Label {
        public CuboidTrack {
            keyframes = keyframes == null ? List.of() : List.copyOf(keyframes);
        }
    }

    /** A cuboid keyframe in the cloud's frame (metres): centre, size along its own x/y/z, rotation about z (rad). */
    record CuboidKey(long time, double cx, double cy, double cz, double length, double width, double height,
                     double yaw) {
    }

    /** The box of a track at {@code time}: linear between the keyframes around it, held before the first/after the last. */
    static BoxKey boxAt(List<BoxKey> keys, long time) {
        int after = keyAfter(keys, BoxKey::time, time, "box");
        if (after == 0 || after == keys.size()) {
            return keys.get(Math.max(0, after - 1));
        }
        BoxKey a = keys.get(after - 1);
        BoxKey b = keys.get(after);
        double f = (double) (time - a.time()) / (b.time() - a.time());
        return new BoxKey(time, lerp(a.x(), b.x(), f), lerp(a.y(), b.y(), f), lerp(a.width(), b.width(), f),
                lerp(a.height(), b.height(), f));
    }

    /** The cuboid at {@code time}; yaw turns the short way round (from 170° to -170° passes 180°, not 0°). */
    static CuboidKey cuboidAt(List<CuboidKey> keys, long time) {
        int after = keyAfter(keys, CuboidKey::time, time, "cuboid");
        if (after == 0 || after == keys.size()) {
            return keys.get(Math.max(0, after - 1));
        }
        CuboidKey a = keys.get(after - 1);
        CuboidKey b = keys.get(after);
        double f = (double) (time - a.time()) / (b.time() - a.time());
        double turn = Math.IEEEremainder(b.yaw() - a.yaw(), 2 * Math.PI);
        return new CuboidKey(time, lerp(a.cx(), b.cx(), f), lerp(a.cy(), b.cy(), f), lerp(a.cz(), b.cz(), f),
                lerp(a.length(), b.length(), f), lerp(a.width(), b.width(), f), lerp(a.height(), b.height(), f),
                Math.IEEEremainder(a.yaw() + turn * f, 2 * Math.PI));
    }

    /** Index of the first keyframe after {@code time} (0: before all, size: after all). */
    private static <K> int keyAfter(List<K> keys, java.util.function.ToLongFunction<K> timeOf, long time, String what) {
        Objects.requireNonNull(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("A " + what + " track without keyframes has no " + what);
        }
        int after = 0;
        while (after < keys.size() && timeOf.applyAsLong(keys.get(after)) <= time) {
            after++;
        }
        return after;
    }

    private static double lerp(double a, double b, double f) {
        return a + (b - a) * f;
    }
}
