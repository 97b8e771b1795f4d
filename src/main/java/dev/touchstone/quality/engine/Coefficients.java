package dev.touchstone.quality.engine;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** The formulas, on counts that {@link CoincidenceAccumulator} and {@link AlphaBootstrap} have collected. */
final class Coefficients {

    private Coefficients() {
    }

    /**
     * Krippendorff's alpha from a coincidence matrix (Krippendorff 2011):
     * {@code alpha = 1 - (n - 1) * sum o_ck delta2_ck / sum n_c n_k delta2_ck}, delta2 from the level's metric or,
     * when the scale has them, its distances. Only categories with values take
     * part; unused categories add nothing to either sum, for every metric. NaN when the data have no variation
     * (the expected disagreement is zero) or no pairable values.
     *
     * @param k  number of codes
     * @param o  coincidence matrix, {@code o[c * k + d]}, symmetric
     * @param nc marginals {@code n_c}, the row sums of {@code o}
     */
    static double alpha(int k, double[] o, double[] nc, Level level, CategoryScale scale) {
        int[] used = IntStream.range(0, k).filter(c -> nc[c] > 0)
                .boxed().sorted(Comparator.comparingInt(scale::position))
                .mapToInt(Integer::intValue).toArray();
        if (used.length == 0) {
            return Double.NaN;
        }
        double n = 0;
        for (int c : used) {
            n += nc[c];
        }
        // prefix[i] = values in the used categories ranked below used[i], for the ordinal metric
        double[] prefix = new double[used.length + 1];
        for (int i = 0; i < used.length; i++) {
            prefix[i + 1] = prefix[i] + nc[used[i]];
        }
        double observed = 0;
        double expected = 0;
        for (int i = 0; i < used.length; i++) {
            int c = used[i];
            for (int j = i + 1; j < used.length; j++) {
                int d = used[j];
                double delta2 = scale.hasDistances() ? scale.distance(c, d) : switch (level) {
                    case NOMINAL -> 1;
                    case ORDINAL -> {
                        double between = (nc[c] + nc[d]) / 2 + (prefix[j] - prefix[i + 1]);
                        yield between * between;
                    }
                    case INTERVAL -> {
                        double diff = numeric(scale, c, level) - numeric(scale, d, level);
                        yield diff * diff;
                    }
                    case RATIO -> {
                        double vc = numeric(scale, c, level);
                        double vd = numeric(scale, d, level);
                        double ratio = vc + vd == 0 ? 0 : (vc - vd) / (vc + vd);
                        yield ratio * ratio;
                    }
                };
                observed += o[c * k + d] * delta2;
                expected += nc[c] * nc[d] * delta2;
            }
        }
        if (expected == 0) {
            return Double.NaN;
        }
        return 1 - (n - 1) * observed / expected;
    }

    private static double numeric(CategoryScale scale, int code, Level level) {
        double value = scale.value(code);
        if (Double.isNaN(value)) {
            throw new IllegalStateException(level.jsonName() + " level needs numeric categories, got "
                    + scale.labels().get(scale.position(code)));
        }
        return value;
    }

    /**
     * Fleiss' kappa (1971) for units that all carry the same number of values:
     * {@code (P - Pe) / (1 - Pe)} with P the share of agreeing pairs and {@code Pe = sum (n_c / n)^2}.
     */
    static double fleissKappa(long agreeingPairs, long pairs, double[] nc) {
        if (pairs == 0) {
            return Double.NaN;
        }
        double n = Arrays.stream(nc).sum();
        double chance = 0;
        for (double count : nc) {
            double share = count / n;
            chance += share * share;
        }
        if (chance >= 1) {
            return Double.NaN;
        }
        double observed = (double) agreeingPairs / pairs;
        return (observed - chance) / (1 - chance);
    }

    /**
     * Cohen's kappa, Scott's pi and weighted kappas from the two coders' contingency table
     * {@code table[first * k + second]}; weights use the positions of {@code scale}.
     */
    static TwoCoderAgreement twoCoders(int k, long[] table, CategoryScale scale) {
        long units = 0;
        long agreeing = 0;
        double[] first = new double[k];
        double[] second = new double[k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                long count = table[a * k + b];
                units += count;
                first[a] += count;
                second[b] += count;
                if (a == b) {
                    agreeing += count;
                }
            }
        }
        if (units == 0) {
            return new TwoCoderAgreement(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double n = units;
        double observed = agreeing / n;
        double cohenChance = 0;
        double scottChance = 0;
        for (int c = 0; c < k; c++) {
            cohenChance += (first[c] / n) * (second[c] / n);
            double pooled = (first[c] + second[c]) / (2 * n);
            scottChance += pooled * pooled;
        }
        double linearObserved = 0;
        double linearExpected = 0;
        double quadraticObserved = 0;
        double quadraticExpected = 0;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                if (a == b) {
                    continue;
                }
                double distance = Math.abs(scale.position(a) - scale.position(b));
                double count = table[a * k + b];
                double chanceCount = first[a] * second[b] / n;
                linearObserved += distance * count;
                linearExpected += distance * chanceCount;
                quadraticObserved += distance * distance * count;
                quadraticExpected += distance * distance * chanceCount;
            }
        }
        return new TwoCoderAgreement(units,
                chanceCorrected(observed, cohenChance),
                chanceCorrected(observed, scottChance),
                linearExpected == 0 ? Double.NaN : 1 - linearObserved / linearExpected,
                quadraticExpected == 0 ? Double.NaN : 1 - quadraticObserved / quadraticExpected);
    }

    private static double chanceCorrected(double observed, double chance) {
        return chance >= 1 ? Double.NaN : (observed - chance) / (1 - chance);
    }
}
