package dev.touchstone.quality;

import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelSchemaJson;
import dev.touchstone.quality.engine.CategoryScale;
import dev.touchstone.quality.engine.CodedAgreement;
import dev.touchstone.quality.engine.CoincidenceAccumulator;
import dev.touchstone.quality.engine.Level;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The dashboard's alpha scores a category with the agreement distances its schema declares. */
class QualityScaleTest {

    private static final LabelSchema.Definition OUTCOME = LabelSchemaJson.read(
            "{\"format\":\"touchstone-label-schema/1\",\"name\":\"S\",\"definitions\":[{\"key\":\"outcome\","
                    + "\"name\":\"Outcome\",\"type\":\"category\",\"scope\":\"episode\",\"classes\":["
                    + "{\"key\":\"success\",\"name\":\"Success\"},{\"key\":\"slip\",\"name\":\"Slip\"},"
                    + "{\"key\":\"fail\",\"name\":\"Fail\"}],"
                    + "\"agreementDistances\":{\"slip\":{\"success\":0.25,\"fail\":0.25}}}]}")
            .definition("outcome").orElseThrow();

    @Test
    void theScaleCarriesTheSchemasDistancesForTheValuesPresent() {
        // Only success and fail occur, in that (schema) order: their distance is 1, as nominal.
        CategoryScale twoOfThree = QualityService.scale(OUTCOME, List.of("success", "fail"));
        assertThat(twoOfThree.hasDistances()).isTrue();
        assertThat(twoOfThree.distance(0, 1)).isEqualTo(1);
        CategoryScale all = QualityService.scale(OUTCOME, List.of("success", "slip", "fail"));
        assertThat(all.distance(0, 1)).isEqualTo(0.25);
        assertThat(all.distance(1, 2)).isEqualTo(0.25);
        assertThat(all.distance(0, 2)).isEqualTo(1);
    }

    /**
     * Worked example: four tasks, two annotators: (success, success), (success, slip), (slip, fail), (fail, fail).
     * Coincidences (ordered pairs / (m − 1) = 1 per pair): success–success 2, success–slip 1, slip–success 1,
     * slip–fail 1, fail–slip 1, fail–fail 2; marginals n = (3, 2, 3), n = 8.
     * D_o ∝ Σ o δ² = 4 · 0.25 = 1; D_e ∝ Σ n_c n_k δ² / (n − 1) = 2 (3·2·0.25 + 3·3·1 + 2·3·0.25) / 7 = 24/7.
     * Alpha = 1 − 1 / (24/7) = 17/24 with the declared distances; nominal gives 1 − 4 / (2 · 21 / 7) = 1/3.
     */
    @Test
    void slipHalfWayBetweenSuccessAndFailRaisesAlphaAsTheEngineComputesIt() {
        List<String> order = List.of("success", "slip", "fail");
        double[][] o = {{2, 1, 0}, {1, 0, 1}, {0, 1, 2}};
        double withDistances = CoincidenceAccumulator.alphaOfCoincidences(o, Level.NOMINAL,
                QualityService.scale(OUTCOME, order));
        assertThat(withDistances).isCloseTo(17.0 / 24, within(1e-12));
        double nominal = CoincidenceAccumulator.alphaOfCoincidences(o, Level.NOMINAL, CategoryScale.ofCodes(3));
        assertThat(nominal).isCloseTo(1.0 / 3, within(1e-12));
        // The engine's own path with the schema's matrix agrees.
        CodedAgreement engine = CodedAgreement.of(Level.NOMINAL, 2, order, OUTCOME.agreementDistanceMatrix().orElseThrow());
        engine.addUnit(new Object[]{"success", "success"});
        engine.addUnit(new Object[]{"success", "slip"});
        engine.addUnit(new Object[]{"slip", "fail"});
        engine.addUnit(new Object[]{"fail", "fail"});
        assertThat(engine.result().krippendorffAlpha()).isCloseTo(17.0 / 24, within(1e-12));
    }
}
