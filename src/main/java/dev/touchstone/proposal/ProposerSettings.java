package dev.touchstone.proposal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One project's proposer configuration: which stream and channels are each hand's arm, gripper, wrist force-torque
 * sensor and tactile pads, the thresholds, and how the phase proposer's landmarks map onto the schema's phase
 * classes. {@link #defaults()} matches the synthetic generator's streams (docs/generator.md) and the starter schema.
 * Stored per project inside a {@link ProposerConfiguration} by {@link ProposerSettingsService}.
 *
 * @param binNanos   the proposers summarise every stream into bins of this width (default 10 ms) before deciding;
 *                   it is the time resolution of every proposal
 * @param hands      the effectors, at least one
 * @param contact    the contact proposer's thresholds
 * @param motion     the phase proposer's thresholds
 * @param phases     which schema definition and classes the phase proposer fills, and by which landmark each phase
 *                   starts
 * @param contactDefinition the schema's event definition for contacts, e.g. {@code contact}
 * @param contactOnClass    its class for contact onset, e.g. {@code contact-on}
 * @param contactOffClass   its class for contact release, e.g. {@code contact-off}
 */
public record ProposerSettings(long binNanos, List<Hand> hands, ContactThresholds contact, MotionThresholds motion,
                               PhasePlan phases, String contactDefinition, String contactOnClass,
                               String contactOffClass) {

    public ProposerSettings {
        if (binNanos < 1_000_000L || binNanos > 100_000_000L) {
            throw new IllegalArgumentException("bin width must be 1-100 ms, got " + binNanos + " ns");
        }
        hands = List.copyOf(hands);
        if (hands.isEmpty()) {
            throw new IllegalArgumentException("the proposers need at least one hand");
        }
        Set<String> names = new HashSet<>();
        for (Hand hand : hands) {
            if (!names.add(hand.name())) {
                throw new IllegalArgumentException("two hands are named '" + hand.name() + "'");
            }
        }
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(motion, "motion");
        Objects.requireNonNull(phases, "phases");
        requireText(contactDefinition, "contact definition");
        requireText(contactOnClass, "contact-on class");
        requireText(contactOffClass, "contact-off class");
    }

    /**
     * One effector's sensors. A stream set to {@code null} is not used (no tactile pads, say); a stream that is set
     * must exist in the episode with every listed channel, or the proposers fail with a {@link
     * ProposerInputException} naming it.
     *
     * @param name                  shown in evidence, e.g. {@code left}
     * @param armStream             joint states of the arm, e.g. {@code left_arm/joints}
     * @param armVelocityChannels   joint velocities whose vector norm is the arm's speed (rad/s); end-effector velocity
     *                              components (m/s) work too, with thresholds to match
     * @param gripperStream         the hand's or gripper's joint states, or null
     * @param gripperChannels       positions whose mean is the gripper's closure
     * @param gripperClosesUpwards  true when the channels grow as the gripper closes (finger flexion), false when they
     *                              shrink (a parallel gripper's aperture)
     * @param wristStream           the wrist force-torque sensor, or null
     * @param forceChannels         its three force components (N)
     * @param tactileStream         the tactile pads, or null
     * @param tactileChannels       their taxels (kPa); empty = every channel of the stream
     */
    public record Hand(String name, String armStream, List<String> armVelocityChannels, String gripperStream,
                       List<String> gripperChannels, boolean gripperClosesUpwards, String wristStream,
                       List<String> forceChannels, String tactileStream, List<String> tactileChannels) {

        public Hand {
            requireText(name, "hand name");
            requireText(armStream, "arm stream of hand " + name);
            armVelocityChannels = List.copyOf(armVelocityChannels);
            if (armVelocityChannels.isEmpty()) {
                throw new IllegalArgumentException("hand " + name + " needs at least one arm velocity channel");
            }
            gripperChannels = gripperChannels == null ? List.of() : List.copyOf(gripperChannels);
            if (gripperStream != null && gripperChannels.isEmpty()) {
                throw new IllegalArgumentException("hand " + name + " has a gripper stream but no gripper channel");
            }
            forceChannels = forceChannels == null ? List.of() : List.copyOf(forceChannels);
            if (wristStream != null && forceChannels.size() != 3) {
                throw new IllegalArgumentException("hand " + name + " needs exactly three force channels (x, y, z),"
                        + " got " + forceChannels.size());
            }
            tactileChannels = tactileChannels == null ? List.of() : List.copyOf(tactileChannels);
        }
    }

    /**
     * Contact detection (hysteresis with minimum durations); see docs/proposals.md.
     *
     * @param forceOnN            |ΔF| above the tare that confirms a contact
     * @param forceOffN           |ΔF| below which the contact is released (the lower threshold, &lt; on)
     * @param pressureOnKpa       mean taxel pressure above the tare that confirms a contact
     * @param pressureOffKpa      mean taxel pressure below which the contact is released (&lt; on)
     * @param minContactNanos     a contact shorter than this is a bump, not a contact
     * @param minReleaseNanos     the signal must stay below the lower threshold this long to end a contact
     * @param tareNanos           the tare is the median over this much of the episode's start (no contact there)
     * @param fusionWindowNanos   force and tactile edges this close count as the same event (for the confidence)
     * @param smoothingNanos      centred moving average of the tactile pressure
     */
    public record ContactThresholds(double forceOnN, double forceOffN, double pressureOnKpa, double pressureOffKpa,
                                    long minContactNanos, long minReleaseNanos, long tareNanos,
                                    long fusionWindowNanos, long smoothingNanos) {

        public ContactThresholds {
            if (!(forceOffN > 0 && forceOnN > forceOffN) || !(pressureOffKpa > 0 && pressureOnKpa > pressureOffKpa)) {
                throw new IllegalArgumentException("contact thresholds need 0 < off < on (force " + forceOffN + " < "
                        + forceOnN + " N, pressure " + pressureOffKpa + " < " + pressureOnKpa + " kPa)");
            }
            if (minContactNanos < 0 || minReleaseNanos < 0 || tareNanos <= 0 || fusionWindowNanos < 0
                    || smoothingNanos < 0) {
                throw new IllegalArgumentException("contact durations must not be negative (and the tare not zero)");
            }
        }

        public static ContactThresholds defaults() {
            return new ContactThresholds(1.0, 0.5, 0.15, 0.05, 50_000_000L, 50_000_000L, 500_000_000L,
                    150_000_000L, 30_000_000L);
        }
    }

    /**
     * Motion segmentation for phases; see docs/proposals.md.
     *
     * @param lowSpeed        speed below which the arms are still (units of the arm channels, rad/s by default)
     * @param highSpeed       a movement must reach this speed; the ratio high/low drives the onset extrapolation
     * @param valleyRatio     a dip inside a movement splits it in two when it falls below this share of the lower
     *                        of the peaks on either side
     * @param minMotionNanos  shorter movements are ignored
     * @param lowOpeningRate  gripper closure rate (channel units per second) below which the gripper is still
     * @param highOpeningRate an opening must reach this rate
     * @param smoothingNanos  centred moving average of speed and closure
     * @param maxGapNanos     gaps in a stream up to this long are bridged by interpolation; longer ones stay unknown
     */
    public record MotionThresholds(double lowSpeed, double highSpeed, double valleyRatio, long minMotionNanos,
                                   double lowOpeningRate, double highOpeningRate, long smoothingNanos,
                                   long maxGapNanos) {

        public MotionThresholds {
            if (!(lowSpeed > 0 && highSpeed > lowSpeed) || !(lowOpeningRate > 0 && highOpeningRate > lowOpeningRate)) {
                throw new IllegalArgumentException("motion thresholds need 0 < low < high");
            }
            if (!(valleyRatio > 0 && valleyRatio < 1)) {
                throw new IllegalArgumentException("valley ratio must be in (0, 1), got " + valleyRatio);
            }
            if (minMotionNanos < 0 || smoothingNanos < 0 || maxGapNanos < 0) {
                throw new IllegalArgumentException("motion durations must not be negative");
            }
        }

        public static MotionThresholds defaults() {
            return new MotionThresholds(0.02, 0.08, 0.25, 100_000_000L, 0.1, 0.4, 50_000_000L, 200_000_000L);
        }
    }

    /** Where a phase starts, in terms the signals show. The first phase always starts at the episode's start. */
    public enum Landmark {
        /** The first sample. */
        EPISODE_START,
        /** The start of the last movement that begins before the first contact (the final approach). */
        APPROACH_START,
        /** The start of the first movement that begins after the first contact (lifting the object). */
        MOTION_AFTER_CONTACT_START,
        /** The end of that movement. */
        MOTION_AFTER_CONTACT_END,
        /** The start of the last movement that begins before the gripper's last opening (putting it down). */
        MOTION_BEFORE_OPENING_START,
        /** The start of the gripper's last opening. */
        GRIPPER_OPENING,
        /** The end of the first movement that begins after the gripper's last opening (moving clear). */
        MOTION_AFTER_OPENING_END
    }

    /** A phase class and the landmark at which it starts; it ends where the next one starts. */
    public record PhaseRule(String phaseClass, Landmark start) {
        public PhaseRule {
            requireText(phaseClass, "phase class");
            Objects.requireNonNull(start, "start");
        }
    }

    /**
     * @param definition the schema's phase definition, e.g. {@code phase}
     * @param rules      in the schema's order of phase classes, the first starting at {@link Landmark#EPISODE_START};
     *                   landmarks in the order of {@link Landmark}
     */
    public record PhasePlan(String definition, List<PhaseRule> rules) {
        public PhasePlan {
            requireText(definition, "phase definition");
            rules = List.copyOf(rules);
            if (rules.isEmpty() || rules.getFirst().start() != Landmark.EPISODE_START) {
                throw new IllegalArgumentException("a phase plan's first phase starts at EPISODE_START");
            }
            for (int i = 1; i < rules.size(); i++) {
                if (rules.get(i).start().ordinal() <= rules.get(i - 1).start().ordinal()) {
                    throw new IllegalArgumentException("phase plan: " + rules.get(i).phaseClass() + " starts at "
                            + rules.get(i).start() + ", which is not after " + rules.get(i - 1).start());
                }
            }
        }

        /** The starter schema's pick-and-place phases (src/main/resources/labeling/humanoid-manipulation.json). */
        public static PhasePlan pickAndPlace() {
            return new PhasePlan("phase", List.of(new PhaseRule("reach", Landmark.EPISODE_START),
                    new PhaseRule("grasp", Landmark.APPROACH_START),
                    new PhaseRule("lift", Landmark.MOTION_AFTER_CONTACT_START),
                    new PhaseRule("transport", Landmark.MOTION_AFTER_CONTACT_END),
                    new PhaseRule("place", Landmark.MOTION_BEFORE_OPENING_START),
                    new PhaseRule("release", Landmark.GRIPPER_OPENING),
                    new PhaseRule("retract", Landmark.MOTION_AFTER_OPENING_END)));
        }
    }

    private static final String[] ARM_JOINTS = {"shoulder_pitch", "shoulder_roll", "shoulder_yaw", "elbow",
            "wrist_yaw", "wrist_pitch", "wrist_roll"};
    private static final String[] FLEXIONS = {"thumb_flexion", "index_flexion", "middle_flexion", "ring_flexion",
            "little_flexion"};

    /** The synthetic generator's humanoid (docs/generator.md) with the starter schema's classes. */
    public static ProposerSettings defaults() {
        List<Hand> hands = new ArrayList<>();
        for (String side : new String[]{"left", "right"}) {
            List<String> velocity = new ArrayList<>();
            for (String joint : ARM_JOINTS) {
                velocity.add(joint + "/velocity");
            }
            List<String> flexion = new ArrayList<>();
            for (String joint : FLEXIONS) {
                flexion.add(joint + "/position");
            }
            hands.add(new Hand(side, side + "_arm/joints", velocity, side + "_hand/joints", flexion, true,
                    side + "_wrist/force_torque", List.of("force_x", "force_y", "force_z"), side + "_hand/tactile",
                    List.of()));
        }
        return new ProposerSettings(10_000_000L, hands, ContactThresholds.defaults(), MotionThresholds.defaults(),
                PhasePlan.pickAndPlace(), "contact", "contact-on", "contact-off");
    }

    public ProposerSettings withHands(List<Hand> replacement) {
        return new ProposerSettings(binNanos, replacement, contact, motion, phases, contactDefinition, contactOnClass,
                contactOffClass);
    }

    public ProposerSettings withContact(ContactThresholds replacement) {
        return new ProposerSettings(binNanos, hands, replacement, motion, phases, contactDefinition, contactOnClass,
                contactOffClass);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
