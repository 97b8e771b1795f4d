package dev.touchstone.labeling;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The label-schema exchange format and the schema rules, without Spring. */
class LabelSchemaJsonTest {

    private static final String HEAD = "{\"format\":\"touchstone-label-schema/1\",\"name\":\"S\",\"definitions\":[";

    private static List<String> problemsOf(String definitions) {
        try {
            LabelSchemaJson.read(HEAD + definitions + "]}");
            return List.of();
        } catch (InvalidLabelSchemaException e) {
            return e.problems();
        }
    }

    private static String phase(String key, String shortcut) {
        return "{\"key\":\"" + key + "\",\"name\":\"Phase\",\"type\":\"phase\",\"classes\":[{\"key\":\"reach\","
                + "\"name\":\"Reach\",\"color\":\"#4e79a7\",\"shortcut\":\"" + shortcut + "\"}]}";
    }

    @Test
    void theStarterSchemaHasEveryPartTheDemoNeedsAndSurvivesARoundTrip() {
        LabelSchema starter = LabelSchemaJson.humanoidStarter();
        assertThat(starter.problems()).isEmpty();
        assertThat(starter.definition("phase").orElseThrow().classes()).extracting(LabelSchema.LabelClass::key)
                .containsExactly("reach", "grasp", "lift", "transport", "place", "release", "retract");
        assertThat(starter.definition("contact").orElseThrow().classes()).extracting(LabelSchema.LabelClass::key)
                .containsExactly("contact-on", "contact-off", "slip");
        assertThat(starter.definition("grasp_outcome").orElseThrow().type()).isEqualTo(LabelType.CATEGORY);
        assertThat(starter.definition("quality").orElseThrow().type()).isEqualTo(LabelType.VERDICT);
        assertThat(starter.definition("description").orElseThrow().maxLength()).isEqualTo(500);
        List<LabelSchema.Definition> demo = new ArrayList<>(starter.definitions());
        demo.addAll(LabelSchemaJson.simToRealGaps().definitions());
        assertThat(demo).as("the demo's two schemas label every type (gaps: the sim-to-real one)")
                .extracting(LabelSchema.Definition::type).containsAll(List.of(LabelType.values()));

        String exported = LabelSchemaJson.write(starter);
        assertThat(exported).contains("\"format\" : \"touchstone-label-schema/1\"").contains("\"type\" : \"phase\"")
                .doesNotContain("null");
        assertThat(LabelSchemaJson.read(exported)).isEqualTo(starter);
    }

    @Test
    void everyTypeCanBeDefined() {
        String all = String.join(",", phase("phase", "1"),
                "{\"key\":\"ev\",\"name\":\"E\",\"type\":\"event\",\"toleranceMs\":50,\"classes\":[{\"key\":\"on\",\"name\":\"On\"}]}",
                "{\"key\":\"cat\",\"name\":\"C\",\"type\":\"category\",\"scope\":\"segment\",\"segmentOf\":\"phase\",\"multiple\":true,"
                        + "\"classes\":[{\"key\":\"a\",\"name\":\"A\"},{\"key\":\"b\",\"name\":\"B\"}]}",
                "{\"key\":\"rate\",\"name\":\"R\",\"type\":\"rating\",\"scope\":\"episode\",\"min\":1,\"max\":5}",
                "{\"key\":\"ok\",\"name\":\"V\",\"type\":\"verdict\",\"scope\":\"episode\",\"classes\":[{\"key\":\"noisy\",\"name\":\"Noisy\"}]}",
                "{\"key\":\"txt\",\"name\":\"T\",\"type\":\"text\",\"scope\":\"episode\",\"maxLength\":200}",
                "{\"key\":\"mass\",\"name\":\"M\",\"type\":\"number\",\"scope\":\"episode\",\"unit\":\"kg\",\"min\":0}",
                "{\"key\":\"box\",\"name\":\"B\",\"type\":\"box2d\",\"classes\":[{\"key\":\"cup\",\"name\":\"Cup\",\"shortcut\":\"Shift+c\"}]}",
                "{\"key\":\"cube\",\"name\":\"Q\",\"type\":\"cuboid3d\",\"classes\":[{\"key\":\"cup\",\"name\":\"Cup\"}]}",
                "{\"key\":\"gap\",\"name\":\"G\",\"type\":\"gap\",\"classes\":[{\"key\":\"friction\",\"name\":\"Friction\"}]}");
        assertThat(problemsOf(all)).isEmpty();
        LabelSchema schema = LabelSchemaJson.read(HEAD + all + "]}");
        assertThat(schema.definitions()).extracting(LabelSchema.Definition::type).containsExactly(LabelType.values());
    }

    @Test
    void everyBrokenRuleIsReportedWithWhereItIs() {
        List<String> problems = problemsOf(String.join(",",
                phase("phase", "1"),
                phase("phase", "1"),
                "{\"key\":\"Bad Key\",\"name\":\"\",\"type\":\"event\",\"classes\":[]}",
                "{\"key\":\"cat\",\"name\":\"C\",\"type\":\"category\",\"scope\":\"segment\",\"segmentOf\":\"nope\","
                        + "\"classes\":[{\"key\":\"a\",\"name\":\"A\",\"color\":\"red\"},{\"key\":\"a\",\"name\":\"A2\"}]}",
                "{\"key\":\"rate\",\"name\":\"R\",\"type\":\"rating\",\"scope\":\"episode\",\"min\":5,\"max\":1}",
                "{\"key\":\"txt\",\"name\":\"T\",\"type\":\"text\",\"scope\":\"whole\"}",
                "{\"key\":\"keys\",\"name\":\"K\",\"type\":\"box2d\",\"classes\":[{\"key\":\"a\",\"name\":\"A\",\"shortcut\":\"?\"},"
                        + "{\"key\":\"b\",\"name\":\"B\",\"shortcut\":\"A\"},{\"key\":\"c\",\"name\":\"C\",\"shortcut\":\"Shift+a\"},"
                        + "{\"key\":\"d\",\"name\":\"D\",\"shortcut\":\"Ctrl+x\"}]}"));
        List<String> expected = new ArrayList<>(List.of(
                "definitions[1].key: 'phase' is used by another definition",
                "definitions[1].classes[0].shortcut: '1' is already the shortcut of definitions[0].classes[0].shortcut",
                "definitions[2].key: 'Bad Key' is not a key",
                "definitions[2].name: required",
                "definitions[2].classes: a event needs at least one class",
                "definitions[3].segmentOf: a segment-level category names the phase definition",
                "definitions[3].classes[0].color: 'red' is not a colour",
                "definitions[3].classes[1].key: 'a' appears twice in cat",
                "definitions[4].min/max: a rating needs integer bounds",
                "definitions[5].scope: a text applies to the 'episode' or to a 'segment'",
                "definitions[5].maxLength: a text needs a maximum length",
                "definitions[6].classes[0].shortcut: '?' is reserved by the player",
                "definitions[6].classes[2].shortcut: 'Shift+a' is already the shortcut of definitions[6].classes[1].shortcut",
                "definitions[6].classes[3].shortcut: 'Ctrl+x' is not a shortcut"));
        assertThat(problems).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(problems.get(i)).startsWith(expected.get(i));
        }
    }

    @Test
    void malformedFilesAreRejectedWithAClearReason() {
        assertThatThrownBy(() -> LabelSchemaJson.read("")).hasMessage("The file is empty");
        assertThatThrownBy(() -> LabelSchemaJson.read("{\"format\":\"other/2\",\"name\":\"S\",\"definitions\":[]}"))
                .hasMessage("format: expected \"touchstone-label-schema/1\", found \"other/2\"");
        assertThatThrownBy(() -> LabelSchemaJson.read(HEAD + phase("p", "1").replace("\"classes\"", "\"clases\"") + "]}"))
                .hasMessage("definitions[0].clases: unknown field (misspelt, or from another format)");
        assertThatThrownBy(() -> LabelSchemaJson.read(HEAD + phase("p", "1").replace("\"phase\",\"classes\"",
                "\"segment\",\"classes\"") + "]}"))
                .isInstanceOf(InvalidLabelSchemaException.class).hasMessageStartingWith("definitions[0].type:");
        assertThatThrownBy(() -> LabelSchemaJson.read(HEAD + phase("p", "1") + "]} trailing"))
                .isInstanceOf(InvalidLabelSchemaException.class).hasMessageContaining("line 1");
        assertThatThrownBy(() -> LabelSchemaJson.read("{\"format\":\"touchstone-label-schema/1\",\"name\":\"S\"," ))
                .isInstanceOf(InvalidLabelSchemaException.class).hasMessageContaining("line 1");
        assertThatThrownBy(() -> LabelSchemaJson.read(HEAD + "]}"))
                .hasMessage("definitions: a schema needs at least one definition");
    }

    private static final String OUTCOME = "{\"key\":\"outcome\",\"name\":\"Outcome\",\"type\":\"category\","
            + "\"scope\":\"episode\",\"classes\":[{\"key\":\"success\",\"name\":\"Success\"},"
            + "{\"key\":\"slip\",\"name\":\"Slip\"},{\"key\":\"fail\",\"name\":\"Fail\"}]";

    @Test
    void agreementDistancesRoundTripAndGiveTheMatrixInClassOrder() {
        LabelSchema schema = LabelSchemaJson.read(HEAD + OUTCOME
                + ",\"agreementDistances\":{\"slip\":{\"success\":0.25,\"fail\":0.25}}}]}");
        LabelSchema.Definition outcome = schema.definition("outcome").orElseThrow();
        // success-fail is not listed: 1, as nominal.
        assertThat(outcome.agreementDistanceMatrix().orElseThrow())
                .isDeepEqualTo(new double[][]{{0, 0.25, 1}, {0.25, 0, 0.25}, {1, 0.25, 0}});
        String exported = LabelSchemaJson.write(schema);
        assertThat(exported).contains("\"agreementDistances\"");
        assertThat(LabelSchemaJson.read(exported)).isEqualTo(schema);
        // Without the field: no matrix, and nothing written.
        LabelSchema plain = LabelSchemaJson.read(HEAD + OUTCOME + "}]}");
        assertThat(plain.definition("outcome").orElseThrow().agreementDistanceMatrix()).isEmpty();
        assertThat(LabelSchemaJson.write(plain)).doesNotContain("agreementDistances");
    }

    @Test
    void badAgreementDistancesAreReportedWithWhereTheyAre() {
        assertThat(problemsOf(OUTCOME + ",\"agreementDistances\":{\"slip\":{\"success\":0.25,\"crash\":1},"
                + "\"oops\":{\"fail\":1},\"success\":{\"slip\":0.5,\"success\":0,\"fail\":-1}}}"))
                .containsExactly(
                        "definitions[0].agreementDistances.slip.crash: 'crash' is not a class of outcome",
                        "definitions[0].agreementDistances.oops: 'oops' is not a class of outcome",
                        "definitions[0].agreementDistances.success.slip: the pair success/slip is given twice",
                        "definitions[0].agreementDistances.success.success: a class does not differ from itself "
                                + "(its distance is always 0)",
                        "definitions[0].agreementDistances.success.fail: must be a finite number ≥ 0 (δ², 1 = as "
                                + "different as nominal)");
        assertThat(problemsOf(OUTCOME + ",\"agreementDistances\":{\"slip\":{\"fail\":null}}}"))
                .containsExactly("definitions[0].agreementDistances.slip.fail: must be a finite number ≥ 0 (δ², 1 = "
                        + "as different as nominal)");
        assertThat(problemsOf(OUTCOME.replace("\"scope\"", "\"multiple\":true,\"scope\"")
                + ",\"agreementDistances\":{\"slip\":{\"fail\":0.5}}}"))
                .containsExactly("definitions[0].agreementDistances: only for a single-choice category");
        assertThat(problemsOf(phase("p", "1").replace("]}", "],\"agreementDistances\":{\"reach\":{}}}")))
                .containsExactly("definitions[0].agreementDistances: only for a single-choice category");
    }
}
