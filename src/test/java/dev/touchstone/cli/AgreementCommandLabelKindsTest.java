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

/** The command on the kinds phases, events, boxes2d, cuboids3d and text; the numbers are derived in the engine tests. */
class AgreementCommandLabelKindsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        JsonNode json() {
            return JSON.readTree(out);
        }
    }

    private Run runOn(String content) throws IOException {
        Path file = Files.writeString(dir.resolve("input.json"), content);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AgreementCommand.run(new String[]{file.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private JsonNode ok(String content) throws IOException {
        Run run = runOn(content);
        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.out().strip()).doesNotContain("\n");
        return run.json();
    }

    @Test
    void phases() throws IOException {
        // PhaseAgreementTest.handComputedPair: F1@10 = F1@25 = 6/7, F1@50 = 4/7, edit 75, accuracy 0.7,
        // boundary error 1 frame, alpha 205/439.
        JsonNode json = ok("""
                {"kind": "phases", "frames": 20, "fps": 30,
                 "annotations": {
                   "ref": [{"label": "A", "start": 0, "end": 5}, {"label": "B", "start": 5, "end": 12},
                           {"label": "A", "start": 12, "end": 20}],
                   "other": [{"label": "A", "start": 0, "end": 4}, {"label": "B", "start": 4, "end": 8},
                             {"label": "C", "start": 8, "end": 13}, {"label": "A", "start": 13, "end": 20}]}}
                """);
        assertThat(json.get("kind").stringValue()).isEqualTo("phases");
        assertThat(json.get("reference").stringValue()).isEqualTo("ref");
        assertThat(json.get("f1At10").doubleValue()).isCloseTo(6.0 / 7, within(1e-12));
        assertThat(json.get("f1At25").doubleValue()).isCloseTo(6.0 / 7, within(1e-12));
        assertThat(json.get("f1At50").doubleValue()).isCloseTo(4.0 / 7, within(1e-12));
        assertThat(json.get("editScore").doubleValue()).isCloseTo(75, within(1e-12));
        assertThat(json.get("frameAccuracy").doubleValue()).isCloseTo(0.7, within(1e-12));
        assertThat(json.get("boundaryErrorFrames").doubleValue()).isEqualTo(1.0);
        assertThat(json.get("boundaryErrorMs").doubleValue()).isCloseTo(1000.0 / 30, within(1e-12));
        assertThat(json.get("krippendorffAlpha").doubleValue()).isCloseTo(205.0 / 439, within(1e-12));
        assertThat(json.get("pairs").size()).isEqualTo(1);
        assertThat(json.get("pairs").get(0).get("other").stringValue()).isEqualTo("other");
        // Matched boundaries 5-4 and 12-13: 1 frame; alpha_U as the engine computes it on the same segments.
        assertThat(json.get("referenceBoundaries").intValue()).isEqualTo(2);
        assertThat(json.get("otherBoundaries").intValue()).isEqualTo(3);
        assertThat(json.get("matchedBoundaryErrorFrames").doubleValue()).isEqualTo(1.0);
        assertThat(json.get("matchedBoundaryErrorMs").doubleValue()).isCloseTo(1000.0 / 30, within(1e-12));
        assertThat(json.get("uAlpha").doubleValue()).isBetween(-1.0, 1.0);
        assertThat(json.get("uAlphaPerCategory").propertyNames()).containsExactly("A", "B", "C");
        assertThat(json.has("notes")).isFalse();
    }

    @Test
    void phasesShiftedOneAndAHalfSeconds() throws IOException {
        // PhaseAgreementTest.boundariesOneAndAHalfSecondsApartOnAThreeSecondGrasp: F1@25 = 1 but 1500 ms and
        // alpha_U = 10181041007/15474418195, grasp -203/16924.
        JsonNode json = ok("""
                {"kind": "phases", "frames": 100, "fps": 10,
                 "annotations": {
                   "a": [{"label": "reach", "start": 0, "end": 30}, {"label": "grasp", "start": 30, "end": 60},
                         {"label": "lift", "start": 60, "end": 100}],
                   "b": [{"label": "reach", "start": 0, "end": 45}, {"label": "grasp", "start": 45, "end": 75},
                         {"label": "lift", "start": 75, "end": 100}]}}
                """);
        assertThat(json.get("f1At25").doubleValue()).isEqualTo(1.0);
        assertThat(json.get("matchedBoundaryErrorMs").doubleValue()).isEqualTo(1500.0);
        assertThat(json.get("uAlpha").doubleValue()).isCloseTo(10181041007.0 / 15474418195.0, within(1e-12));
        assertThat(json.get("uAlphaPerCategory").get("grasp").doubleValue()).isCloseTo(-203.0 / 16924, within(1e-12));
    }

    @Test
    void unitizingWorkedExample() throws IOException {
        // Krippendorff (2004) p. 254, as in UnitizingAgreementTest: alpha_U(c) = 201615/276716, alpha_U(k) = 1,
        // alpha_U = 7925853267/9230432738; D_O = (13/900) / 2, D_E = (69179/1299825 + 127621/2605650) / 2.
        JsonNode json = ok("""
                {"kind": "unitizing", "begin": 150, "length": 300,
                 "units": [
                   {"offset": 225, "length": 70, "rater": "i", "category": "c"},
                   {"offset": 370, "length": 30, "rater": "i", "category": "c"},
                   {"offset": 220, "length": 80, "rater": "j", "category": "c"},
                   {"offset": 355, "length": 20, "rater": "j", "category": "c"},
                   {"offset": 400, "length": 20, "rater": "j", "category": "c"},
                   {"offset": 180, "length": 60, "rater": "i", "category": "k"},
                   {"offset": 300, "length": 50, "rater": "i", "category": "k"},
                   {"offset": 180, "length": 60, "rater": "j", "category": "k"},
                   {"offset": 300, "length": 50, "rater": "j", "category": "k"}]}
                """);
        assertThat(json.get("kind").stringValue()).isEqualTo("unitizing");
        assertThat(json.get("raters").toString()).isEqualTo("[\"i\",\"j\"]");
        assertThat(json.get("units").intValue()).isEqualTo(9);
        assertThat(json.get("uAlpha").doubleValue()).isCloseTo(7925853267.0 / 9230432738.0, within(1e-12));
        assertThat(json.get("uAlphaPerCategory").get("c").doubleValue()).isCloseTo(201615.0 / 276716, within(1e-12));
        assertThat(json.get("uAlphaPerCategory").get("k").doubleValue()).isEqualTo(1.0);
        assertThat(json.get("observedDisagreement").doubleValue()).isCloseTo(13.0 / 1800, within(1e-12));
        assertThat(json.get("expectedDisagreement").doubleValue())
                .isCloseTo((69179.0 / 1299825 + 127621.0 / 2605650) / 2, within(1e-12));
        assertThat(json.has("notes")).isFalse();
    }

    @Test
    void unitizingWithARaterWhoMarkedNothing() throws IOException {
        // UnitizingAgreementTest.aRaterWhoMarkedNothingDisagrees: -0.7. Without 'raters' b would not be counted.
        JsonNode json = ok("""
                {"kind": "unitizing", "begin": 0, "length": 10, "raters": ["a", "b"],
                 "units": [{"offset": 2, "length": 3, "rater": "a", "category": "grasp"}]}
                """);
        assertThat(json.get("uAlpha").doubleValue()).isCloseTo(-0.7, within(1e-12));
        assertThat(json.get("uAlphaPerCategory").get("grasp").doubleValue()).isCloseTo(-0.7, within(1e-12));
    }

    @Test
    void unitizingWithNoUnitIsNullNotOne() throws IOException {
        JsonNode json = ok("""
                {"kind": "unitizing", "begin": 0, "length": 10, "raters": ["a", "b"], "units": []}
                """);
        assertThat(json.get("uAlpha").isNull()).isTrue();
        assertThat(json.get("uAlphaPerCategory").isEmpty()).isTrue();
        assertThat(json.get("notes").toString()).contains("uAlpha is undefined: there is no unit, nobody marked anything");
    }

    @Test
    void unitizingNanosecondsAndUndefinedCategory() throws IOException {
        // Positions in nanoseconds (squares beyond a long) are fine; a category both raters cover with units of
        // length 1 has no expected disagreement: null, with a note, and the overall value comes from the rest.
        JsonNode json = ok("""
                {"kind": "unitizing", "begin": 0, "length": 2,
                 "units": [{"offset": 0, "length": 1, "rater": "a", "category": "x"},
                           {"offset": 1, "length": 1, "rater": "a", "category": "x"},
                           {"offset": 0, "length": 1, "rater": "b", "category": "x"},
                           {"offset": 1, "length": 1, "rater": "b", "category": "x"},
                           {"offset": 0, "length": 2, "rater": "a", "category": "y"}]}
                """);
        assertThat(json.get("uAlphaPerCategory").get("x").isNull()).isTrue();
        assertThat(json.get("uAlphaPerCategory").get("y").isNumber()).isTrue();
        assertThat(json.get("notes").get(0).stringValue()).startsWith("uAlpha of category \"x\" is undefined");
        JsonNode ns = ok("""
                {"kind": "unitizing", "begin": 1700000000000000000, "length": 60000000000,
                 "units": [{"offset": 1700000002000000000, "length": 3000000000, "rater": "a", "category": "grasp"},
                           {"offset": 1700000003500000000, "length": 3000000000, "rater": "b", "category": "grasp"}]}
                """);
        assertThat(ns.get("uAlpha").doubleValue()).isBetween(-1.0, 1.0);
    }

    @Test
    void phasesWithThreeAnnotatorsAndEmptyOnes() throws IOException {
        JsonNode json = ok("""
                {"kind": "phases", "frames": 10,
                 "annotations": {"a": [], "b": [], "c": [{"label": "reach", "start": 2, "end": 4}]}}
                """);
        // No flat keys with more than one pair; a-b has no segment at all: F1 undefined, edit 100.
        assertThat(json.has("f1At10")).isFalse();
        assertThat(json.get("pairs").size()).isEqualTo(2);
        assertThat(json.get("pairs").get(0).get("f1At10").isNull()).isTrue();
        assertThat(json.get("pairs").get(0).get("editScore").doubleValue()).isEqualTo(100.0);
        assertThat(json.get("pairs").get(1).get("f1At10").doubleValue()).isZero();
        assertThat(json.get("pairs").get(1).get("frameAccuracy").doubleValue()).isCloseTo(0.8, within(1e-12));
        assertThat(json.has("boundaryErrorMs")).isFalse();
        assertThat(json.get("notes").toString()).contains("f1At10 (b) is undefined");
    }

    @Test
    void events() throws IOException {
        // EventAgreementTest.nearestFirstWouldLoseAPair.
        JsonNode json = ok("""
                {"kind": "events", "toleranceS": 0.1, "annotations": {"ref": [1.00, 1.10], "other": [1.06, 1.19]}}
                """);
        assertThat(json.get("matched").intValue()).isEqualTo(2);
        assertThat(json.get("precision").doubleValue()).isEqualTo(1.0);
        assertThat(json.get("recall").doubleValue()).isEqualTo(1.0);
        assertThat(json.get("f1").doubleValue()).isEqualTo(1.0);
        assertThat(json.get("meanOffsetS").doubleValue()).isCloseTo(0.075, within(1e-12));
        assertThat(json.get("matches").toString()).startsWith("[{\"a\":0,\"b\":0,\"offsetS\":");
    }

    @Test
    void eventsDefaultToleranceIs100Ms() throws IOException {
        JsonNode json = ok("""
                {"kind": "events", "annotations": {"ref": [1.0, 2.0], "other": [1.1, 2.2]}}
                """);
        assertThat(json.get("toleranceS").doubleValue()).isEqualTo(0.1);
        assertThat(json.get("matched").intValue()).isEqualTo(1);
        assertThat(json.get("f1").doubleValue()).isEqualTo(0.5);
    }

    @Test
    void boxes2d() throws IOException {
        // BoxAgreementTest.handComputedFrame.
        JsonNode json = ok("""
                {"kind": "boxes2d", "iouThreshold": 0.5,
                 "annotations": {"a": [[0, 0, 10, 10], [20, 20, 30, 30]],
                                 "b": [[0, 0, 10, 5], [22, 20, 32, 30], [100, 100, 110, 110]]}}
                """);
        assertThat(json.get("matches").toString())
                .isEqualTo("[{\"a\":0,\"b\":0,\"iou\":0.5},{\"a\":1,\"b\":1,\"iou\":" + (2.0 / 3) + "}]");
        assertThat(json.get("meanIoU").doubleValue()).isCloseTo(7.0 / 12, within(1e-12));
        assertThat(json.get("f1").doubleValue()).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void cuboidsYawAndRotation() throws IOException {
        JsonNode yaw = ok("""
                {"kind": "cuboids3d", "a": {"center": [0, 0, 0], "size": [1, 1, 1], "yaw": 0},
                 "b": {"center": [0.5, 0, 0], "size": [1, 1, 1], "yaw": 0}}
                """);
        assertThat(yaw.get("iou").doubleValue()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(yaw.get("method").stringValue()).isEqualTo("yaw");
        // The same cube turned by 45 degrees about x (a general rotation) against itself turned about z:
        // each is the other rotated, so compare against the octagon case through the general path.
        double c = Math.sqrt(0.5);
        JsonNode general = ok("""
                {"kind": "cuboids3d", "a": {"center": [0, 0, 0], "size": [1, 1, 1],
                                            "rotation": [[1, 0, 0], [0, %s, %s], [0, %s, %s]]},
                 "b": {"center": [0, 0, 0], "size": [1, 1, 1], "rotation": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]}}
                """.formatted(c, -c, c, c));
        assertThat(general.get("method").stringValue()).isEqualTo("general");
        assertThat(general.get("iou").doubleValue()).isCloseTo(1 / Math.sqrt(2), within(1e-12));
    }

    @Test
    void cuboidSets() throws IOException {
        JsonNode json = ok("""
                {"kind": "cuboids3d", "iouThreshold": 0.5,
                 "a": [{"center": [0, 0, 0], "size": [1, 1, 1], "yaw": 0},
                       {"center": [10, 0, 0], "size": [1, 1, 1], "yaw": 0}],
                 "b": [{"center": [10.5, 0, 0], "size": [1, 1, 1], "yaw": 0},
                       {"center": [0, 0, 0], "size": [1, 1, 1], "yaw": 0}]}
                """);
        assertThat(json.get("matches").size()).isEqualTo(2);
        assertThat(json.get("f1").doubleValue()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void text() throws IOException {
        JsonNode json = ok("""
                {"kind": "text", "a": "kitten", "b": "sitting"}
                """);
        assertThat(json.get("similarity").doubleValue()).isCloseTo(4.0 / 7, within(1e-12));
        assertThat(ok("{\"kind\": \"text\", \"a\": \"Bottle \", \"b\": \"bottle\", \"ignoreCase\": true}")
                .get("similarity").doubleValue()).isEqualTo(1.0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"kind": "phases", "annotations": {"a": [], "b": []}}                                          | field 'frames' is required
            {"kind": "phases", "frames": 0, "annotations": {"a": [], "b": []}}                             | frames must be a whole number from 1 to
            {"kind": "phases", "frames": 2.5, "annotations": {"a": [], "b": []}}                           | frames must be a whole number
            {"kind": "phases", "frames": 10, "fps": -1, "annotations": {"a": [], "b": []}}                 | fps must be a positive number
            {"kind": "phases", "frames": 10, "annotations": {"a": []}}                                     | needs at least two annotators, got 1
            {"kind": "phases", "frames": 10, "annotations": [[], []]}                                      | field 'annotations' must be an object
            {"kind": "phases", "frames": 10, "annotations": {"a": {}, "b": []}}                            | annotations.a must be an array
            {"kind": "phases", "frames": 10, "annotations": {"a": [3], "b": []}}                           | annotations.a[0] must be an object
            {"kind": "phases", "frames": 10, "annotations": {"a": [{"label": "x", "start": 0}], "b": []}}   | field 'annotations.a[0].end' is required
            {"kind": "phases", "frames": 10, "annotations": {"a": [{"label": "", "start": 0, "end": 2}], "b": []}}    | annotations.a[0].label must be a non-empty string
            {"kind": "phases", "frames": 10, "annotations": {"a": [{"label": "x", "start": 0, "end": 11}], "b": []}}  | annotations.a[0].end must be a whole number from 0 to 10
            {"kind": "phases", "frames": 10, "annotations": {"a": [{"label": "x", "start": 5, "end": 5}], "b": []}}   | annotations.a[0] is [5, 5), expected 0 <= start < end <= 10
            {"kind": "phases", "frames": 10, "annotations": {"a": [{"label": "x", "start": 0, "end": 5}, {"label": "y", "start": 4, "end": 6}], "b": []}} | annotations.a has overlapping intervals [0, 5) and [4, 6)
            {"kind": "phases", "frames": 10, "annotations": {"a": [{"label": "x", "start": 0, "end": 5, "track": 1}], "b": []}} | unknown field 'annotations.a[0].track'
            {"kind": "phases", "frames": 10, "fsp": 30, "annotations": {"a": [], "b": []}}                 | unknown field 'fsp'
            {"kind": "unitizing", "length": 10, "units": []}                                               | field 'begin' is required
            {"kind": "unitizing", "begin": 0, "length": 0, "units": []}                                    | length must be a whole number of at least 1, not 0
            {"kind": "unitizing", "begin": 0.5, "length": 10, "units": []}                                 | begin must be a whole number, not 0.5
            {"kind": "unitizing", "begin": 0, "length": 10, "units": {}}                                   | field 'units' must be an array
            {"kind": "unitizing", "begin": 0, "length": 10, "units": [3]}                                  | units[0] must be an object
            {"kind": "unitizing", "begin": 0, "length": 10, "units": [{"offset": 0, "length": 2, "rater": "a"}]}                       | field 'units[0].category' is required
            {"kind": "unitizing", "begin": 0, "length": 10, "units": [{"offset": 0, "length": 2, "rater": "a", "category": ""}]}       | units[0].category must be a non-empty string, not an empty string
            {"kind": "unitizing", "begin": 0, "length": 10, "units": [{"offset": 0, "length": 2, "rater": 7, "category": "x"}]}        | units[0].rater must be a non-empty string, not a number
            {"kind": "unitizing", "begin": 0, "length": 10, "units": [{"offset": 0, "length": 0, "rater": "a", "category": "x"}]}      | units[0].length must be a whole number of at least 1, not 0
            {"kind": "unitizing", "begin": 0, "length": 10, "units": [{"offset": 0, "length": 2, "rater": "a", "category": "x", "end": 2}]} | unknown field 'units[0].end'
            {"kind": "unitizing", "begin": 0, "length": 10, "units": [{"offset": 0, "length": 2, "rater": "a", "category": "x"}]}      | the units come from 1 rater(s); alpha_U needs at least two
            {"kind": "unitizing", "begin": 0, "length": 10, "raters": ["a"], "units": []}                  | field 'raters' needs at least two raters, got 1
            {"kind": "unitizing", "begin": 0, "length": 10, "raters": ["a", "a"], "units": []}             | raters[1] repeats rater 'a'
            {"kind": "unitizing", "begin": 0, "length": 10, "raters": "a,b", "units": []}                  | field 'raters' must be an array of rater names, not a string
            {"kind": "unitizing", "begin": 0, "length": 10, "raters": ["a", "b"], "units": [{"offset": 0, "length": 2, "rater": "c", "category": "x"}]} | unit 0 has rater "c", who is not among the raters [a, b]
            {"kind": "unitizing", "begin": 0, "length": 10, "units": [{"offset": 8, "length": 3, "rater": "a", "category": "x"}, {"offset": 0, "length": 1, "rater": "b", "category": "x"}]} | unit 0 [8, 8 + 3) is not inside the continuum [0, 10)
            {"kind": "unitizing", "begin": 0, "length": 10, "units": [{"offset": 0, "length": 5, "rater": "a", "category": "x"}, {"offset": 4, "length": 2, "rater": "a", "category": "x"}, {"offset": 0, "length": 1, "rater": "b", "category": "x"}]} | rater "a" has overlapping units of category "x": [0, 5) and [4, 6)
            {"kind": "unitizing", "begin": 0, "length": 10, "units": [], "frames": 10}                     | unknown field 'frames' (unitizing input has kind, begin, length, raters, units)
            {"kind": "events", "toleranceS": -0.1, "annotations": {"a": [], "b": []}}                      | toleranceS must not be negative
            {"kind": "events", "toleranceS": "0.1", "annotations": {"a": [], "b": []}}                     | toleranceS must be a number, not a string
            {"kind": "events", "annotations": {"a": [1, "2"], "b": []}}                                    | annotations.a[1] must be a number, not a string
            {"kind": "events", "annotations": {"a": [1e400], "b": []}}                                     | annotations.a[0] is too large
            {"kind": "events", "tolerance": 1, "annotations": {"a": [], "b": []}}                          | unknown field 'tolerance'
            {"kind": "boxes2d", "annotations": {"a": [[0, 0, 1]], "b": []}}                                | annotations.a[0] must be a box [x1, y1, x2, y2] (4 numbers), not an array of 3
            {"kind": "boxes2d", "annotations": {"a": [[0, 0, 0, 1]], "b": []}}                             | annotations.a[0]: box [0.0, 0.0, 0.0, 1.0] needs x1 < x2 and y1 < y2
            {"kind": "boxes2d", "iouThreshold": 0, "annotations": {"a": [], "b": []}}                      | iouThreshold must be a number in (0, 1]
            {"kind": "boxes2d", "iouThreshold": 1.5, "annotations": {"a": [], "b": []}}                    | iouThreshold must be a number in (0, 1]
            {"kind": "cuboids3d", "a": {"center": [0, 0, 0], "size": [1, 1, 1], "yaw": 0}}                 | field 'b' is required
            {"kind": "cuboids3d", "a": {"center": [0, 0, 0], "size": [1, 0, 1], "yaw": 0}, "b": {"center": [0, 0, 0], "size": [1, 1, 1], "yaw": 0}} | a: size [1.0, 0.0, 1.0] must be positive and finite in every dimension
            {"kind": "cuboids3d", "a": {"center": [0, 0], "size": [1, 1, 1], "yaw": 0}, "b": {"center": [0, 0, 0], "size": [1, 1, 1], "yaw": 0}}     | a.center must be [x, y, z] (3 numbers), not an array of 2
            {"kind": "cuboids3d", "a": {"center": [0, 0, 0], "size": [1, 1, 1]}, "b": {"center": [0, 0, 0], "size": [1, 1, 1], "yaw": 0}}            | a needs exactly one of 'yaw' (radians about z) and 'rotation'
            {"kind": "cuboids3d", "a": {"center": [0, 0, 0], "size": [1, 1, 1], "yaw": 0, "rotation": [[1, 0, 0], [0, 1, 0], [0, 0, 1]]}, "b": {"center": [0, 0, 0], "size": [1, 1, 1], "yaw": 0}} | a needs exactly one of 'yaw'
            {"kind": "cuboids3d", "a": {"center": [0, 0, 0], "size": [1, 1, 1], "rotation": [[2, 0, 0], [0, 1, 0], [0, 0, 1]]}, "b": {"center": [0, 0, 0], "size": [1, 1, 1], "yaw": 0}}   | a: rotation is not orthonormal
            {"kind": "cuboids3d", "a": {"center": [0, 0, 0], "size": [1, 1, 1], "rotation": [[1, 0, 0], [0, 1, 0]]}, "b": {"center": [0, 0, 0], "size": [1, 1, 1], "yaw": 0}}              | a.rotation must be a 3 × 3 matrix
            {"kind": "cuboids3d", "a": {"center": [0, 0, 0], "size": [1, 1, 1], "yaw": 0, "pitch": 0}, "b": {"center": [0, 0, 0], "size": [1, 1, 1], "yaw": 0}}                          | unknown field 'a.pitch'
            {"kind": "cuboids3d", "a": [], "b": {"center": [0, 0, 0], "size": [1, 1, 1], "yaw": 0}}        | fields 'a' and 'b' must both be cuboid objects
            {"kind": "cuboids3d", "iouThreshold": 0.5, "a": {"center": [0, 0, 0], "size": [1, 1, 1], "yaw": 0}, "b": {"center": [0, 0, 0], "size": [1, 1, 1], "yaw": 0}} | iouThreshold applies to sets of cuboids
            {"kind": "cuboids3d", "a": [{"center": [0, 0, 0], "size": [1, 1, 1], "yaw": "0"}], "b": []}    | a[0].yaw must be a number, not a string
            {"kind": "text", "a": "x"}                                                                     | field 'b' is required
            {"kind": "text", "a": "x", "b": 3}                                                             | fields 'a' and 'b' must be strings, not a string and a number
            {"kind": "text", "a": "x", "b": "y", "ignoreCase": "yes"}                                      | field 'ignoreCase' must be true or false
            {"kind": "text", "a": "x", "b": "y", "lang": "en"}                                             | unknown field 'lang'
            {"kind": "polygons"}                                                                           | unknown kind 'polygons' (expected coded, phases, unitizing, events, boxes2d, cuboids3d or text)
            """)
    void malformedInputIsAClearErrorWithExitTwo(String content, String message) throws IOException {
        Run run = runOn(content);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("agreement: ").contains(message).endsWith("\n");
        assertThat(run.err().strip()).doesNotContain("\n");
    }
}
