package dev.touchstone.quality.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Agreement on phases (action segmentation): each annotator labels half-open frame intervals [start, end) of an
 * episode of N frames; intervals of one annotator must not overlap, and frames no interval covers are background.
 * <p>
 * Per pair (reference, other), with the MS-TCN evaluation definitions (Farha and Gall 2019; edit score from Lea et
 * al. 2017):
 * <ul>
 *   <li>Segments are the maximal runs of frames with the same (non-background) label in the frame-wise labelling,
 *       so two touching intervals with the same label form one segment. Background is excluded from the segments
 *       (the MS-TCN code's default {@code bg_class=["background"]}); it still counts in frame accuracy.</li>
 *   <li>F1@k: the other annotator's segments are taken in time order; each is compared with every reference segment
 *       by IoU = (min(ends) − max(starts)) / (max(ends) − min(starts)) when the labels agree, 0 when they do not. Its
 *       best reference segment (the first of equal best) is a hit if that IoU ≥ k/100 and it was not hit before;
 *       otherwise the segment is a false positive. Reference segments never hit are false negatives. Note: as in the
 *       MS-TCN code, a segment whose best reference segment is already taken is a false positive even if a second
 *       reference segment would pass the threshold. F1 = 2 TP / (2 TP + FP + FN), as a fraction in [0, 1] (MS-TCN
 *       prints percent); NaN when neither annotator has a segment.</li>
 *   <li>Edit score: 100 · (1 − Levenshtein(segment labels of other, of reference) / max of the two lengths); 100
 *       when both have no segment.</li>
 *   <li>Frame accuracy: the share of the N frames with the same label, background included (as MS-TCN's
 *       accuracy).</li>
 *   <li>Boundary error: boundaries are the frames t in 1..N−1 where the frame-wise label changes (background
 *       included as a label); for every reference boundary the distance in frames to the nearest boundary of the
 *       other annotator, averaged over the reference boundaries; in ms with the frame duration 1000 / fps. NaN when
 *       either has no boundary. This is directed and unmatched: several reference boundaries may take the same
 *       nearest boundary.</li>
 *   <li>Matched boundary error: the same boundaries, matched one to one so that the number of pairs is
 *       min(reference boundaries, other boundaries) and the total |Δt| is the smallest possible
 *       ({@link EventAgreement#match} with a tolerance of the whole episode); the mean |Δt| of the pairs in frames and
 *       in ms. Surplus boundaries of the annotator with more are left unmatched and counted apart. NaN when either
 *       has no boundary.</li>
 * </ul>
 * The MS-TCN code ends the last segment of a video at frame N − 1 rather than N; here intervals are exact, so on a
 * segment that reaches the end of the episode IoU values differ from that code by one frame in the last segment.
 * <p>
 * Across all annotators: frame-level Krippendorff's alpha (nominal), each frame a unit, each annotator a coder, a
 * background frame a missing value ({@link CodedAgreement}); and Krippendorff's alpha for unitizing
 * ({@link UnitizingAgreement}) on the continuum [0, N) in frames, each segment a unit, each label a category, each
 * annotator a rater (an annotator with no phase of a label counts as one gap of N frames in that label).
 */
public final class PhaseAgreement {

    /** The IoU thresholds of F1@{10, 25, 50}. */
    public static final double[] THRESHOLDS = {0.10, 0.25, 0.50};

    private PhaseAgreement() {
    }

    /** A labelled half-open frame interval [start, end). */
    public record Segment(String label, int start, int end) {
        public Segment {
            Objects.requireNonNull(label, "label");
        }
    }

    /**
     * One pair, the reference first.
     *
     * @param f1                 F1 at IoU thresholds 0.10, 0.25, 0.50, fractions; NaN without segments
     * @param editScore          0 to 100
     * @param frameAccuracy      fraction of frames with the same label, background included
     * @param boundaryErrorFrames mean distance from each reference boundary to the nearest other boundary; NaN when
     *                           either has no boundary
     * @param boundaryErrorMs    the same in milliseconds; NaN also when no frame rate was given
     * @param referenceBoundaries number of boundaries of the reference
     * @param otherBoundaries     number of boundaries of the other annotator
     * @param matchedBoundaryErrorFrames mean |Δt| in frames over the min(referenceBoundaries, otherBoundaries)
     *                           boundary pairs of the optimal one-to-one matching; NaN when either has no boundary
     * @param matchedBoundaryErrorMs the same in milliseconds; NaN also when no frame rate was given
     */
    public record Pair(String reference, String other, double[] f1, double editScore, double frameAccuracy,
                       double boundaryErrorFrames, double boundaryErrorMs, int referenceBoundaries,
                       int otherBoundaries, double matchedBoundaryErrorFrames, double matchedBoundaryErrorMs) {
        public double f1At10() {
            return f1[0];
        }

        public double f1At25() {
            return f1[1];
        }

        public double f1At50() {
            return f1[2];
        }
    }

    /**
     * @param frames            N
     * @param pairs             the first annotator against each other one
     * @param krippendorffAlpha frame-level nominal alpha across all annotators (NaN when undefined)
     * @param unitizing         α_U across all annotators, per label and overall, with its notes
     */
    public record Result(int frames, List<Pair> pairs, double krippendorffAlpha,
                         UnitizingAgreement.Result unitizing) {

        /** α_U over all labels; NaN when undefined (see {@code unitizing().notes()}). */
        public double uAlpha() {
            return unitizing.alpha();
        }
    }

    /**
     * @param frames      N ≥ 1
     * @param annotations annotator name to intervals, in order; the first is the reference; at least two
     * @param fps         frames per second for the boundary error in ms, or NaN
     */
    public static Result compare(int frames, LinkedHashMap<String, List<Segment>> annotations, double fps) {
        if (annotations.size() < 2) {
            throw new IllegalArgumentException("phases need at least two annotators, got " + annotations.size());
        }
        if (!Double.isNaN(fps) && !(fps > 0 && Double.isFinite(fps))) {
            throw new IllegalArgumentException("fps must be a positive number, got " + fps);
        }
        List<String> names = new ArrayList<>(annotations.keySet());
        List<String[]> labels = new ArrayList<>();
        for (String name : names) {
            labels.add(frameLabels(frames, annotations.get(name), name));
        }
        List<Pair> pairs = new ArrayList<>();
        for (int i = 1; i < names.size(); i++) {
            pairs.add(pair(names.get(0), labels.get(0), names.get(i), labels.get(i), fps));
        }
        CodedAgreement alpha = CodedAgreement.of(Level.NOMINAL, names.size(), null);
        Object[] unit = new Object[names.size()];
        for (int t = 0; t < frames; t++) {
            for (int c = 0; c < names.size(); c++) {
                unit[c] = labels.get(c)[t];
            }
            alpha.addUnit(unit);
        }
        List<UnitizingAgreement.Unit> units = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            for (Segment s : segments(labels.get(c))) {
                units.add(new UnitizingAgreement.Unit(s.start(), s.end() - s.start(), names.get(c), s.label()));
            }
        }
        UnitizingAgreement.Result unitizing = UnitizingAgreement.compute(0, frames, names, units);
        return new Result(frames, List.copyOf(pairs), alpha.result().krippendorffAlpha(), unitizing);
    }

    /** The frame-wise labels, {@code null} for background; checks bounds and overlaps. */
    public static String[] frameLabels(int frames, List<Segment> segments, String who) {
        if (frames < 1) {
            throw new IllegalArgumentException("frames must be at least 1, got " + frames);
        }
        String[] out = new String[frames];
        List<Segment> sorted = new ArrayList<>(segments);
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            if (s.label().isEmpty()) {
                throw new IllegalArgumentException(who + "[" + i + "] has an empty label");
            }
            if (s.start() < 0 || s.end() > frames || s.start() >= s.end()) {
                throw new IllegalArgumentException(who + "[" + i + "] is [" + s.start() + ", " + s.end()
                        + "), expected 0 <= start < end <= " + frames);
            }
        }
        sorted.sort((x, y) -> Integer.compare(x.start(), y.start()));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).start() < sorted.get(i - 1).end()) {
                throw new IllegalArgumentException(who + " has overlapping intervals [" + sorted.get(i - 1).start()
                        + ", " + sorted.get(i - 1).end() + ") and [" + sorted.get(i).start() + ", "
                        + sorted.get(i).end() + ")");
            }
        }
        for (Segment s : sorted) {
            Arrays.fill(out, s.start(), s.end(), s.label());
        }
        return out;
    }

    /** The pair measures on two frame-wise labellings of the same length ({@code null} = background). */
    public static Pair pair(String referenceName, String[] reference, String otherName, String[] other, double fps) {
        if (reference.length != other.length) {
            throw new IllegalArgumentException("both labellings need the same number of frames");
        }
        List<Segment> ref = segments(reference);
        List<Segment> oth = segments(other);
        double[] f1 = new double[THRESHOLDS.length];
        for (int k = 0; k < THRESHOLDS.length; k++) {
            f1[k] = f1(ref, oth, THRESHOLDS[k]);
        }
        int same = 0;
        for (int t = 0; t < reference.length; t++) {
            if (Objects.equals(reference[t], other[t])) {
                same++;
            }
        }
        double boundary = boundaryError(reference, other);
        int[] refBoundaries = boundaries(reference);
        int[] othBoundaries = boundaries(other);
        double matched = matchedBoundaryError(refBoundaries, othBoundaries, reference.length);
        return new Pair(referenceName, otherName, f1, editScore(ref, oth), (double) same / reference.length,
                boundary, toMs(boundary, fps), refBoundaries.length, othBoundaries.length, matched,
                toMs(matched, fps));
    }

    private static double toMs(double frames, double fps) {
        return Double.isNaN(fps) ? Double.NaN : frames * 1000 / fps;
    }

    /**
     * Mean |Δt| in frames of the optimal one-to-one matching of two sorted boundary lists: min(n, m) pairs with the
     * smallest total |Δt|; NaN when either list is empty.
     */
    public static double matchedBoundaryError(int[] reference, int[] other, int frames) {
        if (reference.length == 0 || other.length == 0) {
            return Double.NaN;
        }
        // A tolerance of the whole episode admits every pair, so the matching has min(n, m) pairs.
        EventAgreement.Result r = EventAgreement.match(Arrays.stream(reference).asDoubleStream().toArray(),
                Arrays.stream(other).asDoubleStream().toArray(), frames);
        return r.meanAbsOffsetS();
    }

    /** Maximal runs of equal non-background labels. */
    public static List<Segment> segments(String[] labels) {
        List<Segment> out = new ArrayList<>();
        int t = 0;
        while (t < labels.length) {
            int start = t;
            while (t < labels.length && Objects.equals(labels[t], labels[start])) {
                t++;
            }
            if (labels[start] != null) {
                out.add(new Segment(labels[start], start, t));
            }
        }
        return out;
    }

    /** Segmental F1 at one IoU threshold, MS-TCN's greedy rule; see the class comment. */
    public static double f1(List<Segment> reference, List<Segment> other, double threshold) {
        boolean[] hit = new boolean[reference.size()];
        int tp = 0;
        int fp = 0;
        for (Segment p : other) {
            int best = -1;
            double bestIoU = Double.NEGATIVE_INFINITY;
            for (int g = 0; g < reference.size(); g++) {
                Segment y = reference.get(g);
                double iou = p.label().equals(y.label())
                        ? (double) (Math.min(p.end(), y.end()) - Math.max(p.start(), y.start()))
                        / (Math.max(p.end(), y.end()) - Math.min(p.start(), y.start()))
                        : 0;
                if (iou > bestIoU) {
                    bestIoU = iou;
                    best = g;
                }
            }
            if (best >= 0 && bestIoU >= threshold && !hit[best]) {
                tp++;
                hit[best] = true;
            } else {
                fp++;
            }
        }
        int fn = reference.size() - tp;
        int denominator = 2 * tp + fp + fn;
        return denominator == 0 ? Double.NaN : 2.0 * tp / denominator;
    }

    /** 100 · (1 − normalised Levenshtein distance of the segment label sequences); 100 when both are empty. */
    public static double editScore(List<Segment> reference, List<Segment> other) {
        int longest = Math.max(reference.size(), other.size());
        if (longest == 0) {
            return 100;
        }
        Map<String, Integer> codes = new HashMap<>();
        int[] a = reference.stream().mapToInt(s -> codes.computeIfAbsent(s.label(), l -> codes.size())).toArray();
        int[] b = other.stream().mapToInt(s -> codes.computeIfAbsent(s.label(), l -> codes.size())).toArray();
        return (1 - (double) TextSimilarity.levenshtein(b, a) / longest) * 100;
    }

    /** Mean over reference boundaries of the distance (frames) to the nearest other boundary; NaN if none. */
    public static double boundaryError(String[] reference, String[] other) {
        int[] ref = boundaries(reference);
        int[] oth = boundaries(other);
        if (ref.length == 0 || oth.length == 0) {
            return Double.NaN;
        }
        long sum = 0;
        int j = 0;
        for (int b : ref) {
            while (j + 1 < oth.length && oth[j + 1] <= b) {
                j++;
            }
            int d = Math.abs(oth[j] - b);
            if (j + 1 < oth.length) {
                d = Math.min(d, Math.abs(oth[j + 1] - b));
            }
            sum += d;
        }
        return (double) sum / ref.length;
    }

    /** The frames t in 1..N−1 where the frame-wise label changes, background included as a label. */
    public static int[] boundaries(String[] labels) {
        List<Integer> out = new ArrayList<>();
        for (int t = 1; t < labels.length; t++) {
            if (!Objects.equals(labels[t], labels[t - 1])) {
                out.add(t);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
