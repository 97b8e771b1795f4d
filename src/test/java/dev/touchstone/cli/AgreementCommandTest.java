package dev.touchstone.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The command in-process: temp files in, exit code, stdout and stderr out. */
class AgreementCommandTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Krippendorff (2011) four observers, twelve units, missing data. */
    private static final String FOUR_OBSERVERS = """
            {"kind": "coded", "level": "%s", "coders": ["A", "B", "C", "D"],
             "units": [[1, 1, null, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4],
                       [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [null, 5, 5, 5], [null, null, 1, 1],
                       [null, 3, null, null]]}
            """;

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        JsonNode json() {
            return JSON.readTree(out);
        }
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AgreementCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run runOn(String content) throws IOException {
        Path file = Files.writeString(dir.resolve("input.json"), content);
        return run(file.toString());
    }

    private void assertFails(Run run, String message) {
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("agreement: ").contains(message).endsWith("\n");
        assertThat(run.err().strip()).doesNotContain("\n");
    }

    @ParameterizedTest
    @CsvSource({"nominal, 0.7434210526315789", "ordinal, 0.8153875037548813", "interval, 0.8491071428571428",
            "ratio, 0.797402774711612"})
    void codedWithManyCoders(String level, double alpha) throws IOException {
        Run run = runOn(FOUR_OBSERVERS.formatted(level));

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out().strip()).doesNotContain("\n");
        JsonNode json = run.json();
        assertThat(json.get("kind").stringValue()).isEqualTo("coded");
        assertThat(json.get("level").stringValue()).isEqualTo(level);
        assertThat(json.get("coders").intValue()).isEqualTo(4);
        assertThat(json.get("units").longValue()).isEqualTo(12);
        assertThat(json.get("values").longValue()).isEqualTo(41);
        assertThat(json.get("pairableUnits").longValue()).isEqualTo(11);
        assertThat(json.get("pairableValues").longValue()).isEqualTo(40);
        assertThat(json.get("categories").toString()).isEqualTo("[1,2,3,4,5]");
        assertThat(json.get("krippendorffAlpha").doubleValue()).isCloseTo(alpha, within(1e-12));
        assertThat(json.get("percentAgreement").doubleValue()).isBetween(0.0, 1.0);
        // Units carry 1 to 4 values: Fleiss' kappa does not apply, nor do the two-coder coefficients.
        assertThat(json.has("fleissKappa")).isFalse();
        assertThat(json.has("cohenKappa")).isFalse();
        assertThat(json.has("scottsPi")).isFalse();
        assertThat(json.has("weightedKappaLinear")).isFalse();
        assertThat(json.has("notes")).isFalse();
    }

    @Test
    void codedWithTwoCodersAndDeclaredCategories() throws IOException {
        Run run = runOn("""
                {"kind": "coded", "level": "ordinal", "categories": ["bad", "poor", "ok", "good", "great"],
                 "coders": ["ann", "bob"],
                 "units": [["bad", "poor"], ["ok", "ok"], ["great", "good"], ["good", "good"], ["poor", "bad"],
                           ["ok", "great"], ["bad", "bad"]]}
                """);

        assertThat(run.exit()).isZero();
        JsonNode json = run.json();
        assertThat(json.get("categories").toString()).isEqualTo("[\"bad\",\"poor\",\"ok\",\"good\",\"great\"]");
        assertThat(json.get("fleissKappa").isNumber()).isTrue();
        assertThat(json.get("twoCoderUnits").longValue()).isEqualTo(7);
        for (String key : new String[]{"cohenKappa", "scottsPi", "weightedKappaLinear", "weightedKappaQuadratic"}) {
            assertThat(json.get(key).isNumber()).as(key).isTrue();
        }
        assertThat(json.get("percentAgreement").doubleValue()).isCloseTo(3.0 / 7, within(1e-12));
        assertThat(json.get("weightedKappaQuadratic").doubleValue())
                .isGreaterThan(json.get("cohenKappa").doubleValue());
    }

    @Test
    void numbersCompareByValueAndDecimalsSurvive() throws IOException {
        Run run = runOn("""
                {"kind": "coded", "level": "interval", "coders": ["a", "b"],
                 "units": [[1, 1.0], [2.5, 2.50], [10, 10], [0.1, 0.2]]}
                """);
        assertThat(run.exit()).isZero();
        assertThat(run.json().get("categories").toString()).isEqualTo("[0.1,0.2,1,2.5,10]");
        assertThat(run.json().get("percentAgreement").doubleValue()).isEqualTo(0.75);
    }

    @Test
    void codedWithDistances() throws IOException {
        // CodedAgreementDistancesTest.slipHalfWayBetweenSuccessAndFail: 50/83 with slip half-way (δ² 0.25 from
        // success and from fail, 1 between them); 14/47 nominal.
        String units = """
                 "coders": ["a", "b"],
                 "units": [["success", "success"], ["success", "slip"], ["fail", "fail"], ["slip", "fail"],
                           ["success", "slip"], ["slip", "slip"]]}
                """;
        Run run = runOn("""
                {"kind": "coded", "level": "nominal", "categories": ["success", "slip", "fail"],
                 "distances": [[0, 0.25, 1], [0.25, 0, 0.25], [1, 0.25, 0]],
                """ + units);
        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
        JsonNode json = run.json();
        assertThat(json.get("krippendorffAlpha").doubleValue()).isCloseTo(50.0 / 83, within(1e-12));
        assertThat(json.get("distances").toString()).isEqualTo("[[0.0,0.25,1.0],[0.25,0.0,0.25],[1.0,0.25,0.0]]");
        Run nominal = runOn("""
                {"kind": "coded", "level": "nominal", "categories": ["success", "slip", "fail"],
                """ + units);
        assertThat(nominal.json().get("krippendorffAlpha").doubleValue()).isCloseTo(14.0 / 47, within(1e-12));
        assertThat(nominal.json().has("distances")).isFalse();
        assertThat(json.get("percentAgreement").doubleValue())
                .isEqualTo(nominal.json().get("percentAgreement").doubleValue());
    }

    @Test
    void undefinedCoefficientsAreNullWithANote() throws IOException {
        Run run = runOn("""
                {"kind": "coded", "level": "nominal", "coders": ["a", "b"], "units": [["x", "x"], ["x", "x"]]}
                """);
        assertThat(run.exit()).isZero();
        JsonNode json = run.json();
        assertThat(json.get("krippendorffAlpha").isNull()).isTrue();
        assertThat(json.get("percentAgreement").doubleValue()).isEqualTo(1.0);
        assertThat(json.get("notes").toString()).contains("krippendorffAlpha is undefined");
    }

    @Test
    void bootstrapIntervalOnRequest() throws IOException {
        String input = FOUR_OBSERVERS.formatted("interval").strip();
        input = input.substring(0, input.length() - 1)
                + ", \"bootstrap\": {\"samples\": 500, \"confidence\": 0.9, \"seed\": 7}}";
        Run first = runOn(input);
        Run second = runOn(input);

        assertThat(first.exit()).isZero();
        JsonNode interval = first.json().get("krippendorffAlphaInterval");
        assertThat(interval.get("confidence").doubleValue()).isEqualTo(0.9);
        assertThat(interval.get("samples").intValue()).isEqualTo(500);
        assertThat(interval.get("seed").longValue()).isEqualTo(7);
        assertThat(interval.get("lower").doubleValue()).isLessThan(first.json().get("krippendorffAlpha").doubleValue());
        assertThat(interval.get("upper").doubleValue()).isLessThanOrEqualTo(1.0);
        assertThat(second.out()).isEqualTo(first.out());
    }

    @Test
    void usageAndFileProblems() {
        assertFails(run(), "usage: agreement FILE.json");
        assertFails(run("a.json", "b.json"), "usage: agreement FILE.json");
        assertFails(run(dir.resolve("missing.json").toString()), "no such file");
        assertFails(run(dir.toString()), "cannot read");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            not json at all                                                                    | is not valid JSON at line 1
            {"kind": "coded",                                                                  | is not valid JSON
            {"kind": "coded"} trailing                                                         | is not valid JSON
            {"kind": "coded", "kind": "coded"}                                                 | is not valid JSON
            ''                                                                                 | is empty
            [1, 2]                                                                             | must hold a JSON object, not an array
            {"level": "nominal"}                                                               | field 'kind' is required
            {"kind": 3}                                                                        | field 'kind' is required and must be a string
            {"kind": "polygons"}                                                               | unknown kind 'polygons'
            {"kind": "coded", "coders": ["a", "b"], "units": []}                               | field 'level' is required
            {"kind": "coded", "level": "cardinal", "coders": ["a", "b"], "units": []}          | unknown level 'cardinal'
            {"kind": "coded", "level": 1, "coders": ["a", "b"], "units": []}                   | field 'level' must be a string
            {"kind": "coded", "level": "nominal", "units": []}                                 | field 'coders' is required
            {"kind": "coded", "level": "nominal", "coders": "a,b", "units": []}                | field 'coders' must be an array
            {"kind": "coded", "level": "nominal", "coders": ["a"], "units": []}                | needs at least two coders
            {"kind": "coded", "level": "nominal", "coders": ["a", 2], "units": []}             | coders[1] must be a string
            {"kind": "coded", "level": "nominal", "coders": ["a", "a"], "units": []}           | coders[1] repeats coder 'a'
            {"kind": "coded", "level": "nominal", "coders": ["a", "b"]}                        | field 'units' is required
            {"kind": "coded", "level": "nominal", "coders": ["a", "b"], "units": {}}           | field 'units' must be an array
            {"kind": "coded", "level": "nominal", "coders": ["a", "b"], "units": [1]}          | units[0] must be an array
            {"kind": "coded", "level": "nominal", "coders": ["a", "b"], "units": [[1]]}        | units[0] has 1 values, expected one per coder (2)
            {"kind": "coded", "level": "nominal", "coders": ["a", "b"], "units": [[1, true]]}  | units[0][1] must be a string, a number or null, not a boolean
            {"kind": "coded", "level": "nominal", "coders": ["a", "b"], "units": [[1, [2]]]}   | units[0][1] must be a string, a number or null, not an array
            {"kind": "coded", "level": "nominal", "coders": ["a", "b"], "units": [[{}, 1]]}    | units[0][0] must be a string, a number or null, not an object
            {"kind": "coded", "level": "nominal", "categories": ["x", "y"], "coders": ["a", "b"], "units": [["x", "z"]]} | units[0][1] is "z", which is not one of the declared categories
            {"kind": "coded", "level": "nominal", "categories": "x", "coders": ["a", "b"], "units": []}               | field 'categories' must be an array
            {"kind": "coded", "level": "nominal", "categories": ["x", "x"], "coders": ["a", "b"], "units": []}        | categories[1] repeats "x"
            {"kind": "coded", "level": "nominal", "categories": [], "coders": ["a", "b"], "units": []}                | categories, when given, must not be empty
            {"kind": "coded", "level": "interval", "coders": ["a", "b"], "units": [[1, "high"]]}                      | units[0][1] is the string "high", but the interval level needs numbers
            {"kind": "coded", "level": "interval", "categories": ["x"], "coders": ["a", "b"], "units": []}            | categories[0] is the string "x", but the interval level needs numbers
            {"kind": "coded", "level": "ratio", "coders": ["a", "b"], "units": [[1, -2]]}                             | units[0][1] is -2, but ratio values must not be negative
            {"kind": "coded", "level": "interval", "coders": ["a", "b"], "units": [[1, 1e400]]}                       | units[0][1] is 10000000000000000000..., too large for the interval level
            {"kind": "coded", "level": "ordinal", "coders": ["a", "b"], "units": [["low", "high"]]}                   | need a declared 'categories' list
            {"kind": "coded", "level": "nominal", "coders": ["a", "b"], "units": [], "categores": []}                 | unknown field 'categores'
            {"kind": "coded", "level": "nominal", "coders": ["a", "b"], "units": [], "distances": [[0, 1], [1, 0]]}   | distances need the declared 'categories' list that gives their order
            {"kind": "coded", "level": "ordinal", "categories": ["x", "y"], "coders": ["a", "b"], "units": [], "distances": [[0, 1], [1, 0]]} | with distances the level must be nominal, not ordinal
            {"kind": "coded", "level": "nominal", "categories": ["x", "y"], "coders": ["a", "b"], "units": [], "distances": "0,1"}            | field 'distances' must be a square matrix (an array of rows of numbers), not a string
            {"kind": "coded", "level": "nominal", "categories": ["x", "y"], "coders": ["a", "b"], "units": [], "distances": [0, 1]}           | distances[0] must be a row (an array of numbers), not a number
            {"kind": "coded", "level": "nominal", "categories": ["x", "y"], "coders": ["a", "b"], "units": [], "distances": [[0, "1"], [1, 0]]} | distances[0][1] must be a number, not a string
            {"kind": "coded", "level": "nominal", "categories": ["x", "y"], "coders": ["a", "b"], "units": [], "distances": [[0, 1]]}         | distances must be a 2 × 2 matrix, one row per category, got 1 rows
            {"kind": "coded", "level": "nominal", "categories": ["x", "y"], "coders": ["a", "b"], "units": [], "distances": [[0, 1], [1]]}    | distances[1] must have 2 entries, one per category, got 1
            {"kind": "coded", "level": "nominal", "categories": ["x", "y"], "coders": ["a", "b"], "units": [], "distances": [[0, 1], [2, 0]]} | distances[0][1] is 1.0 but distances[1][0] is 2.0; the matrix must be symmetric
            {"kind": "coded", "level": "nominal", "categories": ["x", "y"], "coders": ["a", "b"], "units": [], "distances": [[1, 1], [1, 0]]} | distances[0][0] must be 0 (a category does not differ from itself), got 1.0
            {"kind": "coded", "level": "nominal", "categories": ["x", "y"], "coders": ["a", "b"], "units": [], "distances": [[0, -1], [-1, 0]]} | distances[0][1] must be a finite number ≥ 0, got -1.0
            {"kind": "coded", "level": "nominal", "categories": ["x", "y"], "coders": ["a", "b"], "units": [], "distances": [[0, 1e400], [1e400, 0]]} | distances[0][1] must be a finite number ≥ 0, got Infinity
            {"kind": "coded", "level": "nominal", "coders": ["a", "b"], "units": [], "bootstrap": 100}                | field 'bootstrap' must be an object
            {"kind": "coded", "level": "nominal", "coders": ["a", "b"], "units": [], "bootstrap": {"samples": 0}}     | bootstrap.samples must be a whole number from 1 to 100000
            {"kind": "coded", "level": "nominal", "coders": ["a", "b"], "units": [], "bootstrap": {"confidence": 95}} | bootstrap.confidence must be a number between 0 and 1
            {"kind": "coded", "level": "nominal", "coders": ["a", "b"], "units": [], "bootstrap": {"seed": "x"}}      | bootstrap.seed must be a whole number
            {"kind": "coded", "level": "nominal", "coders": ["a", "b"], "units": [], "bootstrap": {"size": 5}}        | unknown field 'bootstrap.size'
            """)
    void malformedInputIsAClearErrorWithExitTwo(String content, String message) throws IOException {
        assertFails(runOn(content), message);
    }

    @Test
    void emptyUnitsAreAnswerNotError() throws IOException {
        Run run = runOn("{\"kind\": \"coded\", \"level\": \"nominal\", \"coders\": [\"a\", \"b\"], \"units\": []}");
        assertThat(run.exit()).isZero();
        assertThat(run.json().get("units").longValue()).isZero();
        assertThat(run.json().get("krippendorffAlpha").isNull()).isTrue();
    }
}
