package dev.touchstone.quality.engine;

import java.util.Arrays;

/**
 * Minimum-cost assignment on a rectangular cost matrix (Kuhn 1955, Munkres 1957), in the O(n² m) shortest
 * augmenting path form with row and column potentials (Jonker and Volgenant 1987; for n ≤ m rows are added one at a
 * time and each addition is one Dijkstra-like search over the columns). A wider-than-tall matrix assigns every row;
 * a taller-than-wide one is transposed first, so that every column is assigned. Costs must be finite.
 */
public final class Hungarian {

    private Hungarian() {
    }

    /**
     * @param cost an n × m matrix of finite costs (every row the same length)
     * @return for each row the assigned column, or -1 when there are more rows than columns and the row is left
     * over; the assignment covers min(n, m) pairs and has the minimal total cost among all such assignments
     */
    public static int[] minimise(double[][] cost) {
        int n = cost.length;
        if (n == 0) {
            return new int[0];
        }
        int m = cost[0].length;
        for (double[] row : cost) {
            if (row.length != m) {
                throw new IllegalArgumentException("cost matrix rows differ in length");
            }
            for (double c : row) {
                if (!Double.isFinite(c)) {
                    throw new IllegalArgumentException("cost matrix has a non-finite entry " + c);
                }
            }
        }
        if (m == 0) {
            int[] none = new int[n];
            Arrays.fill(none, -1);
            return none;
        }
        if (n <= m) {
            return solve(cost, n, m, false);
        }
        int[] colToRow = solve(cost, m, n, true);
        int[] rowToCol = new int[n];
        Arrays.fill(rowToCol, -1);
        for (int j = 0; j < m; j++) {
            rowToCol[colToRow[j]] = j;
        }
        return rowToCol;
    }

    /** Maximum-weight assignment: {@link #minimise} on the negated weights. */
    public static int[] maximise(double[][] weight) {
        double[][] negated = new double[weight.length][];
        for (int i = 0; i < weight.length; i++) {
            negated[i] = new double[weight[i].length];
            for (int j = 0; j < weight[i].length; j++) {
                negated[i][j] = -weight[i][j];
            }
        }
        return minimise(negated);
    }

    /** n ≤ m; rows 1..n, columns 1..m, index 0 is the virtual start column. */
    private static int[] solve(double[][] c, int n, int m, boolean transposed) {
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] rowOfCol = new int[m + 1];
        int[] way = new int[m + 1];
        double[] minTo = new double[m + 1];
        boolean[] used = new boolean[m + 1];
        for (int i = 1; i <= n; i++) {
            rowOfCol[0] = i;
            int j0 = 0;
            Arrays.fill(minTo, Double.POSITIVE_INFINITY);
            Arrays.fill(used, false);
            do {
                used[j0] = true;
                int i0 = rowOfCol[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = -1;
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double cij = transposed ? c[j - 1][i0 - 1] : c[i0 - 1][j - 1];
                        double reduced = cij - u[i0] - v[j];
                        if (reduced < minTo[j]) {
                            minTo[j] = reduced;
                            way[j] = j0;
                        }
                        if (minTo[j] < delta) {
                            delta = minTo[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[rowOfCol[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minTo[j] -= delta;
                    }
                }
                j0 = j1;
            } while (rowOfCol[j0] != 0);
            do {
                int j1 = way[j0];
                rowOfCol[j0] = rowOfCol[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] result = new int[n];
        Arrays.fill(result, -1);
        for (int j = 1; j <= m; j++) {
            if (rowOfCol[j] != 0) {
                result[rowOfCol[j] - 1] = j - 1;
            }
        }
        return result;
    }
}
