package dev.touchstone.proposal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PhaseProposerTest {

    private static final List<String> CLASSES = List.of("reach", "grasp", "lift", "transport", "place", "release",
            "retract");
    /** Movements of the arm (start, end in seconds); still over [4, 5] and [12, 13]. */
    private static final double[][] MOVES = {{0, 3}, {3, 4}, {5, 7}, {7, 10}, {10, 12}, {13, 14}, {14, 16}};

    private static double speed(double t) {
        for (double[] move : MOVES) {
            if (t >= move[0] && t < move[1]) {
                double duration = move[1] - move[0];
                double u = (t - move[0]) / duration;
                return 0.5 / duration * 30 * u * u * (1 - u) * (1 - u);
            }
        }
        return 0;
    }

    private static double ramp(double t, double at, double duration) {
        return MinimumJerk.position(Math.clamp((t - at) / duration, 0, 1));
    }

    /**
     * A hand-made pick and place: the arm's speed (one channel), a gripper closing around 4 s and opening over
     * [12, 13] s, and a wrist force from contact at 4 s to release at 13 s, each with a little noise. With contact
     * and opening as anchors the phases start at 0, 3, 5, 7, 10, 12 and 14 s (within 50 ms:
     * the proposers work in 10 ms bins and smooth over 50 ms).
     */
    private static SeriesSource episode(boolean touch) {
        return episode(touch, -1, -1);
    }

    /** The same with no arm samples over [gapFrom, gapTo) seconds. */
    private static SeriesSource episode(boolean touch, double gapFrom, double gapTo) {
        Random random = new Random(11);
        return new SeriesSource()
                .add("arm", List.of("v"), 250, 16, (t, c) -> t >= gapFrom && t < gapTo ? Double.POSITIVE_INFINITY
                        : speed(t) + 0.004 * random.nextGaussian())
                .add("hand", List.of("flexion"), 250, 16, (t, c) -> 0.1 + 0.5 * ramp(t, 3.75, 0.5)
                        - 0.5 * ramp(t, 12, 1) + 0.002 * random.nextGaussian())
                .add("ft", List.of("fx", "fy", "fz"), 1000, 16, (t, c) -> c != 1 ? 0.08 * random.nextGaussian()
                        : (touch ? 10 * ramp(t, 4, 0.35) * (1 - ramp(t, 12, 1)) + (t >= 4 && t < 4.01 ? 3 : 0) : 0)
                        + 0.08 * random.nextGaussian());
    }

    private static SignalProposers proposers() {
        ProposerSettings.Hand hand = new ProposerSettings.Hand("right", "arm", List.of("v"), "hand",
                List.of("flexion"), true, "ft", List.of("fx", "fy", "fz"), null, null);
        return new SignalProposers(ProposerSettings.defaults().withHands(List.of(hand)));
    }

    @Test
    void phasesStartAtTheLandmarksOfThePlan() throws IOException {
        List<Proposal> phases = proposers().propose(episode(true), CLASSES).stream()
                .filter(p -> p.type() == ProposalType.PHASE).toList();

        assertThat(phases).extracting(Proposal::classKey).containsExactlyElementsOf(CLASSES);
        double[] starts = {0, 3, 5, 7, 10, 12, 14};
        for (int i = 0; i < starts.length; i++) {
            assertThat(phases.get(i).startNanos() / 1e9).as(CLASSES.get(i)).isCloseTo(starts[i], within(0.05));
            assertThat(phases.get(i).confidence()).isBetween(0.0, 1.0);
            assertThat(phases.get(i).source()).isEqualTo("signals.phase");
        }
        assertThat(phases.getLast().endNanos() / 1e9).isCloseTo(16, within(0.02));
        // Phases tile the episode: each ends where the next begins.
        for (int i = 1; i < phases.size(); i++) {
            assertThat(phases.get(i).startNanos()).isEqualTo(phases.get(i - 1).endNanos());
        }
        assertThat(phases.get(5).evidence()).extracting(Evidence::stream).contains("hand", "arm");
        // Place ends and release starts at the gripper's opening: its evidence is listed once, not twice.
        assertThat(phases).allSatisfy(p -> assertThat(p.evidence()).doesNotHaveDuplicates());
    }

    @Test
    void aDropoutInsideAMovementDoesNotCutItInTwo() throws IOException {
        // 400 ms without arm samples in the middle of the place movement [10, 12] s: longer than the 200 ms the
        // reading bridges, so the speed is unknown there. Cut at the dropout, "the last movement before the
        // opening" would start at 11 s and place would start there, a second late.
        List<Proposal> phases = proposers().propose(episode(true, 10.6, 11.0), CLASSES).stream()
                .filter(p -> p.type() == ProposalType.PHASE).toList();

        assertThat(phases).extracting(Proposal::classKey).containsExactlyElementsOf(CLASSES);
        assertThat(phases.get(4).startNanos() / 1e9).as("place").isCloseTo(10, within(0.05));
        assertThat(phases.get(5).startNanos() / 1e9).as("release").isCloseTo(12, within(0.05));
    }

    /**
     * Two velocity channels (x, y) moving in turn; the lift [5, 7.5] s pauses over [6, 6.5] s and then goes on in
     * the same direction, as a hesitating operator does. Other movements alternate direction.
     */
    private static SeriesSource hesitatingEpisode() {
        double[][] moves = {{0, 3, 1, 0}, {3, 4, 0, 1}, {5, 6, 1, 0}, {6.5, 7.5, 1, 0}, {7.5, 10, 0, 1},
                {10, 12, 1, 0}, {13, 14, 0, 1}, {14, 16, 1, 0}};
        Random random = new Random(13);
        return new SeriesSource()
                .add("arm", List.of("vx", "vy"), 250, 16, (t, c) -> {
                    double v = 0;
                    for (double[] move : moves) {
                        if (t >= move[0] && t < move[1]) {
                            double duration = move[1] - move[0];
                            double u = (t - move[0]) / duration;
                            v = 0.5 / duration * 30 * u * u * (1 - u) * (1 - u) * move[2 + c];
                        }
                    }
                    return v + 0.004 * random.nextGaussian();
                })
                .add("hand", List.of("flexion"), 250, 16, (t, c) -> 0.1 + 0.5 * ramp(t, 3.75, 0.5)
                        - 0.5 * ramp(t, 12, 1) + 0.002 * random.nextGaussian())
                .add("ft", List.of("fx", "fy", "fz"), 1000, 16, (t, c) -> (c != 1 ? 0
                        : 10 * ramp(t, 4, 0.35) * (1 - ramp(t, 12, 1))) + 0.08 * random.nextGaussian());
    }

    @Test
    void aHesitationInsideAMovementDoesNotEndIt() throws IOException {
        // Version 2 ended the lift at the pause (6.0 s), so transport started 1.5 s early; version 3 sees the arms go
        // on in the same direction after the still and keeps the lift whole.
        ProposerSettings.Hand hand = new ProposerSettings.Hand("right", "arm", List.of("vx", "vy"), "hand",
                List.of("flexion"), true, "ft", List.of("fx", "fy", "fz"), null, null);
        List<Proposal> phases = new SignalProposers(ProposerSettings.defaults().withHands(List.of(hand)))
                .propose(hesitatingEpisode(), CLASSES).stream().filter(p -> p.type() == ProposalType.PHASE).toList();

        assertThat(phases).extracting(Proposal::classKey).containsExactlyElementsOf(CLASSES);
        double[] starts = {0, 3, 5, 7.5, 10, 12, 14};
        for (int i = 0; i < starts.length; i++) {
            assertThat(phases.get(i).startNanos() / 1e9).as(CLASSES.get(i)).isCloseTo(starts[i], within(0.05));
        }
        assertThat(phases.getFirst().version()).isEqualTo("4");
    }

    @Test
    void withoutAnyContactOnlyThePhasesWhoseEndsAreKnownAreProposed() throws IOException {
        List<Proposal> proposals = proposers().propose(episode(false), CLASSES);

        assertThat(proposals).noneMatch(p -> p.type() == ProposalType.EVENT);
        // reach .. transport hang on the first contact; place, release and retract on the gripper's opening.
        assertThat(proposals).extracting(Proposal::classKey).containsExactly("place", "release", "retract");
    }

    @Test
    void aPlanThatDoesNotFitTheSchemaIsAClearError() {
        List<String> schema = List.of("reach", "grasp", "lift", "carry", "place", "release", "retract");
        assertThatThrownBy(() -> proposers().propose(episode(true), schema))
                .isInstanceOf(ProposerInputException.class)
                .hasMessage("The phase plan names class 'transport', which the schema's phase definition 'phase' does"
                        + " not have (it has reach, grasp, lift, carry, place, release, retract)");
        List<String> reordered = List.of("reach", "lift", "grasp", "transport", "place", "release", "retract");
        assertThatThrownBy(() -> proposers().propose(episode(true), reordered))
                .isInstanceOf(ProposerInputException.class)
                .hasMessageContaining("phases are mapped by their order");
    }

    @Test
    void aMovementsStartIsExtrapolatedFromTwoThresholdCrossings() {
        // Worked example: a 2 s minimum-jerk movement (starting at 5 s) with peak speed 0.4 crosses 0.02 (5 % of the
        // peak) at u = 0.059 and 0.08 (20 %) at u = 0.128, i.e. 119 ms and 256 ms after it starts; a plain threshold
        // would put the start 119 ms late, the fit puts it back at 5 s.
        assertThat(MinimumJerk.speedRise(0.05)).isCloseTo(0.0594, within(0.0005));
        assertThat(MinimumJerk.speedRise(0.2)).isCloseTo(0.1282, within(0.0005));
        long start = MinimumJerk.riseStart(5_118_800_000L, 0.05, 5_256_400_000L, 0.2);
        assertThat(start / 1e9).isCloseTo(5.0, within(0.005));
    }
}
