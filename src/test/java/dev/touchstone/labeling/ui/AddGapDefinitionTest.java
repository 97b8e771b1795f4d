package dev.touchstone.labeling.ui;

import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelSchemaJson;
import dev.touchstone.labeling.LabelType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The schema page's "Add a gap definition": the default taxonomy, under a key the schema does not use yet. */
class AddGapDefinitionTest {

    @Test
    void appendsAGapWithTheDefaultFailureModesUnderAFreeKey() {
        LabelSchema once = LabelSchemaView.withGapDefinition(LabelSchemaJson.humanoidStarter());
        LabelSchema.Definition added = once.definitions().getLast();
        assertThat(added.key()).isEqualTo("gap");
        assertThat(added.type()).isEqualTo(LabelType.GAP);
        assertThat(added.classes()).isEqualTo(LabelSchema.DEFAULT_GAP_MODES);
        assertThat(once.problems()).isEmpty();
        LabelSchema twice = LabelSchemaView.withGapDefinition(once);
        assertThat(twice.definitions().getLast().key()).isEqualTo("gap_2");
        assertThat(LabelSchemaJson.read(LabelSchemaJson.write(twice))).isEqualTo(twice);
    }
}
