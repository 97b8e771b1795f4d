package dev.touchstone.proposal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ContactProposerTest {

    private static final List<String> FORCE = List.of("force_x", "force_y", "force_z");

    /** One hand with a wrist force-torque sensor and, optionally, tactile pads. */
    private static SignalProposers proposers(boolean tactile) {
        ProposerSettings.Hand hand = new ProposerSettings.Hand("left", "arm", List.of("v"), null, null, true, "ft",
                FORCE, tactile ? "pads" : null, List.of());
        return new SignalProposers(ProposerSettings.defaults().withHands(List.of(hand)));
    }

    /** Force-torque at 1 kHz: gravity on z, a baseline, and {@code fy(t)} squeezing along y. */
    private static SeriesSource wrist(Fy fy) {
        return new SeriesSource().add("ft", FORCE, 1000, 10, (t, c) -> {
            double y = fy.at(t);
            if (Double.isNaN(y) || Double.isInfinite(y)) {
                return y;
            }
            return switch (c) {
                case 0 -> 0.2;
                case 1 -> y;
                default -> -6.4;
            };
        });
    }

    @FunctionalInterface
    private interface Fy {
        double at(double t);
    }

    private static List<Proposal> of(List<Proposal> proposals, String classKey) {
        return proposals.stream().filter(p -> p.classKey().equals(classKey)).toList();
    }

    @Test
    void noiseAroundTheThresholdGivesOneContactNotMany() throws IOException {
        Random random = new Random(7);
        // Inside [2, 6) s the force swings across the 1.0 N upper threshold 7 times a second, with noise; its dips
        // below the 0.5 N lower threshold are much shorter than the 50 ms a release needs.
        SeriesSource source = wrist(t -> (t >= 2 && t < 6 ? 1.0 + 0.45 * Math.sin(2 * Math.PI * 7 * (t - 2)) : 0)
                + 0.05 * random.nextGaussian());

        List<Proposal> proposals = proposers(false).contacts(source);

        assertThat(of(proposals, "contact-on")).singleElement()
                .satisfies(p -> assertThat(p.startNanos() / 1e9).isCloseTo(2.0, within(0.02)));
        assertThat(of(proposals, "contact-off")).singleElement()
                .satisfies(p -> assertThat(p.startNanos() / 1e9).isCloseTo(6.0, within(0.05)));

        // The same series with one threshold (no hysteresis band, no minimum durations) flickers: many contacts.
        float[] magnitude = new float[1000];
        Random again = new Random(7);
        for (int i = 0; i < magnitude.length; i++) {
            double t = i / 100.0;
            magnitude[i] = (float) Math.abs((t >= 2 && t < 6 ? 1.0 + 0.45 * Math.sin(2 * Math.PI * 7 * (t - 2)) : 0)
                    + 0.05 * again.nextGaussian());
        }
        assertThat(Hysteresis.intervals(magnitude, 1.0, 0.999, 0, 0)).hasSizeGreaterThan(20);
        assertThat(Hysteresis.intervals(magnitude, 1.0, 0.5, 5, 5)).hasSize(1);
    }

    @Test
    void noContactAtAllGivesNoEvents() throws IOException {
        Random random = new Random(3);
        assertThat(proposers(false).contacts(wrist(t -> 0.1 * random.nextGaussian()))).isEmpty();
    }

    @Test
    void aDropoutInsideAContactNeitherEndsNorRestartsIt() throws IOException {
        // In contact over [2, 8) s at 5 N; NaN values (stored dropout markers) over [3, 3.5) and no samples at all
        // over [5, 5.6), longer than the 200 ms the proposers bridge by interpolation.
        SeriesSource source = wrist(t -> t >= 5 && t < 5.6 ? Double.POSITIVE_INFINITY
                : t >= 3 && t < 3.5 ? Double.NaN : t >= 2 && t < 8 ? 5 : 0);

        List<Proposal> proposals = proposers(false).contacts(source);

        assertThat(proposals).extracting(Proposal::classKey).containsExactly("contact-on", "contact-off");
        assertThat(proposals.get(0).startNanos() / 1e9).isCloseTo(2.0, within(0.011));
        assertThat(proposals.get(1).startNanos() / 1e9).isCloseTo(8.0, within(0.011));
    }

    @Test
    void aMissingStreamOrChannelIsAClearError() {
        SeriesSource twoAxes = new SeriesSource().add("ft", List.of("force_x", "force_y"), 1000, 1, (t, c) -> 0);
        assertThatThrownBy(() -> proposers(false).contacts(twoAxes))
                .isInstanceOf(ProposerInputException.class)
                .hasMessage("Stream 'ft' has no channel 'force_z' (wrist force-torque of hand left); it has 2"
                        + " channels, e.g. 'force_x'");
        assertThatThrownBy(() -> proposers(false).contacts(new SeriesSource()))
                .isInstanceOf(ProposerInputException.class)
                .hasMessage("The episode has no stream 'ft' (wrist force-torque of hand left)");
        SeriesSource empty = new SeriesSource().add("ft", FORCE, 1000, 0, (t, c) -> 0);
        assertThatThrownBy(() -> proposers(false).contacts(empty))
                .isInstanceOf(ProposerInputException.class)
                .hasMessage("Stream 'ft' has no samples (wrist force-torque of hand left)");
    }

    @Test
    void confidenceIsTheShareOfSensorsThatSawTheEdge() throws IOException {
        SeriesSource both = wrist(t -> t >= 2 && t < 6 ? 8 : 0)
                .add("pads", List.of("a", "b"), 100, 10, (t, c) -> t >= 2 && t < 6 ? 3 : 0);
        List<Proposal> agreed = proposers(true).contacts(both);
        assertThat(agreed).hasSize(2).allSatisfy(p -> {
            assertThat(p.confidence()).isEqualTo(1.0);
            assertThat(p.evidence()).extracting(Evidence::stream).containsExactly("ft", "pads");
            assertThat(p.source()).isEqualTo("signals.contact");
            assertThat(p.version()).isEqualTo("2");
        });

        // The pads lose their samples for the whole contact (a dropout): the force sensor alone saw it, one of two.
        SeriesSource padsBlind = wrist(t -> t >= 2 && t < 6 ? 8 : 0)
                .add("pads", List.of("a", "b"), 100, 10, (t, c) -> t >= 1.5 && t < 6.5 ? Double.POSITIVE_INFINITY : 0);
        List<Proposal> alone = proposers(true).contacts(padsBlind);
        assertThat(alone).hasSize(2).allSatisfy(p -> {
            assertThat(p.confidence()).isEqualTo(0.5);
            assertThat(p.evidence()).extracting(Evidence::stream).containsExactly("ft");
        });
    }

    @Test
    void aForcePulseThePadsDoNotFeelIsNotAContact() throws IOException {
        // What a hesitating operator's abrupt stop does to a wrist sensor: the hand's inertia pushes 2 N for 200 ms
        // while the fingertips touch nothing. Version 1 proposed it as a contact (on and off); version 2 needs the
        // pads to agree unless they were blind.
        SeriesSource stop = wrist(t -> t >= 3 && t < 3.2 ? 2 : t >= 5 && t < 8 ? 8 : 0)
                .add("pads", List.of("a", "b"), 100, 10, (t, c) -> t >= 5 && t < 8 ? 3 : 0);

        List<Proposal> proposals = proposers(true).contacts(stop);

        assertThat(of(proposals, "contact-on")).singleElement()
                .satisfies(p -> assertThat(p.startNanos() / 1e9).isCloseTo(5.0, within(0.02)));
        assertThat(of(proposals, "contact-off")).singleElement()
                .satisfies(p -> assertThat(p.startNanos() / 1e9).isCloseTo(8.0, within(0.02)));
        // Without pads the wrist sensor is all there is, and the pulse counts (docs/proposals.md, failure modes).
        assertThat(of(proposers(false).contacts(stop), "contact-on")).hasSize(2);
    }

    @Test
    void aSlowSqueezeIsPlacedWhereItStartsNotWhereItCrossesTheLowerThreshold() throws IOException {
        // 10 N reached along a minimum-jerk rise over [2, 3] s (a slow operator's grip). The 0.5 N lower threshold
        // is 5 % of the plateau: s(u) = 0.05 at u ≈ 0.19, so the raw crossing is at about 2.19 s. Version 2 places
        // the onset at 2.0 s from the crossings of both thresholds.
        SeriesSource source = wrist(t -> t < 2 ? 0 : t < 3 ? 10 * MinimumJerk.position(t - 2) : t < 6 ? 10 : 0);

        List<Proposal> on = of(proposers(false).contacts(source), "contact-on");

        assertThat(on).singleElement().satisfies(p -> assertThat(p.startNanos() / 1e9).isCloseTo(2.0, within(0.03)));
    }

    @Test
    void aReleaseIsPlacedWhereASmoothFallEndsNotWhereItCrossesTheLowerThreshold() throws IOException {
        // 10 N from 2 s, falling along a minimum-jerk profile over [5, 6] s. The 0.5 N lower threshold is 5 % of the
        // plateau: 1 − s(u) = 0.05 at u ≈ 0.81, so the raw crossing is at about 5.81 s, 190 ms before the force is
        // gone. The release extrapolation puts it at 6.0 s.
        SeriesSource source = wrist(t -> t < 2 ? 0 : t < 5 ? 10
                : t < 6 ? 10 * (1 - MinimumJerk.position(t - 5)) : 0);

        List<Proposal> off = of(proposers(false).contacts(source), "contact-off");

        assertThat(off).singleElement().satisfies(p -> assertThat(p.startNanos() / 1e9).isCloseTo(6.0, within(0.03)));
        assertThat(MinimumJerk.fallRemaining(0.05)).isCloseTo(0.811, within(0.001));
    }
}
