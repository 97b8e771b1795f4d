package dev.touchstone.proposal;

import java.util.List;
import java.util.Objects;

/**
 * Thresholds of the slip detector, the demonstration-quality flags and the suggested verdict (docs/proposals.md,
 * "Quality flags and suggested verdict"). The streams and channels come from {@link ProposerSettings}; this record
 * holds only what the quality side adds. {@link #defaults()} fit the synthetic generator (tuned on run seed 2026).
 *
 * @param slip    drop and slip detection on each hand's contacts
 * @param motion  idle, hesitation and jerk
 * @param health  dropouts and actuator saturation
 * @param verdict when a flag makes the suggested verdict a reject
 */
public record QualitySettings(SlipThresholds slip, MotionFlags motion, HealthFlags health,
                              VerdictThresholds verdict) {

    public QualitySettings {
        Objects.requireNonNull(slip, "slip");
        Objects.requireNonNull(motion, "motion");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(verdict, "verdict");
    }

    public static QualitySettings defaults() {
        return new QualitySettings(SlipThresholds.defaults(), MotionFlags.defaults(), HealthFlags.defaults(),
                VerdictThresholds.defaults());
    }

    public QualitySettings withVerdict(VerdictThresholds replacement) {
        return new QualitySettings(slip, motion, health, replacement);
    }

    public QualitySettings withHealth(HealthFlags replacement) {
        return new QualitySettings(slip, motion, replacement, verdict);
    }

    /**
     * A contact that ends while the gripper is not opening is a drop: the object left the hand, the hand did not let
     * go.
     *
     * @param collapseShare   the collapse starts at the last bin before the release where the contact signal (mean
     *                        taxel pressure, or the wrist's normal force without pads) was still at least this share
     *                        of the contact's plateau (its median)
     * @param openingLookback the gripper's closure rate is averaged from this long before the collapse's start to the
     *                        release; the gripper "stays closed" when that mean is above minus the phase proposer's
     *                        still-gripper rate ({@link ProposerSettings.MotionThresholds#lowOpeningRate()})
     * @param normalAxis      which of the hand's three force channels is normal to the grip (0, 1 or 2; the
     *                        generator squeezes along y = 1); the other two are tangential
     * @param frictionRatio   a tangential-to-normal force ratio above this (about the friction coefficient) in the
     *                        window before a collapse is counted as corroborating evidence
     * @param minNormalShare  the ratio is only computed where the normal force is at least this share of its
     *                        plateau (near zero normal force the ratio means nothing)
     * @param ratioWindowNanos how far before the collapse the ratio is looked at
     * @param loadAxis        which force channel carries the object's weight (the generator's z = 2), for the
     *                        load lost at a drop (evidence only)
     */
    public record SlipThresholds(double collapseShare, long openingLookback, int normalAxis, double frictionRatio,
                                 double minNormalShare, long ratioWindowNanos, int loadAxis) {

        public SlipThresholds {
            if (!(collapseShare > 0 && collapseShare < 1) || !(minNormalShare > 0 && minNormalShare < 1)) {
                throw new IllegalArgumentException("collapse and normal-force shares must be in (0, 1)");
            }
            if (normalAxis < 0 || normalAxis > 2 || loadAxis < 0 || loadAxis > 2) {
                throw new IllegalArgumentException("normal and load axes are force channel indexes 0-2");
            }
            if (openingLookback < 0 || ratioWindowNanos < 0 || !(frictionRatio > 0)) {
                throw new IllegalArgumentException("slip durations must not be negative, the ratio must be > 0");
            }
        }

        public static SlipThresholds defaults() {
            return new SlipThresholds(0.9, 100_000_000L, 1, 1.0, 0.3, 300_000_000L, 2);
        }
    }

    /**
     * @param stillSpeed      arm speed (norm of every configured arm velocity channel of every hand, rad/s) below
     *                        which the arms are idle
     * @param minPauseNanos   a mid-task idle run (arms still and every gripper still) shorter than this is not a
     *                        hesitation
     * @param settleNanos     a pause that starts within this long after a grasp attempt's contact onset is the
     *                        grasp settling before the lift, not a hesitation
     * @param jerkStepNanos   jerk is the second difference of the smoothed joint velocity at this step
     * @param abruptNanos     a pause is a hesitation only when the arms were moving fast right before it and right
     *                        after it: the arm speed at some point within this long before its start, and within this
     *                        long after its end, reaches {@code abruptShare} of the episode's peak arm speed (its 95th
     *                        percentile). Smooth movements slow to a near stop where they join, gradually; an
     *                        operator who hesitates stops mid-movement
     * @param abruptShare     see abruptNanos
     */
    public record MotionFlags(double stillSpeed, long minPauseNanos, long settleNanos, long jerkStepNanos,
                              long abruptNanos, double abruptShare) {

        public MotionFlags {
            if (!(stillSpeed > 0) || minPauseNanos < 0 || settleNanos < 0 || jerkStepNanos <= 0 || abruptNanos < 0) {
                throw new IllegalArgumentException("idle speed must be > 0, durations not negative");
            }
            if (!(abruptShare >= 0 && abruptShare < 1)) {
                throw new IllegalArgumentException("the abrupt-stop share must be in [0, 1)");
            }
        }

        /** Without the abrupt-stop rule: every long enough mid-task pause is a hesitation. */
        public MotionFlags(double stillSpeed, long minPauseNanos, long settleNanos, long jerkStepNanos) {
            this(stillSpeed, minPauseNanos, settleNanos, jerkStepNanos, 0, 0);
        }

        public static MotionFlags defaults() {
            return new MotionFlags(0.01, ABRUPT_MIN_PAUSE, 500_000_000L, 50_000_000L, ABRUPT_WINDOW, ABRUPT_SHARE);
        }
    }

    static final double NOISE_RATIO = 2;
    static final long ABRUPT_MIN_PAUSE = 200_000_000L;
    static final long ABRUPT_WINDOW = 250_000_000L;
    static final double ABRUPT_SHARE = 0.2;

    /**
     * @param gapFactor          a timestamp step longer than this many times the stream's nominal interval (the
     *                           median of its first 64 steps) is a dropout
     * @param minSaturationNanos a channel held at a configured limit at least this long is saturated
     * @param limits             configured joint position or effort limits of any configured stream; empty (the
     *                           default: the generator has no limits) = no saturation is detected
     */
    public record HealthFlags(double gapFactor, long minSaturationNanos, List<Limit> limits) {

        public HealthFlags {
            limits = List.copyOf(limits);
            if (!(gapFactor > 1) || minSaturationNanos <= 0) {
                throw new IllegalArgumentException("gap factor must be > 1 and the saturation time > 0");
            }
        }

        public static HealthFlags defaults() {
            return new HealthFlags(3, 200_000_000L, List.of());
        }
    }

    /**
     * A channel's limits: within {@code margin} of {@code min} or {@code max} counts as at the limit.
     */
    public record Limit(String stream, String channel, double min, double max, double margin) {
        public Limit {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(channel, "channel");
            if (!(max > min) || margin < 0) {
                throw new IllegalArgumentException("limit of " + stream + " " + channel + " needs min < max");
            }
        }
    }

    /**
     * When a flag makes the suggested verdict a reject, and with which reason code of the schema's verdict
     * definition. A flag at or above its threshold rejects. Task-relative thresholds apply only to flags computed
     * over a task's episodes ({@link QualityProposers#withinTask}).
     *
     * @param jerkP95          too_noisy: joint jerk p95 (rad/s³); the default is about 3x what the generator's
     *                         sensor noise gives (5.8-6.4 on run seed 2026)
     * @param durationZ        too_slow: robust z-score of the duration within the task
     * @param pathRatio        too_slow: path length over the task's median
     * @param hesitationSeconds hesitation: total mid-task pause time (s)
     * @param failedAttempts   failed_attempt: grasp attempts that ended in a drop
     * @param longestGapSeconds sensor_dropout: longest dropout of a configured stream (s)
     * @param saturationSeconds sensor_dropout is not it: saturation has no reason code of its own in the starter
     *                         schema, so it rejects as too_noisy (s)
     * @param repeatedAttempts failed_attempt: this many grasp attempts or more (a regrasp: the first grasp let go
     *                         and taken again) even when none was dropped
     * @param noiseRatio       too_noisy: a configured stream's sample-to-sample noise over the task's median for that
     *                         stream ({@code noise.ratio}, task-relative)
     */
    public record VerdictThresholds(double jerkP95, double durationZ, double pathRatio, double hesitationSeconds,
                                    double failedAttempts, double longestGapSeconds, double saturationSeconds,
                                    double repeatedAttempts, double noiseRatio) {

        public VerdictThresholds {
            for (double v : new double[]{jerkP95, durationZ, pathRatio, hesitationSeconds, failedAttempts,
                    longestGapSeconds, saturationSeconds, repeatedAttempts, noiseRatio}) {
                if (!(v > 0)) {
                    throw new IllegalArgumentException("verdict thresholds must be > 0");
                }
            }
        }

        /** With the defaults for a repeated grasp (two attempts) and for noise.ratio. */
        public VerdictThresholds(double jerkP95, double durationZ, double pathRatio, double hesitationSeconds,
                                 double failedAttempts, double longestGapSeconds, double saturationSeconds) {
            this(jerkP95, durationZ, pathRatio, hesitationSeconds, failedAttempts, longestGapSeconds,
                    saturationSeconds, 2, NOISE_RATIO);
        }

        public static VerdictThresholds defaults() {
            return new VerdictThresholds(20, 3.0, 1.5, 0.4, 1, 0.5, 1.0, 2, NOISE_RATIO);
        }
    }
}
