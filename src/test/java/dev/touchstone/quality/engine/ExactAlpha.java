package dev.touchstone.quality.engine;

/**
 * Krippendorff's alpha in exact rational arithmetic from a coincidence matrix, written out from the definitions in
 * Krippendorff (2011) independently of the engine, so published matrices can be turned into exact expected values.
 */
final class ExactAlpha {

    private ExactAlpha() {
    }

    /**
     * @param values category values in ascending order (their rank is their position)
     * @param o      coincidence matrix over those values
     */
    static Fraction alpha(long[] values, Fraction[][] o, Level level) {
        int k = values.length;
        Fraction[] nc = new Fraction[k];
        Fraction n = Fraction.ZERO;
        for (int c = 0; c < k; c++) {
            nc[c] = Fraction.ZERO;
            for (int d = 0; d < k; d++) {
                nc[c] = nc[c].plus(o[c][d]);
            }
            n = n.plus(nc[c]);
        }
        Fraction observed = Fraction.ZERO;
        Fraction expected = Fraction.ZERO;
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < k; d++) {
                Fraction delta2 = delta2(values, nc, c, d, level);
                observed = observed.plus(o[c][d].times(delta2));
                expected = expected.plus(nc[c].times(nc[d]).times(delta2));
            }
        }
        // alpha = 1 - D_o / D_e with D_o = observed / n and D_e = expected / (n (n - 1))
        return Fraction.ONE.minus(n.minus(Fraction.ONE).times(observed).dividedBy(expected));
    }

    private static Fraction delta2(long[] values, Fraction[] nc, int c, int d, Level level) {
        if (c == d) {
            return Fraction.ZERO;
        }
        return switch (level) {
            case NOMINAL -> Fraction.ONE;
            case ORDINAL -> {
                int low = Math.min(c, d);
                int high = Math.max(c, d);
                Fraction sum = Fraction.ZERO;
                for (int g = low; g <= high; g++) {
                    sum = sum.plus(nc[g]);
                }
                yield sum.minus(nc[c].plus(nc[d]).dividedBy(Fraction.of(2))).squared();
            }
            case INTERVAL -> Fraction.of(values[c] - values[d]).squared();
            case RATIO -> Fraction.of(values[c] - values[d], values[c] + values[d]).squared();
        };
    }
}
