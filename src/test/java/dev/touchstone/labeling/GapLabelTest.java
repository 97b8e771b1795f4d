package dev.touchstone.labeling;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gap label type (issue 22): its schema declaration, JSON exchange, label JSON and rules. */
class GapLabelTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long DURATION = 10 * SECOND;
    private static final LabelSchema GAPS = LabelSchemaJson.simToRealGaps();

    private static Label.Gap gap(String mode, double start, double end, String note) {
        return new Label.Gap(UUID.randomUUID(), "gap", mode, (long) (start * SECOND), (long) (end * SECOND), note);
    }

    @Test
    void theDemoSchemaDeclaresAGapWithTheDefaultTaxonomyAndSurvivesTheJsonRoundTrip() {
        LabelSchema.Definition gap = GAPS.definition("gap").orElseThrow();
        assertThat(gap.type()).isEqualTo(LabelType.GAP);
        assertThat(gap.classes()).extracting(LabelSchema.LabelClass::key).containsExactly("friction", "deformation",
                "contact_timing", "perception", "latency", "calibration", "other");
        assertThat(LabelSchema.DEFAULT_GAP_MODES).extracting(LabelSchema.LabelClass::key)
                .containsExactlyElementsOf(gap.classes().stream().map(LabelSchema.LabelClass::key).toList());
        String json = LabelSchemaJson.write(GAPS);
        assertThat(json).contains("\"type\" : \"gap\"");
        assertThat(LabelSchemaJson.read(json)).isEqualTo(GAPS);
        LabelSchema built = new LabelSchema("built", null, List.of(LabelSchema.gapDefinition("why", "Why", "")));
        assertThat(built.problems()).isEmpty();
        assertThat(LabelSchemaJson.read(LabelSchemaJson.write(built))).isEqualTo(built);
    }

    @Test
    void aGapDefinitionNeedsItsFailureModesAndTakesNoScopeOrTolerance() {
        assertThatThrownBy(() -> LabelSchemaJson.read("""
                {"format":"touchstone-label-schema/1","name":"g","definitions":[
                 {"key":"gap","name":"Gap","type":"gap","scope":"episode","toleranceMs":50,"classes":[]}]}"""))
                .isInstanceOfSatisfying(InvalidLabelSchemaException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).contains("definitions[0].classes").contains("failure modes"))
                        .anySatisfy(p -> assertThat(p).contains("definitions[0].scope").contains("timeline"))
                        .anySatisfy(p -> assertThat(p).contains("toleranceMs: only for an event")));
    }

    @Test
    void gapLabelsTravelAsJsonWithKindGapAndABlankNoteIsNone() {
        JsonMapper json = JsonMapper.builder().build();
        Label.Gap g = gap("friction", 1, 2.5, "cube slides further than in sim");
        String text = json.writerFor(Label.class).writeValueAsString(g);
        assertThat(text).contains("\"kind\":\"gap\"").contains("\"mode\":\"friction\"").contains("\"note\":");
        assertThat(json.readValue(text, Label.class)).isEqualTo(g);
        assertThat(gap("latency", 1, 2, "   ").note()).isNull();
    }

    @Test
    void overlappingGapsWithModesOfTheTaxonomyInsideTheEpisodeAreValid() {
        List<Label> labels = List.of(gap("friction", 1, 4, "slides"), gap("latency", 2, 3, null),
                gap("friction", 3, 5, null));
        assertThat(LabelRules.problems(GAPS, DURATION, labels)).isEmpty();
        assertThat(LabelRules.missingRequired(GAPS, List.of())).as("an episode without a gap").isEmpty();
    }

    @Test
    void aGapOutsideTheTaxonomyOrTheEpisodeEmptyOrWithAnOverlongNoteIsRefused() {
        assertThat(LabelRules.problems(GAPS, DURATION, List.of(gap("wind", 1, 2, null)))).singleElement().asString()
                .contains("'wind' is not a failure mode of 'Sim-to-real gap'").contains("friction, deformation");
        assertThat(LabelRules.problems(GAPS, DURATION, List.of(gap("friction", 9, 11, null)))).singleElement()
                .asString().contains("lies outside the episode (0–10.000 s)");
        assertThat(LabelRules.problems(GAPS, DURATION, List.of(gap("friction", 3, 3, null)))).singleElement()
                .asString().contains("a gap must end after it starts");
        assertThat(LabelRules.problems(GAPS, DURATION, List.of(gap("friction", 1, 2,
                "x".repeat(LabelRules.MAX_GAP_NOTE + 1))))).singleElement().asString()
                .contains("at most " + LabelRules.MAX_GAP_NOTE + " characters");
        assertThat(LabelRules.problems(GAPS, DURATION, List.of(gap("friction", 1, 2,
                "x".repeat(LabelRules.MAX_GAP_NOTE))))).isEmpty();
        assertThat(LabelRules.problems(GAPS, DURATION, List.of(new Label.Phase(UUID.randomUUID(), "gap", null,
                "friction", 0, SECOND)))).singleElement().asString().contains("'gap' is a gap, not this kind of label");
    }
}
