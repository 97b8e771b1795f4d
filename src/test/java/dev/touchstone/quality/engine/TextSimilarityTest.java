package dev.touchstone.quality.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TextSimilarityTest {

    @Test
    void knownDistances() {
        // kitten -> sitting: 3 edits (k->s, e->i, insert g), longest 7: 1 - 3/7 = 4/7.
        assertThat(TextSimilarity.similarity("kitten", "sitting")).isCloseTo(4.0 / 7, within(1e-12));
        assertThat(TextSimilarity.similarity("grasp the bottle", "grasp the bottle")).isEqualTo(1.0);
        assertThat(TextSimilarity.similarity("abc", "xyz")).isEqualTo(0.0);
        assertThat(TextSimilarity.similarity("", "")).isEqualTo(1.0);
        assertThat(TextSimilarity.similarity("", "ab")).isEqualTo(0.0);
    }

    @Test
    void whitespaceIsCollapsedAndTrimmed() {
        assertThat(TextSimilarity.normalise("  right\thand \n grasps\u00a0bottle ", false))
                .isEqualTo("right hand grasps bottle");
        assertThat(TextSimilarity.similarity("  right  hand ", "right hand")).isEqualTo(1.0);
    }

    @Test
    void nfcAndCodePoints() {
        // "é" precomposed (U+00E9) and decomposed (e + U+0301) are the same after NFC.
        assertThat(TextSimilarity.similarity("caf\u00e9", "cafe\u0301")).isEqualTo(1.0);
        // One emoji is one code point (two UTF-16 units): one substitution out of 2 code points.
        assertThat(TextSimilarity.similarity("a\uD83D\uDE00", "ab")).isEqualTo(0.5);
    }

    @Test
    void caseIsKeptUnlessIgnored() {
        // One substitution (B/b) of 6 code points.
        assertThat(TextSimilarity.similarity("Bottle", "bottle")).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(TextSimilarity.similarity("Bottle", "bottle", true)).isEqualTo(1.0);
        assertThat(TextSimilarity.similarity("STRASSE", "straße", true)).isEqualTo(1.0);
    }

    @Test
    void symmetric() {
        String[] texts = {"reach", "grasp the cup", "Grasp  the mug", "", "lift", "place it"};
        for (String a : texts) {
            for (String b : texts) {
                assertThat(TextSimilarity.similarity(a, b)).isEqualTo(TextSimilarity.similarity(b, a))
                        .isBetween(0.0, 1.0);
            }
        }
    }
}
