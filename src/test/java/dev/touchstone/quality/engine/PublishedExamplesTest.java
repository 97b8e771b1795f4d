package dev.touchstone.quality.engine;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Worked examples from the literature. Each expected value is the exact rational number the published data imply
 * (checked to 1e-9), and the number the source prints, to the decimals it prints. Where the data were taken from a
 * secondary transcription rather than the original page, the test says so.
 */
class PublishedExamplesTest {

    private static final double EXACT = 1e-9;

    static void assertExact(double actual, Fraction expected) {
        assertThat(actual).isCloseTo(expected.doubleValue(), within(EXACT));
    }

    static void assertPrinted(double actual, String printed) {
        BigDecimal rounded = BigDecimal.valueOf(actual).setScale(new BigDecimal(printed).scale(), RoundingMode.HALF_UP);
        assertThat(rounded).isEqualByComparingTo(printed);
    }

    static CodedAgreement coded(Level level, int coders, List<?> categories, Object[][] units) {
        CodedAgreement agreement = CodedAgreement.of(level, coders, categories);
        for (Object[] unit : units) {
            agreement.addUnit(unit);
        }
        return agreement;
    }

    /** Two coders, rows = first coder, columns = second coder, cells = number of units. */
    static CodedAgreement twoCoderTable(List<?> categories, long[][] table) {
        CodedAgreement agreement = CodedAgreement.of(Level.NOMINAL, 2, categories);
        for (int a = 0; a < table.length; a++) {
            for (int b = 0; b < table.length; b++) {
                for (long i = 0; i < table[a][b]; i++) {
                    agreement.addUnit(categories.get(a), categories.get(b));
                }
            }
        }
        return agreement;
    }

    static Object[][] byCoder(Object[]... rows) {
        Object[][] units = new Object[rows[0].length][rows.length];
        for (int coder = 0; coder < rows.length; coder++) {
            for (int unit = 0; unit < rows[coder].length; unit++) {
                units[unit][coder] = rows[coder][unit];
            }
        }
        return units;
    }

    /**
     * Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for Communication,
     * University of Pennsylvania, Departmental Papers (ASC) 43, version of 2011-01-25.
     */
    @Nested
    class Krippendorff2011 {

        /** Section A, p. 2: binary data, two observers, no missing data. Printed: alpha = 0.095. */
        @Test
        void binaryTwoObservers() {
            CodedAgreementResult result = coded(Level.NOMINAL, 2, null, byCoder(
                    new Object[]{0, 1, 0, 0, 0, 0, 0, 0, 1, 0},
                    new Object[]{1, 1, 1, 0, 0, 1, 0, 0, 0, 0})).result();

            // The coincidence matrix printed on p. 2: o00 = 10, o01 = o10 = 4, o11 = 2; n0 = 14, n1 = 6, n = 20.
            Fraction exact = ExactAlpha.alpha(new long[]{0, 1},
                    new Fraction[][]{{Fraction.of(10), Fraction.of(4)}, {Fraction.of(4), Fraction.of(2)}},
                    Level.NOMINAL);
            assertThat(exact).isEqualTo(Fraction.of(2, 21));
            assertExact(result.krippendorffAlpha(), exact);
            assertPrinted(result.krippendorffAlpha(), "0.095");
            assertThat(result.pairableValues()).isEqualTo(20);
            assertExact(result.percentAgreement(), Fraction.of(6, 10));
        }

        /** Section B, p. 3: nominal data (values a to e), two observers, no missing data. Printed: 0.692. */
        @Test
        void nominalTwoObservers() {
            CodedAgreementResult result = coded(Level.NOMINAL, 2, null, byCoder(
                    new Object[]{"a", "a", "b", "b", "d", "c", "c", "c", "e", "d", "d", "a"},
                    new Object[]{"b", "a", "b", "b", "b", "c", "c", "c", "e", "d", "d", "d"})).result();

            // o_aa = 2, o_ab = o_ba = 1, o_ad = o_da = 1, o_bb = 4, o_bd = o_db = 1, o_cc = 6, o_dd = 4, o_ee = 2
            Fraction[][] o = new Fraction[5][5];
            for (Fraction[] row : o) {
                Arrays.fill(row, Fraction.ZERO);
            }
            o[0][0] = Fraction.of(2);
            o[0][1] = o[1][0] = Fraction.ONE;
            o[0][3] = o[3][0] = Fraction.ONE;
            o[1][1] = Fraction.of(4);
            o[1][3] = o[3][1] = Fraction.ONE;
            o[2][2] = Fraction.of(6);
            o[3][3] = Fraction.of(4);
            o[4][4] = Fraction.of(2);
            Fraction exact = ExactAlpha.alpha(new long[]{1, 2, 3, 4, 5}, o, Level.NOMINAL);
            assertThat(exact).isEqualTo(Fraction.of(155, 224));
            assertExact(result.krippendorffAlpha(), exact);
            assertPrinted(result.krippendorffAlpha(), "0.692");
        }

        /**
         * Sections C and D, pp. 4-7: four observers, twelve units, missing data. The same reliability data also
         * appear in Krippendorff (2004), Content Analysis, 2nd ed., with pictograms instead of numbers. Printed:
         * nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797.
         */
        private static final Object[][] FOUR_OBSERVERS = byCoder(
                new Object[]{1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null},
                new Object[]{1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3},
                new Object[]{null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null},
                new Object[]{1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null});

        /** The coincidence matrix printed on p. 4, values 1..5 (n = 40). */
        private static final Fraction[][] PUBLISHED_COINCIDENCES = {
                {Fraction.of(7), Fraction.of(4, 3), Fraction.of(1, 3), Fraction.of(1, 3), Fraction.ZERO},
                {Fraction.of(4, 3), Fraction.of(10), Fraction.of(4, 3), Fraction.of(1, 3), Fraction.ZERO},
                {Fraction.of(1, 3), Fraction.of(4, 3), Fraction.of(8), Fraction.of(1, 3), Fraction.ZERO},
                {Fraction.of(1, 3), Fraction.of(1, 3), Fraction.of(1, 3), Fraction.of(4), Fraction.ZERO},
                {Fraction.ZERO, Fraction.ZERO, Fraction.ZERO, Fraction.ZERO, Fraction.of(3)}};
        private static final long[] VALUES = {1, 2, 3, 4, 5};

        @Test
        void coincidenceMatrixIsThePublishedOne() {
            CodedAgreement agreement = coded(Level.NOMINAL, 4, List.of(1, 2, 3, 4, 5), FOUR_OBSERVERS);
            double[][] o = agreement.accumulator().coincidenceMatrix();
            for (int c = 0; c < 5; c++) {
                for (int k = 0; k < 5; k++) {
                    assertThat(o[c][k]).as("o[%d][%d]", c + 1, k + 1)
                            .isCloseTo(PUBLISHED_COINCIDENCES[c][k].doubleValue(), within(1e-12));
                }
            }
            assertThat(agreement.accumulator().marginals()).containsExactly(9, 13, 10, 5, 3);
            CodedAgreementResult result = agreement.result();
            assertThat(result.units()).isEqualTo(12);
            assertThat(result.pairableUnits()).isEqualTo(11); // unit 12 has a single value
            assertThat(result.pairableValues()).isEqualTo(40);
            assertThat(result.values()).isEqualTo(41);
        }

        @Test
        void nominal() {
            assertLevel(Level.NOMINAL, Fraction.of(113, 152), "0.743");
        }

        @Test
        void ordinal() {
            assertLevel(Level.ORDINAL, Fraction.of(108577, 133160), "0.815");
        }

        @Test
        void interval() {
            assertLevel(Level.INTERVAL, Fraction.of(951, 1120), "0.849");
        }

        @Test
        void ratio() {
            assertLevel(Level.RATIO, Fraction.of(18222619, 22852465), "0.797");
        }

        private void assertLevel(Level level, Fraction expected, String printed) {
            Fraction exact = ExactAlpha.alpha(VALUES, PUBLISHED_COINCIDENCES, level);
            assertThat(exact).isEqualTo(expected);
            double alpha = coded(level, 4, null, FOUR_OBSERVERS).result().krippendorffAlpha();
            assertExact(alpha, exact);
            assertPrinted(alpha, printed);
        }
    }

    /**
     * Krippendorff, K. (2004). Content Analysis: An Introduction to Its Methodology, 2nd ed., Sage, p. 227: two
     * coders, values a, b, c, twelve units. Transcribed from the DKPro Agreement test suite (Krippendorff2004Test),
     * which cites that page; the book itself was not at hand. Printed there: alpha = 0.734, percent agreement 0.833.
     */
    @Test
    void krippendorff2004TwoCodersThreeValues() {
        CodedAgreementResult result = coded(Level.NOMINAL, 2, null, new Object[][]{
                {"a", "a"}, {"a", "b"}, {"b", "b"}, {"b", "b"}, {"b", "b"}, {"b", "b"},
                {"b", "c"}, {"c", "c"}, {"c", "c"}, {"c", "c"}, {"c", "c"}, {"c", "c"}}).result();
        assertExact(result.krippendorffAlpha(), Fraction.of(127, 173));
        assertPrinted(result.krippendorffAlpha(), "0.734");
        assertExact(result.percentAgreement(), Fraction.of(10, 12));
        assertPrinted(result.percentAgreement(), "0.833");
    }

    /**
     * Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological Bulletin 76(5),
     * 378-382, Table 1 (p. 379): 30 patients, 6 psychiatrists each (not the same six), five diagnoses. Printed:
     * P-bar = .556, category proportions p_j = .144, .144, .167, .306, .239 and kappa = .430. Fleiss computed the
     * chance agreement from the rounded p_j (.2201); from the exact p_j it is 3563/16200 = .21994, and kappa is
     * 5437/12637 = .43024, still .430.
     */
    @Nested
    class Fleiss1971 {

        /** Number of psychiatrists per patient and diagnosis: depression, personality disorder, schizophrenia,
         * neurosis, other. */
        private static final int[][] TABLE_1 = {
                {0, 0, 0, 6, 0}, {0, 3, 0, 0, 3}, {0, 1, 4, 0, 1}, {0, 0, 0, 0, 6}, {0, 3, 0, 3, 0},
                {2, 0, 4, 0, 0}, {0, 0, 4, 0, 2}, {2, 0, 3, 1, 0}, {2, 0, 0, 4, 0}, {0, 0, 0, 0, 6},
                {1, 0, 0, 5, 0}, {1, 1, 0, 4, 0}, {0, 3, 3, 0, 0}, {1, 0, 0, 5, 0}, {0, 2, 0, 3, 1},
                {0, 0, 5, 0, 1}, {3, 0, 0, 1, 2}, {5, 1, 0, 0, 0}, {0, 2, 0, 4, 0}, {1, 0, 2, 0, 3},
                {0, 0, 0, 0, 6}, {0, 1, 0, 5, 0}, {0, 2, 0, 1, 3}, {2, 0, 0, 4, 0}, {1, 0, 0, 4, 1},
                {0, 5, 0, 1, 0}, {4, 0, 0, 0, 2}, {0, 2, 0, 4, 0}, {1, 0, 5, 0, 0}, {0, 0, 0, 0, 6}};
        private static final List<String> DIAGNOSES = List.of("depression", "personality disorder", "schizophrenia",
                "neurosis", "other");

        private CodedAgreement agreement() {
            CodedAgreement agreement = CodedAgreement.of(Level.NOMINAL, 6, DIAGNOSES);
            for (int[] counts : TABLE_1) {
                List<Object> unit = new ArrayList<>();
                for (int category = 0; category < counts.length; category++) {
                    for (int i = 0; i < counts[category]; i++) {
                        unit.add(DIAGNOSES.get(category));
                    }
                }
                agreement.addUnit(unit);
            }
            return agreement;
        }

        @Test
        void kappa() {
            CodedAgreementResult result = agreement().result();
            assertThat(result.fleissKappa()).isPresent();
            assertExact(result.fleissKappa().getAsDouble(), Fraction.of(5437, 12637));
            assertPrinted(result.fleissKappa().getAsDouble(), "0.430");
            // P-bar: with equal numbers of ratings, the mean agreement per subject is the pooled pair agreement.
            assertExact(result.percentAgreement(), Fraction.of(5, 9));
            assertPrinted(result.percentAgreement(), "0.556");
        }

        @Test
        void categoryProportions() {
            long[] marginals = agreement().accumulator().marginals();
            String[] printed = {"0.144", "0.144", "0.167", "0.306", "0.239"};
            for (int j = 0; j < 5; j++) {
                assertPrinted(marginals[j] / 180.0, printed[j]);
            }
        }

        @Test
        void alphaIsKappaCorrectedForSampleSize() {
            CodedAgreementResult result = agreement().result();
            // 1 - alpha = (1 - kappa) (nN - 1) / nN with nN = 180 values
            assertExact(result.krippendorffAlpha(), Fraction.of(5477, 12637));
        }
    }

    /**
     * Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and Psychological Measurement
     * 20(1), 37-46. Tables transcribed from the DKPro Agreement test suite (Cohen1960Test), which cites pp. 37 and
     * 45; they reproduce the proportions Cohen prints (p_o = .29 and p_c = .35; p_o = .70, p_c = .41, kappa = .49).
     */
    @Nested
    class Cohen1960 {

        private static final List<String> CATEGORIES = List.of("1", "2", "3");

        @Test
        void worked200SubjectExample() {
            TwoCoderAgreement two = twoCoderTable(CATEGORIES, new long[][]{
                    {88, 14, 18}, {10, 40, 10}, {2, 6, 12}}).result().twoCoders().orElseThrow();
            assertThat(two.units()).isEqualTo(200);
            // p_o = 140/200 = .70, p_c = 8200/20000 = .41, kappa = (.70 - .41) / (1 - .41) = 29/59
            assertExact(two.cohenKappa(), Fraction.of(29, 59));
            assertPrinted(two.cohenKappa(), "0.49");
        }

        @Test
        void agreementBelowChance() {
            CodedAgreementResult result = twoCoderTable(CATEGORIES, new long[][]{
                    {25, 12, 3}, {13, 2, 15}, {12, 16, 2}}).result();
            assertExact(result.percentAgreement(), Fraction.of(29, 100));
            // p_c = .35, kappa = (.29 - .35) / .65
            assertExact(result.twoCoders().orElseThrow().cohenKappa(), Fraction.of(-6, 65));
        }
    }

    /**
     * Artstein, R. and Poesio, M. (2008). Inter-coder agreement for computational linguistics. Computational
     * Linguistics 34(4), 555-596: the two-coder tables of section 2 (p. 558 and p. 568; dialogue act tags Statement,
     * Info-request, Check). Tables and values transcribed from the DKPro Agreement test suite
     * (ArtsteinPoesio2008Test), which cites those pages; the article's pages were not at hand. Quoted for the first:
     * A_o = 0.7, pi = 0.341 (A_e 0.545), kappa = 0.348 (A_e 0.54); for the second: A_o = 0.88, pi = 0.7995, kappa =
     * 0.8013, alpha = 0.800 within 0.001. The exact alpha is 2396/2993 = 0.80053, which rounds to 0.801 at three
     * decimals, so only the two-decimal 0.80 is asserted as printed.
     */
    @Nested
    class ArtsteinPoesio2008 {

        @Test
        void twoCategories() {
            CodedAgreementResult result = twoCoderTable(List.of("Stat", "IReq"), new long[][]{
                    {20, 10}, {20, 50}}).result();
            TwoCoderAgreement two = result.twoCoders().orElseThrow();
            assertExact(result.percentAgreement(), Fraction.of(7, 10));
            assertExact(two.scottsPi(), Fraction.of(31, 91));
            assertPrinted(two.scottsPi(), "0.341");
            assertExact(two.cohenKappa(), Fraction.of(8, 23));
            assertPrinted(two.cohenKappa(), "0.348");
        }

        @Test
        void threeCategories() {
            CodedAgreementResult result = twoCoderTable(List.of("Stat", "IReq", "Chck"), new long[][]{
                    {46, 0, 0}, {6, 32, 6}, {0, 0, 10}}).result();
            TwoCoderAgreement two = result.twoCoders().orElseThrow();
            assertExact(result.percentAgreement(), Fraction.of(88, 100));
            assertExact(two.scottsPi(), Fraction.of(2393, 2993));
            assertPrinted(two.scottsPi(), "0.7995");
            assertExact(two.cohenKappa(), Fraction.of(121, 151));
            assertPrinted(two.cohenKappa(), "0.8013");
            assertExact(result.krippendorffAlpha(), Fraction.of(2396, 2993));
            assertPrinted(result.krippendorffAlpha(), "0.80");
        }
    }

    /**
     * Zwick, R. (1988). Another look at interrater agreement. Psychological Bulletin 103(3), 374-378, p. 376: three
     * 4x4 tables with the same observed agreement (.60) whose marginals are equal, differently shaped, and unequal.
     * Transcribed from the DKPro Agreement test suite (Zwick1988Test); the paper was not at hand. Values quoted
     * there: pi = kappa = .467; pi = kappa = .444; pi = .460, kappa = .474 (the exact pi of the third table is
     * 17/37 = .4595).
     */
    @Nested
    class Zwick1988 {

        private static final List<String> CATEGORIES = List.of("A", "B", "C", "D");

        @Test
        void equalMarginals() {
            assertTable(new long[][]{{20, 0, 0, 5}, {0, 10, 15, 0}, {0, 15, 10, 0}, {5, 0, 0, 20}},
                    Fraction.of(7, 15), Fraction.of(7, 15));
        }

        @Test
        void equalButDifferentlyShapedMarginals() {
            assertTable(new long[][]{{20, 10, 10, 0}, {10, 10, 0, 0}, {10, 0, 10, 0}, {0, 0, 0, 20}},
                    Fraction.of(4, 9), Fraction.of(4, 9));
        }

        @Test
        void unequalMarginals() {
            assertTable(new long[][]{{20, 5, 5, 10}, {0, 10, 5, 5}, {0, 5, 10, 5}, {0, 0, 0, 20}},
                    Fraction.of(17, 37), Fraction.of(9, 19));
        }

        private void assertTable(long[][] table, Fraction pi, Fraction kappa) {
            CodedAgreementResult result = twoCoderTable(CATEGORIES, table).result();
            TwoCoderAgreement two = result.twoCoders().orElseThrow();
            assertExact(result.percentAgreement(), Fraction.of(3, 5));
            assertExact(two.scottsPi(), pi);
            assertExact(two.cohenKappa(), kappa);
            assertPrinted(two.scottsPi(), "0." + BigDecimal.valueOf(pi.doubleValue()).setScale(2, RoundingMode.HALF_UP)
                    .toPlainString().substring(2));
        }
    }

    /**
     * Altman, D. G. (1991). Practical Statistics for Medical Research, Chapman and Hall, section 14.3. Table 14.2:
     * two radiologists classify 85 xeromammograms (Boyd et al. 1982) as normal, benign, suspected cancer, cancer;
     * printed kappa = 0.47 and linearly weighted kappa (w = 1 - |i - j| / (g - 1)) = 0.57. Table 14.3: MAST and RAST
     * allergy tests on 363 sera in five ordered classes; printed kappa = 0.32 and weighted kappa = 0.56. Stata's
     * kappaetc on the same Table 14.2 (webuse rate2) reports percent agreement 0.6353, kappa 0.4728, Scott's pi
     * 0.4605 and Krippendorff's alpha 0.4637.
     */
    @Nested
    class Altman1991 {

        @Test
        void xeromammograms() {
            CodedAgreementResult result = twoCoderTable(List.of("normal", "benign", "suspected cancer", "cancer"),
                    new long[][]{{21, 12, 0, 0}, {4, 17, 1, 0}, {3, 9, 15, 2}, {0, 0, 0, 1}}).result();
            TwoCoderAgreement two = result.twoCoders().orElseThrow();
            assertExact(result.percentAgreement(), Fraction.of(54, 85));
            assertPrinted(result.percentAgreement(), "0.6353");
            assertExact(two.cohenKappa(), Fraction.of(139, 294));
            assertPrinted(two.cohenKappa(), "0.4728");
            assertExact(two.weightedKappaLinear(), Fraction.of(1903, 3348));
            assertPrinted(two.weightedKappaLinear(), "0.57");
            assertExact(two.scottsPi(), Fraction.of(4499, 9769));
            assertPrinted(two.scottsPi(), "0.4605");
            assertExact(result.krippendorffAlpha(), Fraction.of(4530, 9769));
            assertPrinted(result.krippendorffAlpha(), "0.4637");
            // Quadratic weights (no printed value found; exact value from the definition)
            assertExact(two.weightedKappaQuadratic(), Fraction.of(3473, 5173));
        }

        @Test
        void mastAndRast() {
            TwoCoderAgreement two = twoCoderTable(List.of(1, 2, 3, 4, 5), new long[][]{
                    {86, 3, 14, 0, 2}, {26, 0, 10, 4, 0}, {20, 2, 22, 4, 1}, {11, 1, 37, 16, 14}, {3, 0, 15, 24, 48}})
                    .result().twoCoders().orElseThrow();
            assertThat(two.units()).isEqualTo(363);
            assertExact(two.cohenKappa(), Fraction.of(32422, 101755));
            assertPrinted(two.cohenKappa(), "0.32");
            assertExact(two.weightedKappaLinear(), Fraction.of(130192, 232921));
            assertPrinted(two.weightedKappaLinear(), "0.56");
        }
    }
}
