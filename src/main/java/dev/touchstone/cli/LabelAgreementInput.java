package dev.touchstone.cli;

import dev.touchstone.cli.AgreementCommand.InputError;
import dev.touchstone.quality.engine.Box2d;
import dev.touchstone.quality.engine.BoxAgreement;
import dev.touchstone.quality.engine.Cuboid;
import dev.touchstone.quality.engine.CuboidAgreement;
import dev.touchstone.quality.engine.CuboidIoU;
import dev.touchstone.quality.engine.EventAgreement;
import dev.touchstone.quality.engine.PhaseAgreement;
import dev.touchstone.quality.engine.TextSimilarity;
import dev.touchstone.quality.engine.UnitizingAgreement;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.touchstone.cli.AgreementCommand.describe;
import static dev.touchstone.cli.AgreementCommand.required;

/**
 * The {@code agreement} command's input kinds other than "coded": phases, unitizing, events, boxes2d, cuboids3d and
 * text.
 * Parses strictly (unknown fields are errors), calls the engine, and builds the output object. Undefined values are
 * {@code null} with a line in {@code notes}. For phases, events and boxes2d the first annotator in
 * {@code annotations} is the reference; {@code pairs} has one entry per other annotator, and with exactly two
 * annotators the pair's values are also at the top level.
 */
final class LabelAgreementInput {

    /** Upper bound on an episode's frames, so that a typo cannot allocate gigabytes. */
    static final int MAX_FRAMES = 50_000_000;

    private LabelAgreementInput() {
    }

    // ---- phases ----

    static Map<String, Object> phases(JsonNode root) {
        fields(root, Set.of("kind", "frames", "fps", "annotations"), "phases input has kind, frames, fps, annotations");
        int frames = wholeNumber(required(root, "frames"), "frames", 1, MAX_FRAMES);
        double fps = Double.NaN;
        JsonNode fpsNode = root.get("fps");
        if (fpsNode != null && !fpsNode.isNull()) {
            fps = finite(fpsNode, "fps");
            if (!(fps > 0)) {
                throw new InputError("fps must be a positive number, got " + fps);
            }
        }
        LinkedHashMap<String, List<PhaseAgreement.Segment>> annotations = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : annotations(root).entrySet()) {
            String who = "annotations." + e.getKey();
            JsonNode list = e.getValue();
            if (!list.isArray()) {
                throw new InputError(who + " must be an array of {\"label\", \"start\", \"end\"} objects, not "
                        + describe(list));
            }
            List<PhaseAgreement.Segment> segments = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                String at = who + "[" + i + "]";
                JsonNode s = list.get(i);
                if (!s.isObject()) {
                    throw new InputError(at + " must be an object {\"label\", \"start\", \"end\"}, not " + describe(s));
                }
                fields(s, Set.of("label", "start", "end"), "a phase has label, start, end", at + ".");
                JsonNode label = requiredIn(s, "label", at);
                if (!label.isString() || label.stringValue().isEmpty()) {
                    throw new InputError(at + ".label must be a non-empty string");
                }
                int start = wholeNumber(requiredIn(s, "start", at), at + ".start", 0, frames);
                int end = wholeNumber(requiredIn(s, "end", at), at + ".end", 0, frames);
                segments.add(new PhaseAgreement.Segment(label.stringValue(), start, end));
            }
            annotations.put(e.getKey(), segments);
        }
        PhaseAgreement.Result result;
        try {
            for (Map.Entry<String, List<PhaseAgreement.Segment>> e : annotations.entrySet()) {
                PhaseAgreement.frameLabels(frames, e.getValue(), "annotations." + e.getKey());
            }
            result = PhaseAgreement.compare(frames, annotations, fps);
        } catch (IllegalArgumentException ex) {
            throw new InputError(ex.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        out.put("kind", "phases");
        out.put("frames", frames);
        if (!Double.isNaN(fps)) {
            out.put("fps", fps);
        }
        out.put("annotators", annotations.size());
        out.put("reference", result.pairs().getFirst().reference());
        List<Map<String, Object>> pairs = new ArrayList<>();
        for (PhaseAgreement.Pair p : result.pairs()) {
            Map<String, Object> pair = new LinkedHashMap<>();
            pair.put("other", p.other());
            String tag = " (" + p.other() + ")";
            pair.put("f1At10", value(p.f1At10(), "f1At10" + tag, "neither annotator has a phase", notes));
            pair.put("f1At25", value(p.f1At25(), "f1At25" + tag, "neither annotator has a phase", notes));
            pair.put("f1At50", value(p.f1At50(), "f1At50" + tag, "neither annotator has a phase", notes));
            pair.put("editScore", p.editScore());
            pair.put("frameAccuracy", p.frameAccuracy());
            pair.put("boundaryErrorFrames", value(p.boundaryErrorFrames(), "boundaryErrorFrames" + tag,
                    "an annotator has no boundary", notes));
            if (!Double.isNaN(fps)) {
                pair.put("boundaryErrorMs", value(p.boundaryErrorMs(), "boundaryErrorMs" + tag,
                        "an annotator has no boundary", notes));
            }
            pair.put("referenceBoundaries", p.referenceBoundaries());
            pair.put("otherBoundaries", p.otherBoundaries());
            pair.put("matchedBoundaryErrorFrames", value(p.matchedBoundaryErrorFrames(),
                    "matchedBoundaryErrorFrames" + tag, "an annotator has no boundary", notes));
            if (!Double.isNaN(fps)) {
                pair.put("matchedBoundaryErrorMs", value(p.matchedBoundaryErrorMs(), "matchedBoundaryErrorMs" + tag,
                        "an annotator has no boundary", notes));
            }
            pairs.add(pair);
        }
        flatten(out, pairs);
        out.put("pairs", pairs);
        out.put("krippendorffAlpha", value(result.krippendorffAlpha(), "krippendorffAlpha",
                "no frame has two labels to compare, or all labels are the same", notes));
        unitizingResult(out, result.unitizing());
        notes.addAll(result.unitizing().notes());
        notes(out, notes);
        return out;
    }

    // ---- unitizing ----

    static Map<String, Object> unitizing(JsonNode root) {
        fields(root, Set.of("kind", "begin", "length", "raters", "units"),
                "unitizing input has kind, begin, length, raters, units");
        long begin = longNumber(required(root, "begin"), "begin", Long.MIN_VALUE);
        long length = longNumber(required(root, "length"), "length", 1);
        JsonNode unitsNode = required(root, "units");
        if (!unitsNode.isArray()) {
            throw new InputError("field 'units' must be an array of {\"offset\", \"length\", \"rater\", "
                    + "\"category\"} objects, not " + describe(unitsNode));
        }
        List<UnitizingAgreement.Unit> units = new ArrayList<>();
        for (int i = 0; i < unitsNode.size(); i++) {
            String at = "units[" + i + "]";
            JsonNode u = unitsNode.get(i);
            if (!u.isObject()) {
                throw new InputError(at + " must be an object {\"offset\", \"length\", \"rater\", \"category\"}, not "
                        + describe(u));
            }
            fields(u, Set.of("offset", "length", "rater", "category"), "a unit has offset, length, rater, category",
                    at + ".");
            long offset = longNumber(requiredIn(u, "offset", at), at + ".offset", Long.MIN_VALUE);
            long unitLength = longNumber(requiredIn(u, "length", at), at + ".length", 1);
            units.add(new UnitizingAgreement.Unit(offset, unitLength, name(requiredIn(u, "rater", at), at + ".rater"),
                    name(requiredIn(u, "category", at), at + ".category")));
        }
        List<String> raters;
        JsonNode ratersNode = root.get("raters");
        if (ratersNode != null && !ratersNode.isNull()) {
            if (!ratersNode.isArray()) {
                throw new InputError("field 'raters' must be an array of rater names, not " + describe(ratersNode));
            }
            raters = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < ratersNode.size(); i++) {
                String rater = name(ratersNode.get(i), "raters[" + i + "]");
                if (!seen.add(rater)) {
                    throw new InputError("raters[" + i + "] repeats rater '" + rater + "'");
                }
                raters.add(rater);
            }
            if (raters.size() < 2) {
                throw new InputError("field 'raters' needs at least two raters, got " + raters.size());
            }
        } else {
            Set<String> seen = new LinkedHashSet<>();
            units.forEach(u -> seen.add(u.rater()));
            raters = List.copyOf(seen);
            if (raters.size() < 2) {
                throw new InputError("the units come from " + raters.size() + " rater(s); alpha_U needs at least two: "
                        + "list every rater in 'raters' (a rater without units marked nothing)");
            }
        }
        UnitizingAgreement.Result result;
        try {
            result = UnitizingAgreement.compute(begin, length, raters, units);
        } catch (IllegalArgumentException ex) {
            throw new InputError(ex.getMessage());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", "unitizing");
        out.put("begin", begin);
        out.put("length", length);
        out.put("raters", raters);
        out.put("units", units.size());
        unitizingResult(out, result);
        out.put("observedDisagreement", Double.isNaN(result.observed()) ? null : result.observed());
        out.put("expectedDisagreement", Double.isNaN(result.expected()) ? null : result.expected());
        notes(out, result.notes());
        return out;
    }

    /** {@code uAlpha} and {@code uAlphaPerCategory}; NaN as null (the engine's notes say why). */
    private static void unitizingResult(Map<String, Object> out, UnitizingAgreement.Result result) {
        out.put("uAlpha", Double.isNaN(result.alpha()) ? null : result.alpha());
        Map<String, Object> perCategory = new LinkedHashMap<>();
        result.perCategory().forEach((c, r) -> perCategory.put(c, Double.isNaN(r.alpha()) ? null : r.alpha()));
        out.put("uAlphaPerCategory", perCategory);
    }

    private static String name(JsonNode node, String where) {
        if (!node.isString() || node.stringValue().isEmpty()) {
            throw new InputError(where + " must be a non-empty string, not "
                    + (node.isString() ? "an empty string" : describe(node)));
        }
        return node.stringValue();
    }

    private static long longNumber(JsonNode node, String where, long min) {
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min) {
            throw new InputError(where + " must be a whole number" + (min == Long.MIN_VALUE ? "" : " of at least " + min)
                    + ", not " + (node.isNumber() ? node.asString() : describe(node)));
        }
        return node.longValue();
    }

    // ---- events ----

    static Map<String, Object> events(JsonNode root) {
        fields(root, Set.of("kind", "toleranceS", "annotations"), "events input has kind, toleranceS, annotations");
        double tolerance = 0.1;
        JsonNode toleranceNode = root.get("toleranceS");
        if (toleranceNode != null && !toleranceNode.isNull()) {
            tolerance = finite(toleranceNode, "toleranceS");
            if (tolerance < 0) {
                throw new InputError("toleranceS must not be negative, got " + tolerance);
            }
        }
        List<String> names = new ArrayList<>();
        List<double[]> times = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : annotations(root).entrySet()) {
            String who = "annotations." + e.getKey();
            JsonNode list = e.getValue();
            if (!list.isArray()) {
                throw new InputError(who + " must be an array of event times in seconds, not " + describe(list));
            }
            double[] t = new double[list.size()];
            for (int i = 0; i < t.length; i++) {
                t[i] = finite(list.get(i), who + "[" + i + "]");
            }
            names.add(e.getKey());
            times.add(t);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        out.put("kind", "events");
        out.put("toleranceS", tolerance);
        out.put("annotators", names.size());
        out.put("reference", names.getFirst());
        List<Map<String, Object>> pairs = new ArrayList<>();
        for (int k = 1; k < names.size(); k++) {
            EventAgreement.Result r = EventAgreement.match(times.getFirst(), times.get(k), tolerance);
            String tag = " (" + names.get(k) + ")";
            Map<String, Object> pair = new LinkedHashMap<>();
            pair.put("other", names.get(k));
            pair.put("referenceEvents", r.referenceEvents());
            pair.put("otherEvents", r.otherEvents());
            pair.put("matched", r.matched());
            pair.put("precision", value(r.precision(), "precision" + tag, "the other annotator has no event", notes));
            pair.put("recall", value(r.recall(), "recall" + tag, "the reference has no event", notes));
            pair.put("f1", value(r.f1(), "f1" + tag, "neither annotator has an event", notes));
            pair.put("meanOffsetS", value(r.meanOffsetS(), "meanOffsetS" + tag, "no event was matched", notes));
            pair.put("meanAbsOffsetS", value(r.meanAbsOffsetS(), "meanAbsOffsetS" + tag, "no event was matched",
                    notes));
            List<Map<String, Object>> matches = new ArrayList<>();
            for (EventAgreement.Match m : r.matches()) {
                Map<String, Object> match = new LinkedHashMap<>();
                match.put("a", m.reference());
                match.put("b", m.other());
                match.put("offsetS", m.offsetS());
                matches.add(match);
            }
            pair.put("matches", matches);
            pairs.add(pair);
        }
        flatten(out, pairs);
        out.put("pairs", pairs);
        notes(out, notes);
        return out;
    }

    // ---- boxes2d ----

    static Map<String, Object> boxes2d(JsonNode root) {
        fields(root, Set.of("kind", "iouThreshold", "annotations"),
                "boxes2d input has kind, iouThreshold, annotations");
        double threshold = threshold(root);
        List<String> names = new ArrayList<>();
        List<List<Box2d>> boxes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : annotations(root).entrySet()) {
            String who = "annotations." + e.getKey();
            JsonNode list = e.getValue();
            if (!list.isArray()) {
                throw new InputError(who + " must be an array of boxes [x1, y1, x2, y2], not " + describe(list));
            }
            List<Box2d> own = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                double[] c = numbers(list.get(i), who + "[" + i + "]", 4, "a box [x1, y1, x2, y2]");
                try {
                    own.add(new Box2d(c[0], c[1], c[2], c[3]));
                } catch (IllegalArgumentException ex) {
                    throw new InputError(who + "[" + i + "]: " + ex.getMessage());
                }
            }
            names.add(e.getKey());
            boxes.add(own);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        out.put("kind", "boxes2d");
        out.put("iouThreshold", threshold);
        out.put("annotators", names.size());
        out.put("reference", names.getFirst());
        List<Map<String, Object>> pairs = new ArrayList<>();
        for (int k = 1; k < names.size(); k++) {
            BoxAgreement.Result r = BoxAgreement.frame(boxes.getFirst(), boxes.get(k), threshold);
            Map<String, Object> pair = new LinkedHashMap<>();
            pair.put("other", names.get(k));
            matchResult(pair, r, " (" + names.get(k) + ")", notes);
            pairs.add(pair);
        }
        flatten(out, pairs);
        out.put("pairs", pairs);
        notes(out, notes);
        return out;
    }

    private static void matchResult(Map<String, Object> out, BoxAgreement.Result r, String tag, List<String> notes) {
        List<Map<String, Object>> matches = new ArrayList<>();
        for (BoxAgreement.Match m : r.matches()) {
            Map<String, Object> match = new LinkedHashMap<>();
            match.put("a", m.a());
            match.put("b", m.b());
            match.put("iou", m.iou());
            matches.add(match);
        }
        out.put("matches", matches);
        out.put("boxesA", r.boxesA());
        out.put("boxesB", r.boxesB());
        out.put("truePositives", r.truePositives());
        out.put("meanIoU", value(r.meanIoU(), "meanIoU" + tag, "no pair of boxes overlaps", notes));
        out.put("precision", value(r.precision(), "precision" + tag, "the second annotator has no box", notes));
        out.put("recall", value(r.recall(), "recall" + tag, "the first annotator has no box", notes));
        out.put("f1", value(r.f1(), "f1" + tag, "neither annotator has a box", notes));
    }

    // ---- cuboids3d ----

    static Map<String, Object> cuboids3d(JsonNode root) {
        fields(root, Set.of("kind", "a", "b", "iouThreshold"), "cuboids3d input has kind, a, b, iouThreshold");
        JsonNode a = required(root, "a");
        JsonNode b = required(root, "b");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", "cuboids3d");
        if (a.isObject() && b.isObject()) {
            if (root.has("iouThreshold")) {
                throw new InputError("iouThreshold applies to sets of cuboids (a and b arrays), not to two boxes");
            }
            Cuboid ca = cuboid(a, "a");
            Cuboid cb = cuboid(b, "b");
            boolean yaw = ca.yawOnly() && cb.yawOnly();
            double inter = yaw ? CuboidIoU.intersectionYaw(ca, cb) : CuboidIoU.intersectionGeneral(ca, cb);
            out.put("iou", CuboidIoU.iou(ca, cb));
            out.put("intersection", inter);
            out.put("volumeA", ca.volume());
            out.put("volumeB", cb.volume());
            out.put("method", yaw ? "yaw" : "general");
            return out;
        }
        if (a.isArray() && b.isArray()) {
            double threshold = threshold(root);
            List<Cuboid> la = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                la.add(cuboid(a.get(i), "a[" + i + "]"));
            }
            List<Cuboid> lb = new ArrayList<>();
            for (int i = 0; i < b.size(); i++) {
                lb.add(cuboid(b.get(i), "b[" + i + "]"));
            }
            List<String> notes = new ArrayList<>();
            out.put("iouThreshold", threshold);
            matchResult(out, CuboidAgreement.match(la, lb, threshold), "", notes);
            notes(out, notes);
            return out;
        }
        throw new InputError("fields 'a' and 'b' must both be cuboid objects {\"center\", \"size\", \"yaw\" or "
                + "\"rotation\"} or both arrays of them, not " + describe(a) + " and " + describe(b));
    }

    private static Cuboid cuboid(JsonNode node, String who) {
        if (!node.isObject()) {
            throw new InputError(who + " must be an object {\"center\", \"size\", \"yaw\" or \"rotation\"}, not "
                    + describe(node));
        }
        fields(node, Set.of("center", "size", "yaw", "rotation"), "a cuboid has center, size, yaw or rotation",
                who + ".");
        double[] center = numbers(requiredIn(node, "center", who), who + ".center", 3, "[x, y, z]");
        double[] size = numbers(requiredIn(node, "size", who), who + ".size", 3, "[l, w, h]");
        JsonNode yaw = node.get("yaw");
        JsonNode rotation = node.get("rotation");
        if ((yaw == null) == (rotation == null)) {
            throw new InputError(who + " needs exactly one of 'yaw' (radians about z) and 'rotation' (3 × 3 matrix)");
        }
        try {
            if (yaw != null) {
                return Cuboid.ofYaw(center, size, finite(yaw, who + ".yaw"));
            }
            if (!rotation.isArray() || rotation.size() != 3) {
                throw new InputError(who + ".rotation must be a 3 × 3 matrix [[...], [...], [...]], not "
                        + describe(rotation));
            }
            double[][] r = new double[3][];
            for (int i = 0; i < 3; i++) {
                r[i] = numbers(rotation.get(i), who + ".rotation[" + i + "]", 3, "a row of 3 numbers");
            }
            return Cuboid.ofRotation(center, size, r);
        } catch (IllegalArgumentException ex) {
            throw new InputError(who + ": " + ex.getMessage());
        }
    }

    // ---- text ----

    static Map<String, Object> text(JsonNode root) {
        fields(root, Set.of("kind", "a", "b", "ignoreCase"), "text input has kind, a, b, ignoreCase");
        JsonNode a = required(root, "a");
        JsonNode b = required(root, "b");
        if (!a.isString() || !b.isString()) {
            throw new InputError("fields 'a' and 'b' must be strings, not " + describe(a) + " and " + describe(b));
        }
        boolean ignoreCase = false;
        JsonNode ic = root.get("ignoreCase");
        if (ic != null && !ic.isNull()) {
            if (!ic.isBoolean()) {
                throw new InputError("field 'ignoreCase' must be true or false, not " + describe(ic));
            }
            ignoreCase = ic.booleanValue();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", "text");
        out.put("ignoreCase", ignoreCase);
        out.put("similarity", TextSimilarity.similarity(a.stringValue(), b.stringValue(), ignoreCase));
        return out;
    }

    // ---- helpers ----

    private static void fields(JsonNode node, Set<String> allowed, String hint) {
        fields(node, allowed, hint, "");
    }

    private static void fields(JsonNode node, Set<String> allowed, String hint, String prefix) {
        for (String field : node.propertyNames()) {
            if (!allowed.contains(field)) {
                throw new InputError("unknown field '" + prefix + field + "' (" + hint + ")");
            }
        }
    }

    private static JsonNode requiredIn(JsonNode node, String field, String who) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InputError("field '" + who + "." + field + "' is required");
        }
        return value;
    }

    /** The annotations object: at least two annotators, in input order. */
    private static LinkedHashMap<String, JsonNode> annotations(JsonNode root) {
        JsonNode node = required(root, "annotations");
        if (!node.isObject()) {
            throw new InputError("field 'annotations' must be an object {\"annotator\": [...], ...}, not "
                    + describe(node));
        }
        if (node.size() < 2) {
            throw new InputError("field 'annotations' needs at least two annotators, got " + node.size());
        }
        LinkedHashMap<String, JsonNode> out = new LinkedHashMap<>();
        for (String name : node.propertyNames()) {
            out.put(name, node.get(name));
        }
        return out;
    }

    private static double threshold(JsonNode root) {
        JsonNode node = root.get("iouThreshold");
        if (node == null || node.isNull()) {
            return 0.5;
        }
        double t = finite(node, "iouThreshold");
        if (!(t > 0 && t <= 1)) {
            throw new InputError("iouThreshold must be a number in (0, 1], got " + t);
        }
        return t;
    }

    private static double finite(JsonNode node, String where) {
        if (!node.isNumber()) {
            throw new InputError(where + " must be a number, not " + describe(node));
        }
        double v = node.decimalValue().doubleValue();
        if (!Double.isFinite(v)) {
            throw new InputError(where + " is too large");
        }
        return v;
    }

    private static int wholeNumber(JsonNode node, String where, int min, int max) {
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
            throw new InputError(where + " must be a whole number from " + min + " to " + max + ", not "
                    + (node.isNumber() ? node.asString() : describe(node)));
        }
        return node.intValue();
    }

    private static double[] numbers(JsonNode node, String where, int count, String shape) {
        if (!node.isArray() || node.size() != count) {
            throw new InputError(where + " must be " + shape + " (" + count + " numbers), not "
                    + (node.isArray() ? "an array of " + node.size() : describe(node)));
        }
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = finite(node.get(i), where + "[" + i + "]");
        }
        return out;
    }

    private static Object value(double v, String name, String why, List<String> notes) {
        if (Double.isNaN(v)) {
            notes.add(name + " is undefined: " + why);
            return null;
        }
        return v;
    }

    /** With exactly one pair, its values (except the other annotator's name) also go to the top level. */
    private static void flatten(Map<String, Object> out, List<Map<String, Object>> pairs) {
        if (pairs.size() == 1) {
            pairs.getFirst().forEach((k, v) -> {
                if (!k.equals("other")) {
                    out.put(k, v);
                }
            });
        }
    }

    private static void notes(Map<String, Object> out, List<String> notes) {
        if (!notes.isEmpty()) {
            out.put("notes", notes);
        }
    }
}
