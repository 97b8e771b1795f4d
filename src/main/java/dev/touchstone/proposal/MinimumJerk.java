package dev.touchstone.proposal;

/**
 * The minimum-jerk profile (Flash and Hogan 1985), which human point-to-point movements and teleoperated robots
 * follow closely: position s(u) = 10u³ − 15u⁴ + 6u⁵ over normalised time u in [0, 1], speed ∝ 30u²(1 − u)², peak
 * speed at u = ½. The proposers use it to place the true start or end of a movement (or of a force fading out)
 * from the times two thresholds are crossed, instead of taking a threshold crossing as the start: near its ends the
 * profile is flat, so any threshold is crossed late at a start and early at an end.
 */
final class MinimumJerk {

    private MinimumJerk() {
    }

    /** u in [0, ½] at which the speed is {@code fraction} of its peak (16u²(1 − u)² = fraction). */
    static double speedRise(double fraction) {
        double q = Math.sqrt(Math.clamp(fraction, 0, 1) / 16);
        return (1 - Math.sqrt(Math.max(0, 1 - 4 * q))) / 2;
    }

    /** u in [0, 1] at which a quantity falling from its plateau along the profile has {@code fraction} left. */
    static double fallRemaining(double fraction) {
        double f = Math.clamp(fraction, 0, 1);
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < 50; i++) {
            double mid = (lo + hi) / 2;
            double remaining = 1 - position(mid);
            if (remaining > f) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    static double position(double u) {
        return u * u * u * (10 - 15 * u + 6 * u * u);
    }

    /**
     * Where a rise starts: it crossed fraction {@code f1} of its peak at {@code t1} and {@code f2 > f1} at
     * {@code t2 > t1}. Returns t1 when the two crossings do not give a usable duration.
     */
    static long riseStart(long t1, double f1, long t2, double f2) {
        double u1 = speedRise(f1);
        double u2 = speedRise(f2);
        if (!(u2 > u1) || t2 <= t1) {
            return t1;
        }
        double duration = (t2 - t1) / (u2 - u1);
        return t1 - Math.round(u1 * duration);
    }
}
