package dev.touchstone.quality;

import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchema.Definition;
import dev.touchstone.quality.engine.Box2d;
import dev.touchstone.quality.engine.Cuboid;
import dev.touchstone.quality.engine.CuboidIoU;
import dev.touchstone.quality.engine.EventAgreement;
import dev.touchstone.quality.engine.Hungarian;
import dev.touchstone.quality.engine.PhaseAgreement;
import dev.touchstone.quality.engine.TextSimilarity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * How similar two label sets are on one definition, in [0, 1]: the per-pair measure behind both the per-task
 * agreement of {@link Consensus} (mean over annotator pairs) and the gold score of {@link GoldScoring} (reference
 * against submission). Built on the engine; docs/workflow/consensus.md states each measure.
 * <p>
 * Conventions for every type: both sides empty → 1 (they agree on nothing); one side empty → 0.
 */
final class LabelComparison {

    /** IoU a box or cuboid needs to count as the same object. */
    static final double SPATIAL_IOU = 0.5;
    /** Segment IoU threshold of the phase F1 (F1@25). */
    static final double PHASE_IOU = 0.25;
    /** Numbers within this share of the larger magnitude agree. */
    static final double NUMBER_TOLERANCE = 0.05;
    static final int DEFAULT_EVENT_TOLERANCE_MS = 100;
    /** A segment-scoped value follows its segment to the other side's segment with IoU above this. */
    static final double SEGMENT_MATCH_IOU = 0.5;
    /** At most this many sample times per pair for boxes and cuboids (evenly thinned beyond). */
    static final int MAX_SAMPLE_TIMES = 2000;
    /** Phases are compared on frames; refuse an absurd number of them rather than run out of memory. */
    static final long MAX_FRAMES = 20_000_000;

    private LabelComparison() {
    }

    /**
     * Similarity of {@code other} to {@code reference} on definition {@code d}. Both lists are whole label sets (all
     * definitions): segment-scoped values need their phase segments. With {@code symmetric} the one asymmetric
     * measure (phase F1, MS-TCN's greedy rule) is averaged over both directions, so the result does not depend on
     * which annotator comes first.
     */
    static double similarity(Definition d, long durationNanos, long frameNanos, List<Label> reference,
                             List<Label> other, boolean symmetric) {
        return switch (d.type()) {
            case PHASE -> {
                double forward = phaseF1(d, durationNanos, frameNanos, reference, other);
                yield symmetric ? (forward + phaseF1(d, durationNanos, frameNanos, other, reference)) / 2 : forward;
            }
            case GAP -> {
                double forward = phaseF1(d, durationNanos, frameNanos, reference, other);
                yield (forward + phaseF1(d, durationNanos, frameNanos, other, reference)) / 2;
            }
            case EVENT -> eventF1(d, reference, other);
            case BOX2D, CUBOID3D -> spatialF1(d, reference, other);
            case CATEGORY, RATING, VERDICT, TEXT, NUMBER -> valueScore(d, reference, other);
        };
    }

    /** The measure {@link #similarity} computes, in words. */
    static String measure(Definition d, long frameNanos) {
        String segment = "segment".equals(d.scope())
                ? ", per value on matched segments of '" + d.segmentOf() + "' (IoU > 0.5; unmatched values count 0)"
                : "";
        return switch (d.type()) {
            case PHASE -> "F1@25 of segments, on frames of " + frameText(frameNanos);
            case GAP -> "F1@25 of gaps, per failure mode, on frames of " + frameText(frameNanos);
            case EVENT -> "event F1 within ±" + toleranceMs(d) + " ms, class must match";
            case BOX2D -> "box F1 at IoU 0.5 (Hungarian per sample time, class and stream must match)";
            case CUBOID3D -> "cuboid F1 at 3-D IoU 0.5 (Hungarian per sample time, class and stream must match)";
            case CATEGORY -> (d.multiple() ? "Jaccard similarity of the class sets" : "exact class match") + segment;
            case RATING -> "exact rating match" + segment;
            case VERDICT -> "accept/reject match" + segment;
            case NUMBER -> "number within 5% of the larger magnitude" + segment;
            case TEXT -> "normalised edit similarity" + segment;
        };
    }

    /** What the per-task gap agreement is, in words (the numbers are in {@link DefinitionAgreement.Phase}). */
    static String gapMeasure(long frameNanos) {
        return "uα over all failure modes (Krippendorff's alpha for unitizing, each mode a category; below 0 counts 0),"
                + " on frames of " + frameText(frameNanos);
    }

    /** What the per-task phase agreement is, in words (the numbers are in {@link DefinitionAgreement.Phase}). */
    static String phaseMeasure(long frameNanos) {
        return "lowest per-class uα (Krippendorff's alpha for unitizing; below 0 counts 0), on frames of "
                + frameText(frameNanos);
    }

    /** A frame length as people read it: "33.3 ms (30 fps)", never raw nanoseconds. */
    static String frameText(long frameNanos) {
        double ms = frameNanos / 1e6;
        double fps = 1e9 / frameNanos;
        String msText = ms >= 100 ? String.format(java.util.Locale.ROOT, "%.0f ms", ms)
                : String.format(java.util.Locale.ROOT, "%.1f ms", ms);
        String fpsText = Math.abs(fps - Math.rint(fps)) < 0.05 ? String.format(java.util.Locale.ROOT, "%.0f", fps)
                : String.format(java.util.Locale.ROOT, "%.2f", fps);
        return msText + " (" + fpsText + " fps)";
    }

    // ---- selecting labels ----

    static List<Label.Phase> phases(List<Label> labels, String definition) {
        List<Label.Phase> out = new ArrayList<>();
        for (Label l : labels) {
            if (l instanceof Label.Phase p && p.definition().equals(definition)) {
                out.add(p);
            }
        }
        return out;
    }

    static List<Label.Gap> gaps(List<Label> labels, String definition) {
        List<Label.Gap> out = new ArrayList<>();
        for (Label l : labels) {
            if (l instanceof Label.Gap g && g.definition().equals(definition)) {
                out.add(g);
            }
        }
        return out;
    }

    /**
     * The intervals of a phase or gap definition as phases, so that both are scored by one machinery: a phase as it
     * is; a gap as a segment on a track of its own failure mode (track and class are the mode), so gaps of different
     * modes never meet and overlapping gaps of one mode are their union on the frames.
     */
    static List<Label.Phase> intervals(List<Label> labels, Definition d) {
        if (d.type() != dev.touchstone.labeling.LabelType.GAP) {
            return phases(labels, d.key());
        }
        List<Label.Phase> out = new ArrayList<>();
        for (Label.Gap g : gaps(labels, d.key())) {
            out.add(new Label.Phase(g.id(), g.definition(), g.mode(), g.mode(), g.start(), g.end()));
        }
        return out;
    }

    static List<Label.Event> events(List<Label> labels, String definition) {
        List<Label.Event> out = new ArrayList<>();
        for (Label l : labels) {
            if (l instanceof Label.Event e && e.definition().equals(definition)) {
                out.add(e);
            }
        }
        return out;
    }

    static List<Label.Value> values(List<Label> labels, String definition) {
        List<Label.Value> out = new ArrayList<>();
        for (Label l : labels) {
            if (l instanceof Label.Value v && v.definition().equals(definition)) {
                out.add(v);
            }
        }
        return out;
    }

    /** Box or cuboid tracks of the definition (whichever kind its type is). */
    static List<Label> tracks(List<Label> labels, Definition d) {
        List<Label> out = new ArrayList<>();
        for (Label l : labels) {
            boolean kind = l instanceof Label.BoxTrack || l instanceof Label.CuboidTrack;
            if (kind && l.definition().equals(d.key())) {
                out.add(l);
            }
        }
        return out;
    }

    static boolean hasLabels(Definition d, List<Label> labels) {
        return switch (d.type()) {
            case PHASE, GAP -> !intervals(labels, d).isEmpty();
            case EVENT -> !events(labels, d.key()).isEmpty();
            case BOX2D, CUBOID3D -> !tracks(labels, d).isEmpty();
            default -> !values(labels, d.key()).isEmpty();
        };
    }

    // ---- phases ----

    /** Number of frames of the episode: frame t is the instant t · frameNanos, t = 0 .. ceil(duration / frame) − 1. */
    static int frameCount(long durationNanos, long frameNanos) {
        long frames = Math.max(1, Math.ceilDiv(durationNanos, frameNanos));
        if (frames > MAX_FRAMES) {
            throw new IllegalArgumentException("an episode of " + durationNanos + " ns has " + frames
                    + " frames of " + frameNanos + " ns; at most " + MAX_FRAMES);
        }
        return (int) frames;
    }

    /** The first frame whose instant is at or after {@code time}: a segment [s, e) covers frames first(s) .. first(e) − 1. */
    static int firstFrameAtOrAfter(long time, long frameNanos) {
        return (int) Math.ceilDiv(time, frameNanos);
    }

    /** The class of each frame of one track ({@code null}: no segment covers the frame's instant). */
    static String[] trackFrames(List<Label.Phase> phases, String track, int frames, long frameNanos) {
        String[] out = new String[frames];
        for (Label.Phase p : phases) {
            if (p.track().equals(track)) {
                int from = Math.min(frames, firstFrameAtOrAfter(p.start(), frameNanos));
                int to = Math.min(frames, firstFrameAtOrAfter(p.end(), frameNanos));
                java.util.Arrays.fill(out, from, Math.max(from, to), p.classKey());
            }
        }
        return out;
    }

    /**
     * F1@25 (MS-TCN rule, {@link PhaseAgreement#f1}) of {@code other} against {@code reference}, pooled over the
     * tracks: the tracks' frame labellings are laid end to end with the track name in the label, so a segment can
     * only hit a segment of the same track and class.
     */
    static double phaseF1(Definition d, long durationNanos, long frameNanos, List<Label> reference, List<Label> other) {
        List<Label.Phase> a = intervals(reference, d);
        List<Label.Phase> b = intervals(other, d);
        TreeSet<String> tracks = new TreeSet<>();
        a.forEach(p -> tracks.add(p.track()));
        b.forEach(p -> tracks.add(p.track()));
        if (tracks.isEmpty()) {
            return 1;
        }
        int frames = frameCount(durationNanos, frameNanos);
        List<PhaseAgreement.Segment> ra = new ArrayList<>();
        List<PhaseAgreement.Segment> rb = new ArrayList<>();
        int offset = 0;
        for (String track : tracks) {
            ra.addAll(shifted(PhaseAgreement.segments(trackFrames(a, track, frames, frameNanos)), track, offset));
            rb.addAll(shifted(PhaseAgreement.segments(trackFrames(b, track, frames, frameNanos)), track, offset));
            offset += frames;
        }
        double f1 = PhaseAgreement.f1(ra, rb, PHASE_IOU);
        // NaN only when neither side covers a frame instant (segments shorter than a frame): nothing to disagree on.
        return Double.isNaN(f1) ? 1 : f1;
    }

    /**
     * Phase agreement of one task across all its annotators (docs/workflow/consensus.md, "Phases"): Krippendorff's
     * alpha for unitizing on the frames, each (track, class) a category, each annotator a rater (one who marked
     * nothing of a class counts as one gap of the whole episode in it); with the mean matched boundary error and
     * F1@{10,25,50} over the annotator pairs beside it.
     *
     * @param uAlpha          α_U over all classes and tracks (NaN when undefined)
     * @param weakest         the (track and) class with the lowest α_U, null when none is defined
     * @param weakestAlpha    its α_U (NaN when none is defined)
     * @param boundaryErrorMs mean |Δt| of one-to-one matched boundaries over tracks and annotator pairs; NaN when no
     *                        pair has boundaries on both sides
     * @param f1              mean F1@10, F1@25, F1@50 over tracks and pairs (both directions)
     */
    record PhaseTask(double uAlpha, String weakest, double weakestAlpha, double boundaryErrorMs, double[] f1) {
    }

    static PhaseTask phaseTask(Definition d, long durationNanos, long frameNanos, List<List<Label>> submissions) {
        TreeSet<String> tracks = new TreeSet<>();
        List<List<Label.Phase>> own = submissions.stream().map(l -> intervals(l, d)).toList();
        own.forEach(list -> list.forEach(p -> tracks.add(p.track())));
        int frames = frameCount(durationNanos, frameNanos);
        double fps = 1e9 / frameNanos;
        List<String> raters = new ArrayList<>();
        for (int a = 0; a < own.size(); a++) {
            raters.add(Integer.toString(a));
        }
        Map<String, String> names = new HashMap<>();
        d.classes().forEach(c -> names.put(c.key(), c.name()));
        List<dev.touchstone.quality.engine.UnitizingAgreement.Unit> units = new ArrayList<>();
        Map<String, String> categoryNames = new HashMap<>();
        double errorSum = 0;
        int errors = 0;
        double[] f1Sum = new double[PhaseAgreement.THRESHOLDS.length];
        int[] f1Count = new int[PhaseAgreement.THRESHOLDS.length];
        for (String track : tracks) {
            List<String[]> labels = own.stream().map(list -> trackFrames(list, track, frames, frameNanos)).toList();
            for (int a = 0; a < labels.size(); a++) {
                for (PhaseAgreement.Segment s : PhaseAgreement.segments(labels.get(a))) {
                    String category = track + "\u0000" + s.label();
                    categoryNames.put(category, names.getOrDefault(s.label(), s.label())
                            + (tracks.size() > 1 && d.type() == dev.touchstone.labeling.LabelType.PHASE
                            ? " (" + track + ")" : ""));
                    units.add(new dev.touchstone.quality.engine.UnitizingAgreement.Unit(s.start(),
                            s.end() - s.start(), raters.get(a), category));
                }
            }
            for (int i = 0; i < labels.size(); i++) {
                for (int j = i + 1; j < labels.size(); j++) {
                    PhaseAgreement.Pair forward = PhaseAgreement.pair("a", labels.get(i), "b", labels.get(j), fps);
                    PhaseAgreement.Pair backward = PhaseAgreement.pair("b", labels.get(j), "a", labels.get(i), fps);
                    if (!Double.isNaN(forward.matchedBoundaryErrorMs())) {
                        errorSum += forward.matchedBoundaryErrorMs();
                        errors++;
                    }
                    for (int k = 0; k < f1Sum.length; k++) {
                        double f = (forward.f1()[k] + backward.f1()[k]) / 2;
                        if (!Double.isNaN(f)) {
                            f1Sum[k] += f;
                            f1Count[k]++;
                        }
                    }
                }
            }
        }
        double[] f1 = new double[f1Sum.length];
        for (int k = 0; k < f1.length; k++) {
            f1[k] = f1Count[k] == 0 ? Double.NaN : f1Sum[k] / f1Count[k];
        }
        if (units.isEmpty() || raters.size() < 2) {
            return new PhaseTask(Double.NaN, null, Double.NaN, Double.NaN, f1);
        }
        dev.touchstone.quality.engine.UnitizingAgreement.Result result =
                dev.touchstone.quality.engine.UnitizingAgreement.compute(0, frames, raters, units);
        String weakest = null;
        double weakestAlpha = Double.NaN;
        // sorted, so that of two equally weak classes the same one is named every time
        for (Map.Entry<String, dev.touchstone.quality.engine.UnitizingAgreement.Category> e
                : new java.util.TreeMap<>(result.perCategory()).entrySet()) {
            double alpha = e.getValue().alpha();
            if (!Double.isNaN(alpha) && (weakest == null || alpha < weakestAlpha)) {
                weakest = categoryNames.get(e.getKey());
                weakestAlpha = alpha;
            }
        }
        return new PhaseTask(result.alpha(), weakest, weakestAlpha, errors == 0 ? Double.NaN : errorSum / errors, f1);
    }

    private static List<PhaseAgreement.Segment> shifted(List<PhaseAgreement.Segment> segments, String track,
                                                        int offset) {
        List<PhaseAgreement.Segment> out = new ArrayList<>();
        for (PhaseAgreement.Segment s : segments) {
            out.add(new PhaseAgreement.Segment(track + "\u0000" + s.label(), s.start() + offset, s.end() + offset));
        }
        return out;
    }

    /** IoU of two segments in time. */
    static double iou(Label.Phase a, Label.Phase b) {
        long inter = Math.min(a.end(), b.end()) - Math.max(a.start(), b.start());
        if (inter <= 0) {
            return 0;
        }
        long union = Math.max(a.end(), b.end()) - Math.min(a.start(), b.start());
        return (double) inter / union;
    }

    // ---- events ----

    static int toleranceMs(Definition d) {
        return d.toleranceMs() == null ? DEFAULT_EVENT_TOLERANCE_MS : d.toleranceMs();
    }

    /** Per class the optimal one-to-one matching of {@link EventAgreement}; F1 = 2 matched / (|A| + |B|) pooled. */
    static double eventF1(Definition d, List<Label> reference, List<Label> other) {
        List<Label.Event> a = events(reference, d.key());
        List<Label.Event> b = events(other, d.key());
        if (a.isEmpty() && b.isEmpty()) {
            return 1;
        }
        Set<String> classes = new TreeSet<>();
        a.forEach(e -> classes.add(e.classKey()));
        b.forEach(e -> classes.add(e.classKey()));
        int matched = 0;
        for (String c : classes) {
            double[] ta = a.stream().filter(e -> e.classKey().equals(c)).mapToDouble(e -> e.time() / 1e9).toArray();
            double[] tb = b.stream().filter(e -> e.classKey().equals(c)).mapToDouble(e -> e.time() / 1e9).toArray();
            matched += EventAgreement.match(ta, tb, toleranceMs(d) / 1000.0).matched();
        }
        return 2.0 * matched / (a.size() + b.size());
    }

    // ---- boxes and cuboids ----

    static String classKey(Label track) {
        return track instanceof Label.BoxTrack b ? b.classKey() : ((Label.CuboidTrack) track).classKey();
    }

    static String stream(Label track) {
        return track instanceof Label.BoxTrack b ? b.stream() : ((Label.CuboidTrack) track).stream();
    }

    static String trackId(Label track) {
        return track instanceof Label.BoxTrack b ? b.trackId() : ((Label.CuboidTrack) track).trackId();
    }

    static List<Long> keyTimes(Label track) {
        return track instanceof Label.BoxTrack b ? b.keyframes().stream().map(Label.BoxKey::time).toList()
                : ((Label.CuboidTrack) track).keyframes().stream().map(Label.CuboidKey::time).toList();
    }

    /**
     * IoU of two tracks at {@code time} (interpolated, held outside the keyframes as the workspace shows them);
     * 0 when class or stream differ.
     */
    static double iouAt(Label a, Label b, long time) {
        if (!classKey(a).equals(classKey(b)) || !stream(a).equals(stream(b))) {
            return 0;
        }
        if (a instanceof Label.BoxTrack ba && b instanceof Label.BoxTrack bb) {
            return box(Label.boxAt(ba.keyframes(), time)).iou(box(Label.boxAt(bb.keyframes(), time)));
        }
        Label.CuboidTrack ca = (Label.CuboidTrack) a;
        Label.CuboidTrack cb = (Label.CuboidTrack) b;
        return CuboidIoU.iou(cuboid(Label.cuboidAt(ca.keyframes(), time)), cuboid(Label.cuboidAt(cb.keyframes(), time)));
    }

    static Box2d box(Label.BoxKey k) {
        return new Box2d(k.x(), k.y(), k.x() + k.width(), k.y() + k.height());
    }

    static Cuboid cuboid(Label.CuboidKey k) {
        return Cuboid.ofYaw(new double[]{k.cx(), k.cy(), k.cz()}, new double[]{k.length(), k.width(), k.height()},
                k.yaw());
    }

    /** Mean IoU of two tracks over the union of their keyframe times (the track similarity used for clustering). */
    static double trackSimilarity(Label a, Label b) {
        if (!classKey(a).equals(classKey(b)) || !stream(a).equals(stream(b))) {
            return 0;
        }
        TreeSet<Long> times = new TreeSet<>(keyTimes(a));
        times.addAll(keyTimes(b));
        List<Long> sample = thinned(new ArrayList<>(times));
        double sum = 0;
        for (long t : sample) {
            sum += iouAt(a, b, t);
        }
        return sum / sample.size();
    }

    /**
     * F1 at IoU 0.5 pooled over sample times (the union of both sides' keyframe times): at each time every track of
     * each side is present (held outside its keyframes); the two sides' boxes are paired by {@link Hungarian} on
     * IoU and a pair with IoU ≥ 0.5 is a true positive. F1 = 2 TP / (|A| + |B|) summed over the times.
     */
    static double spatialF1(Definition d, List<Label> reference, List<Label> other) {
        List<Label> a = tracks(reference, d);
        List<Label> b = tracks(other, d);
        if (a.isEmpty() && b.isEmpty()) {
            return 1;
        }
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        TreeSet<Long> all = new TreeSet<>();
        a.forEach(t -> all.addAll(keyTimes(t)));
        b.forEach(t -> all.addAll(keyTimes(t)));
        List<Long> times = thinned(new ArrayList<>(all));
        long tp = 0;
        for (long time : times) {
            double[][] iou = new double[a.size()][b.size()];
            for (int i = 0; i < a.size(); i++) {
                for (int j = 0; j < b.size(); j++) {
                    iou[i][j] = iouAt(a.get(i), b.get(j), time);
                }
            }
            int[] assigned = Hungarian.maximise(iou);
            for (int i = 0; i < assigned.length; i++) {
                if (assigned[i] >= 0 && iou[i][assigned[i]] >= SPATIAL_IOU) {
                    tp++;
                }
            }
        }
        return 2.0 * tp / ((double) times.size() * (a.size() + b.size()));
    }

    /** At most {@link #MAX_SAMPLE_TIMES} of the sorted times, evenly spaced by index, first and last kept. */
    static List<Long> thinned(List<Long> times) {
        if (times.size() <= MAX_SAMPLE_TIMES) {
            return times;
        }
        List<Long> out = new ArrayList<>(MAX_SAMPLE_TIMES);
        for (int k = 0; k < MAX_SAMPLE_TIMES; k++) {
            out.add(times.get((int) ((long) k * (times.size() - 1) / (MAX_SAMPLE_TIMES - 1))));
        }
        return out;
    }

    // ---- values ----

    /**
     * Episode scope: the one value of each side compared. Segment scope: each value follows its segment to the
     * other side's segment of the same phase definition and track with IoU &gt; 0.5 (within a track at most one
     * segment can pass that); the score is the sum of the value similarities of matched pairs over the number of
     * distinct values (|A| + |B| − matched), so a value without a counterpart counts 0.
     */
    static double valueScore(Definition d, List<Label> reference, List<Label> other) {
        List<Label.Value> a = values(reference, d.key());
        List<Label.Value> b = values(other, d.key());
        if (a.isEmpty() && b.isEmpty()) {
            return 1;
        }
        Map<UUID, Label.Phase> segA = segmentsById(reference, d.segmentOf());
        Map<UUID, Label.Phase> segB = segmentsById(other, d.segmentOf());
        int matched = 0;
        double sum = 0;
        Set<UUID> usedB = new HashSet<>();
        for (Label.Value va : a) {
            for (Label.Value vb : b) {
                if (!usedB.contains(vb.id()) && sameUnit(va, vb, segA, segB)) {
                    usedB.add(vb.id());
                    matched++;
                    sum += valueSimilarity(d, va, vb);
                    break;
                }
            }
        }
        return sum / (a.size() + b.size() - matched);
    }

    private static Map<UUID, Label.Phase> segmentsById(List<Label> labels, String phaseDefinition) {
        Map<UUID, Label.Phase> out = new HashMap<>();
        if (phaseDefinition != null) {
            for (Label.Phase p : phases(labels, phaseDefinition)) {
                out.put(p.id(), p);
            }
        }
        return out;
    }

    /** Both for the episode, or on segments of the same track that overlap with IoU &gt; 0.5. */
    private static boolean sameUnit(Label.Value a, Label.Value b, Map<UUID, Label.Phase> segA,
                                    Map<UUID, Label.Phase> segB) {
        if (a.segment() == null || b.segment() == null) {
            return a.segment() == null && b.segment() == null;
        }
        Label.Phase pa = segA.get(a.segment());
        Label.Phase pb = segB.get(b.segment());
        return pa != null && pb != null && pa.track().equals(pb.track()) && iou(pa, pb) > SEGMENT_MATCH_IOU;
    }

    /** Similarity of two values of one definition, in [0, 1]. */
    static double valueSimilarity(Definition d, Label.Value a, Label.Value b) {
        return switch (d.type()) {
            case CATEGORY -> {
                if (!d.multiple()) {
                    yield a.classes().equals(b.classes()) ? 1 : 0;
                }
                Set<String> union = new HashSet<>(a.classes());
                union.addAll(b.classes());
                Set<String> both = new HashSet<>(a.classes());
                both.retainAll(b.classes());
                yield union.isEmpty() ? 1 : (double) both.size() / union.size();
            }
            case RATING -> Objects.equals(a.number(), b.number()) ? 1 : 0;
            case VERDICT -> Objects.equals(a.accept(), b.accept()) ? 1 : 0;
            case NUMBER -> numbersAgree(a.number(), b.number()) ? 1 : 0;
            case TEXT -> a.text() == null || b.text() == null ? (a.text() == b.text() ? 1 : 0)
                    : TextSimilarity.similarity(a.text(), b.text());
            default -> throw new IllegalArgumentException("not a value type: " + d.type());
        };
    }

    /** |a − b| ≤ 5% of max(|a|, |b|); two zeros agree. */
    static boolean numbersAgree(Double a, Double b) {
        if (a == null || b == null) {
            return a == b;
        }
        return Math.abs(a - b) <= NUMBER_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
    }
}
