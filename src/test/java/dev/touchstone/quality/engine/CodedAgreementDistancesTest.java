package dev.touchstone.quality.engine;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Krippendorff's alpha with a declared difference function (δ² between categories) instead of a level's metric. */
class CodedAgreementDistancesTest {

    private static final List<String> OUTCOMES = List.of("success", "slip", "fail");
    /** δ²: slip half-way between success and fail, so (1/2)² from either and 1 between them. */
    private static final double[][] SLIP_HALF_WAY = {{0, 0.25, 1}, {0.25, 0, 0.25}, {1, 0.25, 0}};
    private static final double[][] NOMINAL = {{0, 1, 1}, {1, 0, 1}, {1, 1, 0}};

    private static final Object[][] OUTCOME_UNITS = {
            {"success", "success"}, {"success", "slip"}, {"fail", "fail"}, {"slip", "fail"}, {"success", "slip"},
            {"slip", "slip"}};

    private static CodedAgreement coded(double[][] distances, Object[][] units) {
        CodedAgreement agreement = distances == null ? CodedAgreement.of(Level.NOMINAL, 2, OUTCOMES)
                : CodedAgreement.of(Level.NOMINAL, 2, OUTCOMES, distances);
        for (Object[] unit : units) {
            agreement.addUnit(unit);
        }
        return agreement;
    }

    @Test
    void slipHalfWayBetweenSuccessAndFail() {
        // Coincidences (two coders, each unit two ordered pairs): o(success,slip) = 2, o(slip,fail) = 1, nothing
        // between success and fail; marginals n_success = 4, n_slip = 5, n_fail = 3, n = 12.
        // Observed Σ_{c<d} o δ² = 2 · 0.25 + 1 · 0.25 = 0.75; expected Σ_{c<d} n_c n_d δ² = 20 · 0.25 + 15 · 0.25
        // + 12 · 1 = 20.75; alpha = 1 − 11 · 0.75 / 20.75 = 1 − 33/83 = 50/83.
        CodedAgreementResult withDistances = coded(SLIP_HALF_WAY, OUTCOME_UNITS).result();
        PublishedExamplesTest.assertExact(withDistances.krippendorffAlpha(), Fraction.of(50, 83));
        // Nominal counts the three slip disagreements in full: 1 − 11 · 3 / (20 + 15 + 12) = 14/47.
        CodedAgreementResult nominal = coded(null, OUTCOME_UNITS).result();
        PublishedExamplesTest.assertExact(nominal.krippendorffAlpha(), Fraction.of(14, 47));
        // The other coefficients do not use distances.
        assertThat(withDistances.percentAgreement()).isEqualTo(nominal.percentAgreement());
        assertThat(withDistances.twoCoders()).isEqualTo(nominal.twoCoders());
    }

    @Test
    void theNominalMatrixReproducesNominalAlphaExactly() {
        SplittableRandom random = new SplittableRandom(5);
        for (int trial = 0; trial < 300; trial++) {
            int units = 1 + random.nextInt(40);
            Object[][] data = new Object[units][];
            for (int u = 0; u < units; u++) {
                data[u] = new Object[]{pick(random), pick(random)};
            }
            double nominal = coded(null, data).result().krippendorffAlpha();
            double matrix = coded(NOMINAL, data).result().krippendorffAlpha();
            assertThat(Double.compare(matrix, nominal)).as("trial %d: %s vs %s", trial, matrix, nominal).isZero();
        }
    }

    @Test
    void squaredDifferencesOfTheValuesReproduceTheIntervalLevel() {
        // Krippendorff (2011) four observers with missing data: interval alpha 0.8491071428571428.
        Object[][] units = PublishedExamplesTest.byCoder(
                new Object[]{1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null},
                new Object[]{1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3},
                new Object[]{null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null},
                new Object[]{1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null});
        List<Integer> categories = List.of(1, 2, 3, 4, 5);
        double[][] squared = new double[5][5];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                squared[i][j] = (i - j) * (i - j);
            }
        }
        CodedAgreement interval = CodedAgreement.of(Level.INTERVAL, 4, categories);
        CodedAgreement custom = CodedAgreement.of(Level.NOMINAL, 4, categories, squared);
        for (Object[] unit : units) {
            interval.addUnit(unit);
            custom.addUnit(unit);
        }
        assertThat(interval.result().krippendorffAlpha()).isCloseTo(0.8491071428571428, within(1e-12));
        assertThat(custom.result().krippendorffAlpha()).isCloseTo(interval.result().krippendorffAlpha(),
                within(1e-12));
    }

    @Test
    void theBootstrapUsesTheDistances() {
        Object[][] units = new Object[60][];
        SplittableRandom random = new SplittableRandom(9);
        for (int u = 0; u < units.length; u++) {
            units[u] = new Object[]{pick(random), pick(random)};
        }
        AlphaBootstrap.Interval nominal = retained(null, units).bootstrapAlpha(200, 0.9, 3);
        AlphaBootstrap.Interval nominalMatrix = retained(NOMINAL, units).bootstrapAlpha(200, 0.9, 3);
        AlphaBootstrap.Interval halfWay = retained(SLIP_HALF_WAY, units).bootstrapAlpha(200, 0.9, 3);
        assertThat(nominalMatrix.lower()).isEqualTo(nominal.lower());
        assertThat(nominalMatrix.upper()).isEqualTo(nominal.upper());
        assertThat(halfWay.lower()).isNotEqualTo(nominal.lower());
    }

    private static CodedAgreement retained(double[][] distances, Object[][] units) {
        CodedAgreement agreement = (distances == null ? CodedAgreement.of(Level.NOMINAL, 2, OUTCOMES)
                : CodedAgreement.of(Level.NOMINAL, 2, OUTCOMES, distances)).retainingUnits();
        for (Object[] unit : units) {
            agreement.addUnit(unit);
        }
        return agreement;
    }

    @Test
    void badMatricesAreRejected() {
        assertThatThrownBy(() -> CodedAgreement.of(Level.NOMINAL, 2, OUTCOMES, new double[][]{{0, 1}, {1, 0}}))
                .hasMessage("distances must be a 3 × 3 matrix, one row per category, got 2 rows");
        assertThatThrownBy(() -> CodedAgreement.of(Level.NOMINAL, 2, OUTCOMES,
                new double[][]{{0, 1, 1}, {1, 0}, {1, 1, 0}}))
                .hasMessage("distances[1] must have 3 entries, one per category, got 2");
        assertThatThrownBy(() -> CodedAgreement.of(Level.NOMINAL, 2, OUTCOMES,
                new double[][]{{0, 1, 1}, {0.5, 0, 1}, {1, 1, 0}}))
                .hasMessage("distances[0][1] is 1.0 but distances[1][0] is 0.5; the matrix must be symmetric");
        assertThatThrownBy(() -> CodedAgreement.of(Level.NOMINAL, 2, OUTCOMES,
                new double[][]{{0, 1, 1}, {1, 0.5, 1}, {1, 1, 0}}))
                .hasMessage("distances[1][1] must be 0 (a category does not differ from itself), got 0.5");
        assertThatThrownBy(() -> CodedAgreement.of(Level.NOMINAL, 2, OUTCOMES,
                new double[][]{{0, -1, 1}, {-1, 0, 1}, {1, 1, 0}}))
                .hasMessage("distances[0][1] must be a finite number ≥ 0, got -1.0");
        assertThatThrownBy(() -> CodedAgreement.of(Level.NOMINAL, 2, OUTCOMES,
                new double[][]{{0, Double.POSITIVE_INFINITY, 1}, {1, 0, 1}, {1, 1, 0}}))
                .hasMessage("distances[0][1] must be a finite number ≥ 0, got Infinity");
        assertThatThrownBy(() -> CodedAgreement.of(Level.NOMINAL, 2, null, NOMINAL))
                .hasMessage("distances need the declared 'categories' list that gives their order");
        assertThatThrownBy(() -> CodedAgreement.of(Level.ORDINAL, 2, OUTCOMES, NOMINAL))
                .hasMessage("distances replace the metric of the nominal level; with distances the level must be "
                        + "nominal, not ordinal");
    }

    private static String pick(SplittableRandom random) {
        return OUTCOMES.get(random.nextInt(OUTCOMES.size()));
    }
}
