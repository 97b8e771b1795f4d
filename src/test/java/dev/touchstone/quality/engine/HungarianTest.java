package dev.touchstone.quality.engine;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class HungarianTest {

    @Test
    void smallKnownAssignment() {
        // Rows pick columns 1, 0, 2: 1 + 2 + 2 = 5; every other permutation costs more (checked by brute force below).
        double[][] cost = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
        int[] a = Hungarian.minimise(cost);
        assertThat(a).containsExactly(1, 0, 2);
    }

    @Test
    void matchesBruteForceOnRandomMatrices() {
        Random random = new Random(42);
        for (int trial = 0; trial < 2000; trial++) {
            int n = 1 + random.nextInt(6);
            int m = 1 + random.nextInt(6);
            double[][] cost = new double[n][m];
            for (double[] row : cost) {
                for (int j = 0; j < m; j++) {
                    // Integers make ties likely; some trials use continuous values.
                    row[j] = trial % 2 == 0 ? random.nextInt(5) - 2 : random.nextDouble() * 10 - 5;
                }
            }
            int[] assigned = Hungarian.minimise(cost);
            assertThat(assigned).hasSize(n);
            Set<Integer> used = new HashSet<>();
            double total = 0;
            int pairs = 0;
            for (int i = 0; i < n; i++) {
                if (assigned[i] >= 0) {
                    assertThat(used.add(assigned[i])).as("column used twice").isTrue();
                    total += cost[i][assigned[i]];
                    pairs++;
                }
            }
            assertThat(pairs).isEqualTo(Math.min(n, m));
            assertThat(total).as("trial %d", trial).isCloseTo(bruteForce(cost), within(1e-9));
        }
    }

    @Test
    void maximiseAndEdgeCases() {
        assertThat(Hungarian.maximise(new double[][]{{4, 1, 3}, {2, 0, 5}, {3, 2, 2}})).containsExactly(0, 2, 1);
        assertThat(Hungarian.minimise(new double[0][])).isEmpty();
        assertThat(Hungarian.minimise(new double[][]{{}, {}})).containsExactly(-1, -1);
        assertThat(Hungarian.minimise(new double[][]{{5}, {1}, {3}})).containsExactly(-1, 0, -1);
        assertThatThrownBy(() -> Hungarian.minimise(new double[][]{{1, Double.NaN}}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hungarian.minimise(new double[][]{{1, 2}, {1}}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Minimal total over all injective assignments of min(n, m) pairs. */
    static double bruteForce(double[][] cost) {
        int n = cost.length;
        int m = cost[0].length;
        if (n <= m) {
            return best(cost, 0, new boolean[m], false);
        }
        double[][] t = new double[m][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                t[j][i] = cost[i][j];
            }
        }
        return best(t, 0, new boolean[n], false);
    }

    private static double best(double[][] c, int row, boolean[] used, boolean unused) {
        if (row == c.length) {
            return 0;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < used.length; j++) {
            if (!used[j]) {
                used[j] = true;
                best = Math.min(best, c[row][j] + best(c, row + 1, used, unused));
                used[j] = false;
            }
        }
        return best;
    }
}
