package dev.touchstone.labeling;

import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Labels checked against a schema and an episode, and keyframe interpolation. */
class LabelRulesTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long DURATION = 30 * SECOND;
    private static final LabelSchema STARTER = LabelSchemaJson.humanoidStarter();
    /** The starter plus the types it lacks. */
    private static final LabelSchema FULL = LabelSchemaJson.read("""
            {"format":"touchstone-label-schema/1","name":"full","definitions":[
             {"key":"phase","name":"Phase","type":"phase","required":true,"classes":[{"key":"reach","name":"Reach"},{"key":"grasp","name":"Grasp"}]},
             {"key":"grip","name":"Grip","type":"category","scope":"segment","segmentOf":"phase","required":true,"classes":[{"key":"power","name":"Power"},{"key":"pinch","name":"Pinch"}]},
             {"key":"quality","name":"Quality","type":"rating","scope":"episode","min":1,"max":5},
             {"key":"mass","name":"Mass","type":"number","scope":"episode","unit":"kg","min":0,"max":20},
             {"key":"cup","name":"Cup","type":"box2d","classes":[{"key":"cup","name":"Cup"}]},
             {"key":"obj","name":"Object","type":"cuboid3d","classes":[{"key":"box","name":"Box"}]}]}""");

    private static UUID id() {
        return UUID.randomUUID();
    }

    private static Label.Phase phase(String cls, double start, double end) {
        return new Label.Phase(id(), "phase", null, cls, (long) (start * SECOND), (long) (end * SECOND));
    }

    @Test
    void aCompleteStarterLabelingIsValidAndNothingRequiredIsMissing() {
        List<Label> labels = new ArrayList<>(List.of(phase("reach", 0, 2), phase("grasp", 2, 3.5),
                phase("lift", 3.5, 5),
                new Label.Event(id(), "contact", "contact-on", 2 * SECOND),
                new Label.Value(id(), "grasp_outcome", null, List.of("success"), null, null, null),
                new Label.Value(id(), "quality", null, List.of("too_slow"), null, false, null),
                new Label.Value(id(), "description", null, null, null, null, "pick up the cup")));
        assertThat(LabelRules.problems(STARTER, DURATION, labels)).isEmpty();
        assertThat(LabelRules.missingRequired(STARTER, labels)).isEmpty();
        labels.removeIf(l -> l.definition().equals("quality"));
        assertThat(LabelRules.missingRequired(STARTER, labels)).containsExactly("'Quality verdict' is required");
    }

    @Test
    void theIssuesInvalidInputsAreRejectedWithClearMessages() {
        Label.Phase reach = phase("reach", 1, 3);
        Label.Phase grasp = phase("grasp", 2.5, 4);
        assertThat(LabelRules.problems(STARTER, DURATION, List.of(reach, grasp))).singleElement().asString()
                .contains("Phase grasp").contains("(2.500 s–4.000 s) overlaps Phase reach").contains("track 'main'");
        assertThat(LabelRules.problems(STARTER, DURATION, List.of(reach,
                new Label.Phase(id(), "phase", "second opinion", "grasp", 2 * SECOND, 4 * SECOND))))
                .as("another track may overlap").isEmpty();

        assertThat(LabelRules.problems(STARTER, DURATION, List.of(new Label.Event(id(), "contact", "contact-on",
                31 * SECOND)))).singleElement().asString()
                .contains("the event at 31.000 s lies outside the episode (0–30.000 s)");

        Label.BoxTrack negative = new Label.BoxTrack(id(), "cup", "cup", "cup-1", "head",
                List.of(new Label.BoxKey(SECOND, 10, 10, -5, 20)));
        assertThat(LabelRules.problems(FULL, DURATION, List.of(negative))).singleElement().asString()
                .contains("needs a positive width and height (-5.0 × 20.0)");

        assertThat(LabelRules.problems(STARTER, DURATION, List.of(phase("dance", 0, 1)))).singleElement().asString()
                .contains("'dance' is not a class of 'Task phase' (reach, grasp, lift, transport, place, release, retract)");
        assertThat(LabelRules.problems(STARTER, DURATION, List.of(new Label.Event(id(), "gesture", "wave", 0))))
                .singleElement().asString().contains("'gesture' is not a definition of the schema");
        assertThat(LabelRules.problems(STARTER, DURATION, List.of(new Label.Event(id(), "phase", "reach", 0))))
                .singleElement().asString().contains("'phase' is a phase, not this kind of label");
        assertThat(LabelRules.problems(STARTER, DURATION, List.of(phase("reach", 2, 2)))).singleElement().asString()
                .contains("must end after it starts");
    }

    @Test
    void valuesFollowTheirDefinitionsType() {
        Label.Phase reach = phase("reach", 0, 1);
        UUID nowhere = id();
        List<String> problems = LabelRules.problems(FULL, DURATION, List.of(reach,
                new Label.Value(id(), "grip", reach.id(), List.of("power", "pinch"), null, null, null),
                new Label.Value(id(), "grip", nowhere, List.of("power"), null, null, null),
                new Label.Value(id(), "quality", null, null, 6.0, null, null),
                new Label.Value(id(), "mass", null, null, 25.0, null, null),
                new Label.Value(id(), "mass", null, null, 2.0, null, null)));
        assertThat(problems).hasSize(5);
        assertThat(problems.get(0)).contains("'Grip' takes one class, not 2");
        assertThat(problems.get(1)).contains("this value is not attached to one");
        assertThat(problems.get(2)).contains("'Quality' is a whole number from 1 to 5, not 6.0");
        assertThat(problems.get(3)).contains("25.0 is outside 0.0–20.0 kg");
        assertThat(problems.get(4)).contains("'mass' already has a value for the episode");

        assertThat(LabelRules.missingRequired(FULL, List.of(reach, phase("grasp", 1, 2))))
                .containsExactly("'Grip' is missing for 2 segments");
        assertThat(LabelRules.problems(STARTER, DURATION, List.of(new Label.Value(id(), "quality", null,
                List.of("too_slow"), null, true, null)))).singleElement().asString()
                .contains("an accepted 'Quality verdict' has no reject reasons");
    }

    @Test
    void tracksInterpolateLinearlyBetweenKeyframesAndYawTurnsTheShortWay() {
        List<Label.BoxKey> box = List.of(new Label.BoxKey(SECOND, 0, 0, 10, 10), new Label.BoxKey(3 * SECOND, 20, 40, 30, 10));
        assertThat(Label.boxAt(box, 2 * SECOND)).isEqualTo(new Label.BoxKey(2 * SECOND, 10, 20, 20, 10));
        assertThat(Label.boxAt(box, 0)).isEqualTo(box.getFirst());
        assertThat(Label.boxAt(box, 9 * SECOND)).isEqualTo(box.getLast());

        double deg = Math.PI / 180;
        List<Label.CuboidKey> cuboid = List.of(new Label.CuboidKey(0, 0, 0, 0, 1, 1, 1, 170 * deg),
                new Label.CuboidKey(2 * SECOND, 2, 0, 0, 1, 1, 1, -170 * deg));
        Label.CuboidKey half = Label.cuboidAt(cuboid, SECOND);
        assertThat(half.cx()).isEqualTo(1.0);
        assertThat(Math.abs(half.yaw())).as("through 180°, not through 0°").isCloseTo(Math.PI, within(1e-12));

        List<String> order = LabelRules.problems(FULL, DURATION, List.of(new Label.CuboidTrack(id(), "obj", "box", "b1",
                "lidar", List.of(new Label.CuboidKey(SECOND, 0, 0, 0, 1, 1, 1, 0),
                new Label.CuboidKey(SECOND, 0, 0, 0, 1, 1, 1, 0)))));
        assertThat(order).singleElement().asString().contains("keyframes must be in time order without repeats");
    }

    @Test
    void labelsTravelAsJsonWithTheirKind() {
        JsonMapper json = JsonMapper.builder().build();
        List<Label> labels = List.of(phase("reach", 0, 1), new Label.Event(id(), "contact", "slip", 5),
                new Label.Value(id(), "description", null, null, null, null, "text"),
                new Label.BoxTrack(id(), "cup", "cup", "t", "head", List.of(new Label.BoxKey(1, 1, 2, 3, 4))),
                new Label.CuboidTrack(id(), "obj", "box", "t", "lidar", List.of(new Label.CuboidKey(1, 1, 2, 3, 4, 5, 6, 0.5))));
        String text = json.writerFor(new TypeReference<List<Label>>() { }).writeValueAsString(labels);
        assertThat(text).contains("\"kind\":\"phase\"").contains("\"kind\":\"cuboid3d\"");
        assertThat(json.readValue(text, new TypeReference<List<Label>>() { })).isEqualTo(labels);
    }
}
