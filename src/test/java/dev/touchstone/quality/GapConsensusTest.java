package dev.touchstone.quality;

import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelRules;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelSchemaJson;
import dev.touchstone.labeling.LabelType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Gap labels through consensus (docs/workflow/consensus.md, "Gaps") and their agreement (docs/quality/agreement.md,
 * "Gaps"): the worked example of both pages, with α_U computed by hand from Krippendorff's formulas.
 */
class GapConsensusTest {

    private static final LabelSchema SCHEMA = LabelSchemaJson.simToRealGaps();
    private static final long MS = 1_000_000L;
    /** 1 s at 100 ms frames: the continuum is L = 10 frames. */
    private static final long DURATION = 1000 * MS;
    private static final long FRAME = 100 * MS;
    private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final UUID C = UUID.fromString("00000000-0000-0000-0000-00000000000c");

    private static Label.Gap gap(String mode, long startMs, long endMs, String note) {
        return new Label.Gap(UUID.randomUUID(), "gap", mode, startMs * MS, endMs * MS, note);
    }

    private static AnnotatorLabels by(UUID annotator, Label... labels) {
        return new AnnotatorLabels(annotator, List.of(labels));
    }

    private static List<Label.Gap> gaps(ConsensusResult result) {
        return result.labels().stream().filter(l -> l instanceof Label.Gap).map(l -> (Label.Gap) l).toList();
    }

    /**
     * Three annotators. A: friction 0.2–0.6 s ("slides") and, overlapping it, latency 0.4–0.5 s ("camera lag");
     * B: friction 0.2–0.6 s ("slides"); C: friction 0.3–0.6 s ("cube slides further").
     * <p>
     * On frames: friction units A [2, 6), B [2, 6), C [3, 6); latency unit A [4, 5). R = 3 raters, L = 10.
     * <p>
     * Friction. D_O: only the unit pairs A–C and B–C differ, each by (2 − 3)² + (6 − 6)² = 1 (a unit that only
     * partly overlaps a gap counts 0), so D_O = 2 · 2 / (R (R − 1) L²) = 4 / 600. D_E: units of lengths 4, 4, 3
     * (N = 3); gaps of all raters 2, 4 (A), 2, 4 (B), 3, 4 (C). A unit of 4: (N − 1) · 4 · 3 · 7 / 3 = 56, plus
     * 4² · (gaps ≥ 4: three of 4, each 4 − 4 + 1 = 1) = 48, so 104, twice; the unit of 3: 2 · 3 · 2 · 5 / 3 = 20 plus
     * 3² · (gaps ≥ 3: 4, 4, 3, 4 → 2 + 2 + 1 + 2 = 7) = 63, so 83. Sum 291, times 2 / L = 58.2, over
     * R L (R L − 1) − Σ l (l − 1) = 30 · 29 − (12 + 12 + 6) = 840: D_E = 58.2 / 840 = 291 / 4200.
     * <p>
     * Latency. D_O: A's unit of 1 lies wholly inside the whole-episode gaps of B and of C: 1² each, so
     * D_O = 2 · 2 / 600 = 28 / 4200. D_E: one unit of 1 (N − 1 = 0), gaps 4, 5 (A), 10 (B), 10 (C), each g − 1 + 1:
     * 29; times 2 / L = 5.8, over 870 − 0: D_E = 5.8 / 870 = 28 / 4200, so latency's own α_U is 0.
     * <p>
     * Over all modes α_U = 1 − (28 + 28) / (291 + 28) = 263 / 319 ≈ 0.8245.
     */
    @Test
    void threeAnnotatorsGapsMergeByMajorityPerModeAndAgreeByUnitizingAlphaAsComputedByHand() {
        AnnotatorLabels a1 = by(A, gap("friction", 200, 600, "slides"), gap("latency", 400, 500, "camera lag"));
        AnnotatorLabels b1 = by(B, gap("friction", 200, 600, "slides"));
        AnnotatorLabels c1 = by(C, gap("friction", 300, 600, "cube slides further"));
        ConsensusResult r = Consensus.merge(SCHEMA, DURATION, FRAME, List.of(c1, a1, b1));
        assertThat(Consensus.merge(SCHEMA, DURATION, FRAME, List.of(b1, c1, a1)).labels())
                .as("the same labels and ids whatever the order of the submissions").isEqualTo(r.labels());

        assertThat(LabelRules.problems(SCHEMA, DURATION, r.labels())).isEmpty();
        // friction: frame 2 has 2 of 3 votes, frames 3-5 all three; latency has 1 of 3 and is dropped
        assertThat(gaps(r)).singleElement().satisfies(g -> {
            assertThat(g.mode()).isEqualTo("friction");
            assertThat(g.start()).isEqualTo(200 * MS);
            assertThat(g.end()).isEqualTo(600 * MS);
            assertThat(g.note()).as("distinct notes, in annotator order").isEqualTo("slides | cube slides further");
        });

        DefinitionAgreement a = r.agreement().get("gap");
        assertThat(a.type()).isEqualTo(LabelType.GAP);
        assertThat(a.agreement()).isCloseTo(263.0 / 319, within(1e-9));
        assertThat(a.phase().uAlpha()).isCloseTo(263.0 / 319, within(1e-9));
        assertThat(a.phase().weakestClass()).isEqualTo("Latency");
        assertThat(a.phase().weakestUAlpha()).isCloseTo(0, within(1e-9));
        // matched boundaries per pair on friction: A–B 0 ms, A–C (200↔300, 600↔600) 50 ms, B–C 50 ms; latency has
        // no pair with boundaries on both sides
        assertThat(a.phase().boundaryErrorMs()).isCloseTo(100.0 / 3, within(1e-9));
        assertThat(a.measure()).contains("uα over all failure modes");
        assertThat(a.byTieRule()).isEmpty();
    }

    @Test
    void twoAnnotatorsTieWhereOnlyOneMarkedTheGapKeepsItForReview() {
        Label.Gap aFriction = gap("friction", 200, 600, null);
        Label.Gap bFriction = gap("friction", 300, 600, "  ");
        ConsensusResult r = Consensus.merge(SCHEMA, DURATION, FRAME, List.of(by(A, aFriction), by(B, bFriction)));
        Label.Gap merged = gaps(r).getFirst();
        assertThat(gaps(r)).hasSize(1);
        assertThat(merged.start()).as("frame 2 is tied 1–1: the gap is kept").isEqualTo(200 * MS);
        assertThat(merged.note()).isNull();
        assertThat(r.agreement().get("gap").byTieRule()).containsExactly(merged.id());
        assertThat(r.notes()).anyMatch(n -> n.contains("mode 'friction'") && n.contains("1 frame tied"));
    }

    @Test
    void gapsOfOneAnnotatorMayOverlapAndSameModeOverlapsAreTheirUnion() {
        ConsensusResult r = Consensus.merge(SCHEMA, DURATION, FRAME, List.of(
                by(A, gap("friction", 100, 400, "a"), gap("friction", 300, 700, "b"), gap("perception", 0, 1000, null)),
                by(B, gap("friction", 100, 700, "c"), gap("perception", 0, 1000, null))));
        assertThat(gaps(r)).extracting(Label.Gap::mode, Label.Gap::start, Label.Gap::end, Label.Gap::note)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("friction", 100 * MS, 700 * MS, "a | b | c"),
                        org.assertj.core.groups.Tuple.tuple("perception", 0L, 1000 * MS, null));
        assertThat(r.agreement().get("gap").agreement()).as("same frames marked with the same modes")
                .isCloseTo(1, within(1e-9));
    }
}
