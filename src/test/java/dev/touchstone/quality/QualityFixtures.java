package dev.touchstone.quality;

import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelSchema.Definition;
import dev.touchstone.labeling.LabelSchema.LabelClass;
import dev.touchstone.labeling.LabelType;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** A schema with one definition of every label type, and short label builders, for the consensus and gold tests. */
final class QualityFixtures {

    static final long MS = 1_000_000L;
    static final long S = 1_000_000_000L;
    /** 3 s episode, 100 ms frames. */
    static final long DURATION = 3 * S;
    static final long FRAME = 100 * MS;

    static final UUID A = new UUID(0, 1);
    static final UUID B = new UUID(0, 2);
    static final UUID C = new UUID(0, 3);
    static final UUID D = new UUID(0, 4);

    private static final AtomicLong NEXT_ID = new AtomicLong(1000);

    static final LabelSchema SCHEMA = new LabelSchema("fixture", "", List.of(
            def("phase", LabelType.PHASE, null, null, classes("reach", "grasp", "lift"), false, null, null, null),
            def("contact", LabelType.EVENT, null, null, classes("on", "off"), false, null, null, null),
            def("outcome", LabelType.CATEGORY, "episode", null, classes("success", "fail", "slip"), false, null, null,
                    null),
            def("objects", LabelType.CATEGORY, "episode", null, classes("bottle", "cup", "box"), true, null, null,
                    null),
            def("quality", LabelType.RATING, "episode", null, List.of(), false, 1.0, 5.0, null),
            def("verdict", LabelType.VERDICT, "episode", null, classes("noisy", "slow"), false, null, null, null),
            def("mass", LabelType.NUMBER, "episode", null, List.of(), false, 0.0, null, null),
            def("desc", LabelType.TEXT, "episode", null, List.of(), false, null, null, 200),
            def("grip", LabelType.CATEGORY, "segment", "phase", classes("pinch", "power"), false, null, null, null),
            def("obj", LabelType.BOX2D, null, null, classes("bottle", "cup"), false, null, null, null),
            def("pose", LabelType.CUBOID3D, null, null, classes("bottle"), false, null, null, null)));

    private QualityFixtures() {
    }

    private static Definition def(String key, LabelType type, String scope, String segmentOf, List<LabelClass> classes,
                                  boolean multiple, Double min, Double max, Integer maxLength) {
        return new Definition(key, key, type, scope, segmentOf, false, null, null, null, classes, multiple, min, max,
                null, maxLength, null);
    }

    private static List<LabelClass> classes(String... keys) {
        List<LabelClass> out = new ArrayList<>();
        for (String k : keys) {
            out.add(new LabelClass(k, k, null, null));
        }
        return out;
    }

    static UUID id() {
        return new UUID(42, NEXT_ID.getAndIncrement());
    }

    static Label.Phase phase(String classKey, long start, long end) {
        return new Label.Phase(id(), "phase", "main", classKey, start, end);
    }

    static Label.Event event(String classKey, long time) {
        return new Label.Event(id(), "contact", classKey, time);
    }

    static Label.Value category(String definition, String... classes) {
        return new Label.Value(id(), definition, null, List.of(classes), null, null, null);
    }

    static Label.Value segmentCategory(Label.Phase segment, String classKey) {
        return new Label.Value(id(), "grip", segment.id(), List.of(classKey), null, null, null);
    }

    static Label.Value rating(double score) {
        return new Label.Value(id(), "quality", null, List.of(), score, null, null);
    }

    static Label.Value accept() {
        return new Label.Value(id(), "verdict", null, List.of(), null, true, null);
    }

    static Label.Value reject(String... reasons) {
        return new Label.Value(id(), "verdict", null, List.of(reasons), null, false, null);
    }

    static Label.Value mass(double kg) {
        return new Label.Value(id(), "mass", null, List.of(), kg, null, null);
    }

    static Label.Value text(String text) {
        return new Label.Value(id(), "desc", null, List.of(), null, null, text);
    }

    /** A box track held still at one place, keyframes at the given times. */
    static Label.BoxTrack box(String classKey, String trackId, double x, double y, double w, double h, long... times) {
        List<Label.BoxKey> keys = new ArrayList<>();
        for (long t : times) {
            keys.add(new Label.BoxKey(t, x, y, w, h));
        }
        return new Label.BoxTrack(id(), "obj", classKey, trackId, "head", keys);
    }

    static Label.CuboidTrack cuboid(String trackId, double cx, double cy, double yaw, long... times) {
        List<Label.CuboidKey> keys = new ArrayList<>();
        for (long t : times) {
            keys.add(new Label.CuboidKey(t, cx, cy, 0.5, 0.4, 0.2, 0.3, yaw));
        }
        return new Label.CuboidTrack(id(), "pose", "bottle", trackId, "lidar", keys);
    }

    static AnnotatorLabels by(UUID annotator, Label... labels) {
        return new AnnotatorLabels(annotator, List.of(labels));
    }
}
