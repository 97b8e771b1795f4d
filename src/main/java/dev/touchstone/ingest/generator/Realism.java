package dev.touchstone.ingest.generator;

/**
 * How often the generator's episodes show what real teleoperation has (docs/generator.md, "Disturbances"): each
 * share is the probability, per episode, that the disturbance happens, drawn from the episode's seed independently
 * of the others and of the world (so turning one off does not change the rest of an episode).
 *
 * @param hesitation  the operator stops mid-movement for 0.3-1.5 s (once, or twice in a quarter of those episodes)
 * @param regrasp     the first grasp is let go and taken again (an extra contact-off and contact-on per hand)
 * @param slowOperator the whole episode runs 1.5-2.2 times slower (and longer) than the nominal duration
 * @param noisySensor one or two sensor families (arm joints, hand joints, wrist force-torque, tactile, IMU) are
 *                    2.5-5 times noisier than the base levels for the whole episode
 * @param dropout     one or two streams lose 50-400 ms of samples
 */
public record Realism(double hesitation, double regrasp, double slowOperator, double noisySensor, double dropout) {

    public Realism {
        for (double share : new double[]{hesitation, regrasp, slowOperator, noisySensor, dropout}) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("disturbance shares must be 0-1, got " + share);
            }
        }
    }

    /**
     * What the generator does by default: 30 % hesitation, 15 % regrasp, 15 % slow operator, 20 % noisy sensor,
     * 50 % dropout. Chosen, not measured from real recordings: often enough that each kind occurs in dozens of the
     * 200 episodes of the proposer benchmark, rare enough that clean episodes remain a quarter of them.
     */
    public static Realism defaults() {
        return new Realism(0.3, 0.15, 0.15, 0.2, 0.5);
    }

    /** Clean episodes: no hesitation, regrasp, slow operator or noisy sensor, and no dropouts. */
    public static Realism none() {
        return new Realism(0, 0, 0, 0, 0);
    }
}
