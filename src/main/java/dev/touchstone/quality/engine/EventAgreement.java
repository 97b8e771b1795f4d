package dev.touchstone.quality.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Agreement of two annotators' event times (instants, in seconds) by optimal one-to-one matching within a tolerance
 * window.
 * <p>
 * A reference event a and another event b may be matched when |b − a| ≤ tolerance (inclusive, with a slack of
 * {@link #SLACK_S} so that decimal inputs such as 1.05 against 1.00 at 0.05 match despite binary rounding). Among all
 * one-to-one matchings the result has the largest number of pairs, and among those the smallest total absolute
 * offset Σ|b − a|.
 * <p>
 * Exactness: on a line an optimal matching can be taken non-crossing. If a₁ ≤ a₂ and b₁ ≤ b₂ are matched crosswise
 * (a₁–b₂, a₂–b₁, both within the tolerance), then a₁–b₁ and a₂–b₂ are within it too (a₁ − b₁ ≤ a₂ − b₁ ≤ t and
 * b₁ − a₁ ≤ b₂ − a₁ ≤ t, likewise for the other pair), and |a₁ − b₁| + |a₂ − b₂| ≤ |a₁ − b₂| + |a₂ − b₁| (|x − y| is a
 * Monge cost). So uncrossing never loses a pair nor adds cost, and a dynamic programme over the two sorted sequences
 * — best (count, −cost) for every pair of prefixes, from skipping either last event or matching them — finds the
 * optimum. The events are first cut into blocks at gaps (in the merged time order) wider than the tolerance, which no
 * pair can bridge, and each block is solved on its own: O(Σ n_b m_b) time and memory over the blocks, O(n m) at
 * worst. The greedy "nearest first" rule is not optimal (see the tests).
 */
public final class EventAgreement {

    /** Slack added to the tolerance, in seconds (one nanosecond). */
    public static final double SLACK_S = 1e-9;

    private EventAgreement() {
    }

    /** A matched pair: index in the reference list, index in the other list, offset other − reference. */
    public record Match(int reference, int other, double offsetS) {
    }

    /**
     * @param matches           the pairs, in reference time order
     * @param referenceEvents   number of reference events
     * @param otherEvents       number of other events
     * @param matched           number of pairs
     * @param precision         matched / otherEvents; NaN when there is no other event
     * @param recall            matched / referenceEvents; NaN when there is no reference event
     * @param f1                2 matched / (referenceEvents + otherEvents); NaN when both are empty
     * @param meanOffsetS       mean signed offset (other − reference) of the pairs; NaN without pairs
     * @param meanAbsOffsetS    mean absolute offset of the pairs; NaN without pairs
     */
    public record Result(List<Match> matches, int referenceEvents, int otherEvents, int matched, double precision,
                         double recall, double f1, double meanOffsetS, double meanAbsOffsetS) {
    }

    public static Result match(double[] reference, double[] other, double toleranceS) {
        if (!(toleranceS >= 0) || !Double.isFinite(toleranceS)) {
            throw new IllegalArgumentException("tolerance must be a finite number of seconds ≥ 0, got " + toleranceS);
        }
        check(reference, "reference");
        check(other, "other");
        Integer[] ia = sortedIndex(reference);
        Integer[] ib = sortedIndex(other);
        int n = reference.length;
        int m = other.length;
        double limit = toleranceS + SLACK_S;
        // Independent blocks: in the merged time order, a gap wider than the tolerance cannot be bridged by a pair,
        // so the matching decomposes at such gaps and each block is solved on its own.
        List<Match> matches = new ArrayList<>();
        int i0 = 0;
        int j0 = 0;
        int i = 0;
        int j = 0;
        double reach = Double.NEGATIVE_INFINITY;
        while (i < n || j < m) {
            boolean takeReference = j >= m || (i < n && reference[ia[i]] <= other[ib[j]]);
            double t = takeReference ? reference[ia[i]] : other[ib[j]];
            if (t - reach > limit && (i > i0 || j > j0)) {
                solve(reference, other, ia, ib, i0, i, j0, j, limit, matches);
                i0 = i;
                j0 = j;
            }
            reach = t;
            if (takeReference) {
                i++;
            } else {
                j++;
            }
        }
        solve(reference, other, ia, ib, i0, n, j0, m, limit, matches);
        int k = matches.size();
        double signed = 0;
        double abs = 0;
        for (Match mt : matches) {
            signed += mt.offsetS();
            abs += Math.abs(mt.offsetS());
        }
        return new Result(List.copyOf(matches), n, m, k, m == 0 ? Double.NaN : (double) k / m,
                n == 0 ? Double.NaN : (double) k / n, n + m == 0 ? Double.NaN : 2.0 * k / (n + m),
                k == 0 ? Double.NaN : signed / k, k == 0 ? Double.NaN : abs / k);
    }

    /** The dynamic programme on sorted reference events ia[i0..i1) and other events ib[j0..j1); appends pairs. */
    private static void solve(double[] reference, double[] other, Integer[] ia, Integer[] ib, int i0, int i1, int j0,
                              int j1, double limit, List<Match> out) {
        int n = i1 - i0;
        int m = j1 - j0;
        if (n == 0 || m == 0) {
            return;
        }
        int[][] count = new int[n + 1][m + 1];
        double[][] cost = new double[n + 1][m + 1];
        byte[][] move = new byte[n + 1][m + 1]; // 1 skip reference, 2 skip other, 3 match
        for (int i = 0; i <= n; i++) {
            for (int j = 0; j <= m; j++) {
                if (i == 0 && j == 0) {
                    continue;
                }
                int bestCount = -1;
                double bestCost = 0;
                byte bestMove = 0;
                if (i > 0) {
                    bestCount = count[i - 1][j];
                    bestCost = cost[i - 1][j];
                    bestMove = 1;
                }
                if (j > 0 && better(count[i][j - 1], cost[i][j - 1], bestCount, bestCost)) {
                    bestCount = count[i][j - 1];
                    bestCost = cost[i][j - 1];
                    bestMove = 2;
                }
                if (i > 0 && j > 0) {
                    double d = Math.abs(other[ib[j0 + j - 1]] - reference[ia[i0 + i - 1]]);
                    if (d <= limit && better(count[i - 1][j - 1] + 1, cost[i - 1][j - 1] + d, bestCount, bestCost)) {
                        bestCount = count[i - 1][j - 1] + 1;
                        bestCost = cost[i - 1][j - 1] + d;
                        bestMove = 3;
                    }
                }
                count[i][j] = bestCount;
                cost[i][j] = bestCost;
                move[i][j] = bestMove;
            }
        }
        List<Match> block = new ArrayList<>();
        for (int i = n, j = m; i > 0 || j > 0; ) {
            switch (move[i][j]) {
                case 1 -> i--;
                case 2 -> j--;
                default -> {
                    int r = ia[i0 + i - 1];
                    int o = ib[j0 + j - 1];
                    block.add(new Match(r, o, other[o] - reference[r]));
                    i--;
                    j--;
                }
            }
        }
        Collections.reverse(block);
        out.addAll(block);
    }

    private static boolean better(int count, double cost, int bestCount, double bestCost) {
        return count > bestCount || (count == bestCount && cost < bestCost);
    }

    private static void check(double[] times, String who) {
        for (int i = 0; i < times.length; i++) {
            if (!Double.isFinite(times[i])) {
                throw new IllegalArgumentException(who + " event " + i + " is not a finite time");
            }
        }
    }

    private static Integer[] sortedIndex(double[] times) {
        Integer[] index = new Integer[times.length];
        Arrays.setAll(index, i -> i);
        Arrays.sort(index, Comparator.comparingDouble((Integer i) -> times[i]).thenComparingInt(i -> i));
        return index;
    }
}
