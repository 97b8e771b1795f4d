package dev.touchstone.quality.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Agreement of two annotators' 2-D boxes on one frame, or summed over frames.
 * <p>
 * Per frame the boxes are paired one to one by the Hungarian algorithm ({@link Hungarian}) maximising the total
 * IoU; only pairs with IoU &gt; 0 are kept as matches. A match is a true positive when its IoU is at least the
 * threshold. With TP true positives over all frames and A, B boxes: precision = TP / B, recall = TP / A,
 * F1 = 2 TP / (A + B). Mean IoU is over all kept matches (IoU &gt; 0), whether or not they reach the threshold.
 * Undefined values (no boxes, no matches) are NaN.
 */
public final class BoxAgreement {

    private BoxAgreement() {
    }

    /** One matched pair: index in the first list, index in the second, their IoU (&gt; 0). */
    public record Match(int a, int b, double iou) {
    }

    /**
     * @param matches       the matched pairs, by index in the first list
     * @param boxesA        boxes of the first annotator (the reference)
     * @param boxesB        boxes of the second annotator
     * @param truePositives matches with IoU ≥ threshold
     * @param meanIoU       mean IoU over {@code matches}; NaN when there is none
     * @param precision     truePositives / boxesB; NaN when boxesB = 0
     * @param recall        truePositives / boxesA; NaN when boxesA = 0
     * @param f1            2 truePositives / (boxesA + boxesB); NaN when both are 0
     */
    public record Result(List<Match> matches, int boxesA, int boxesB, int truePositives, double meanIoU,
                         double precision, double recall, double f1) {
    }

    /** Matches the boxes of one frame. */
    public static List<Match> match(List<Box2d> a, List<Box2d> b) {
        double[][] iou = new double[a.size()][b.size()];
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < b.size(); j++) {
                iou[i][j] = a.get(i).iou(b.get(j));
            }
        }
        return matches(iou);
    }

    /** The Hungarian maximum-total-IoU matching of an IoU matrix, keeping pairs with IoU &gt; 0, by row. */
    static List<Match> matches(double[][] iou) {
        int[] assigned = Hungarian.maximise(iou);
        List<Match> out = new ArrayList<>();
        for (int i = 0; i < assigned.length; i++) {
            int j = assigned[i];
            if (j >= 0 && iou[i][j] > 0) {
                out.add(new Match(i, j, iou[i][j]));
            }
        }
        return out;
    }

    /** Agreement on one frame. */
    public static Result frame(List<Box2d> a, List<Box2d> b, double iouThreshold) {
        return frames(List.of(a), List.of(b), iouThreshold);
    }

    /**
     * Agreement summed over frames: {@code a.get(f)} and {@code b.get(f)} are the two annotators' boxes on frame f.
     * The returned matches are those of all frames in order (indices are within each frame).
     */
    public static Result frames(List<List<Box2d>> a, List<List<Box2d>> b, double iouThreshold) {
        checkThreshold(iouThreshold);
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("both annotators need the same number of frames");
        }
        List<Match> all = new ArrayList<>();
        int na = 0;
        int nb = 0;
        for (int f = 0; f < a.size(); f++) {
            all.addAll(match(a.get(f), b.get(f)));
            na += a.get(f).size();
            nb += b.get(f).size();
        }
        return result(all, na, nb, iouThreshold);
    }

    static Result result(List<Match> matches, int na, int nb, double iouThreshold) {
        int tp = 0;
        double sum = 0;
        for (Match m : matches) {
            sum += m.iou();
            if (m.iou() >= iouThreshold) {
                tp++;
            }
        }
        double mean = matches.isEmpty() ? Double.NaN : sum / matches.size();
        return new Result(List.copyOf(matches), na, nb, tp, mean, nb == 0 ? Double.NaN : (double) tp / nb,
                na == 0 ? Double.NaN : (double) tp / na, na + nb == 0 ? Double.NaN : 2.0 * tp / (na + nb));
    }

    static void checkThreshold(double iouThreshold) {
        if (!(iouThreshold > 0 && iouThreshold <= 1)) {
            throw new IllegalArgumentException("iouThreshold must be in (0, 1], got " + iouThreshold);
        }
    }
}
