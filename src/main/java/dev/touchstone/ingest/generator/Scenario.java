package dev.touchstone.ingest.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The world of one synthetic episode as a pure function of time: where both hands are, how far the fingers are
 * closed, how hard they squeeze, where the object is. Every sensor samples this same model, which is what makes
 * the streams agree with each other and with the ground truth (a camera shows the object falling exactly when the
 * wrist force drops).
 * <p>
 * Frame: x forward from the robot, y to its left, z up; metres; the table top is z = 0. Hands are indexed 0 = left
 * (side +1), 1 = right (side -1). All randomness is drawn here, once, from the seed.
 */
final class Scenario {

    static final String[] PHASES = {"reach", "grasp", "lift", "transport", "place", "release", "retract"};
    private static final double[] PHASE_SHARE = {0.17, 0.11, 0.10, 0.24, 0.12, 0.09, 0.17};
    static final double G = 9.81;
    static final double HAND_MASS = 0.65;
    static final double LIFT = 0.15;
    /** Distance from the object face to the palm centre when touching it. */
    static final double PALM = 0.025;

    enum Outcome { SUCCESS, SLIP, FAIL }

    record Event(String label, int hand, double time) {
    }

    final long seed;
    final double duration;
    /** Phase boundaries: phase i runs from bounds[i] to bounds[i + 1]. */
    final double[] bounds = new double[PHASES.length + 1];
    final Outcome outcome;
    final double[] objectSize;
    final double objectMass;
    final double[] start;
    final double[] target;
    final double[] home = {0.22, 0.30, 0.18};
    final double gripMax;
    final double contactOn;
    final double contactOff;
    /** When the grip is lost (slip or fail), or infinity. */
    final double slipTime;
    /** When a lost object lands on the table, or infinity. */
    final double dropTime;
    private final double[] dropFrom = new double[3];
    private final double[][] keyTimes = new double[2][];
    private final double[][][] keyPositions = new double[2][][];

    Scenario(long seed, double duration) {
        this.seed = seed;
        this.duration = duration;
        SplittableRandom random = new SplittableRandom(seed);
        double[] shares = new double[PHASES.length];
        double sum = 0;
        for (int i = 0; i < shares.length; i++) {
            shares[i] = PHASE_SHARE[i] * (0.8 + 0.4 * random.nextDouble());
            sum += shares[i];
        }
        for (int i = 0; i < shares.length; i++) {
            bounds[i + 1] = bounds[i] + duration * shares[i] / sum;
        }
        bounds[PHASES.length] = duration;
        double roll = random.nextDouble();
        outcome = roll < 0.2 ? Outcome.SLIP : roll < 0.35 ? Outcome.FAIL : Outcome.SUCCESS;
        objectSize = new double[]{0.12 + 0.06 * random.nextDouble(), 0.20 + 0.08 * random.nextDouble(),
                0.10 + 0.06 * random.nextDouble()};
        objectMass = 0.4 + 1.2 * random.nextDouble();
        start = new double[]{0.55 + 0.10 * random.nextDouble(), 0.12 + 0.10 * random.nextDouble(), 0};
        target = new double[]{0.55 + 0.10 * random.nextDouble(), -0.12 - 0.10 * random.nextDouble(), 0};
        gripMax = 14 + 10 * random.nextDouble();
        contactOn = phaseStart(1) + 0.5 * phaseLength(1);
        double releaseOpen = phaseStart(5) + 0.4 * phaseLength(5);
        double slip = Double.POSITIVE_INFINITY;
        if (outcome == Outcome.SLIP) {
            slip = phaseStart(3) + (0.3 + 0.4 * random.nextDouble()) * phaseLength(3);
        } else if (outcome == Outcome.FAIL) {
            slip = phaseStart(2) + (0.15 + 0.25 * random.nextDouble()) * phaseLength(2);
        }
        slipTime = slip;
        contactOff = Double.isInfinite(slip) ? releaseOpen : slip + 0.08;
        for (int hand = 0; hand < 2; hand++) {
            buildPath(hand, releaseOpen);
        }
        if (Double.isFinite(slip)) {
            double[] at = new double[3];
            carriedCentre(contactOff, at);
            System.arraycopy(at, 0, dropFrom, 0, 3);
            double height = at[2] - objectSize[2] / 2;
            dropTime = contactOff + Math.sqrt(2 * Math.max(height, 1e-4) / G);
        } else {
            dropTime = Double.POSITIVE_INFINITY;
        }
    }

    double phaseStart(int phase) {
        return bounds[phase];
    }

    double phaseLength(int phase) {
        return bounds[phase + 1] - bounds[phase];
    }

    static double side(int hand) {
        return hand == 0 ? 1 : -1;
    }

    /** Keyframes of the palm centre, joined by minimum-jerk segments (how human teleoperators move). */
    private void buildPath(int hand, double releaseOpen) {
        double s = side(hand);
        double half = objectSize[1] / 2;
        double zc = objectSize[2] / 2;
        double[] homeP = {home[0], s * home[1], home[2]};
        double[] pre = {start[0], start[1] + s * (half + PALM + 0.07), zc + 0.02};
        double[] touch = {start[0], start[1] + s * (half + PALM), zc};
        double[] lifted = {touch[0], touch[1], zc + LIFT};
        double[] over = {target[0], target[1] + s * (half + PALM), zc + LIFT};
        double[] placed = {target[0], target[1] + s * (half + PALM), zc};
        double[] away = {target[0], target[1] + s * (half + PALM + 0.08), zc + 0.03};
        keyTimes[hand] = new double[]{0, bounds[1], contactOn, bounds[2], bounds[3], bounds[4], bounds[5],
                releaseOpen, bounds[6], bounds[7]};
        keyPositions[hand] = new double[][]{homeP, pre, touch, touch, lifted, over, placed, placed, away, homeP};
    }

    private static double minJerk(double u) {
        return u * u * u * (10 - 15 * u + 6 * u * u);
    }

    private static double minJerkRate(double u) {
        return 30 * u * u * (1 - u) * (1 - u);
    }

    private static double minJerkAcceleration(double u) {
        return 60 * u - 180 * u * u + 120 * u * u * u;
    }

    /**
     * Palm position, velocity and acceleration of one hand.
     *
     * @param out 9 values: position, velocity, acceleration
     */
    void hand(int hand, double t, double[] out) {
        double[] times = keyTimes[hand];
        double[][] points = keyPositions[hand];
        int k = 0;
        while (k < times.length - 2 && t >= times[k + 1]) {
            k++;
        }
        double span = times[k + 1] - times[k];
        double u = Math.clamp((t - times[k]) / span, 0, 1);
        for (int i = 0; i < 3; i++) {
            double delta = points[k + 1][i] - points[k][i];
            out[i] = points[k][i] + delta * minJerk(u);
            out[3 + i] = delta * minJerkRate(u) / span;
            out[6 + i] = delta * minJerkAcceleration(u) / (span * span);
        }
    }

    /** Whether the hands hold the object at time t. */
    boolean holding(double t) {
        return t >= contactOn && t < contactOff;
    }

    /** Squeeze force of one hand in newtons: ramps up after contact, down while releasing or slipping. */
    double grip(int hand, double t) {
        double on = contactOn + 0.01 * hand;
        if (t < on) {
            return 0;
        }
        double rise = minJerk(Math.clamp((t - on) / 0.35, 0, 1));
        double fall;
        if (Double.isFinite(slipTime)) {
            // A lost grip collapses in tens of milliseconds.
            fall = 1 - minJerk(Math.clamp((t - slipTime) / 0.08, 0, 1));
        } else {
            fall = 1 - minJerk(Math.clamp((t - phaseStart(5)) / (contactOff - phaseStart(5)), 0, 1));
        }
        double weak = outcome == Outcome.FAIL ? 0.45 : 1;
        return gripMax * weak * rise * fall;
    }

    /** How far the fingers are closed, 0 (open) to 1 (fist). */
    double closure(double t) {
        double grasped = 0.62;
        double closing = minJerk(Math.clamp((t - (contactOn - 0.25)) / 0.5, 0, 1));
        double value = 0.1 + (grasped - 0.1) * closing;
        if (Double.isFinite(slipTime)) {
            // Nothing left between the fingers: the hand closes on air, then the operator opens it at release.
            value += (0.95 - grasped) * minJerk(Math.clamp((t - slipTime) / 0.25, 0, 1));
        }
        double opening = minJerk(Math.clamp((t - phaseStart(5)) / (0.4 * phaseLength(5)), 0, 1));
        return value - (value - 0.1) * opening;
    }

    private void carriedCentre(double t, double[] out) {
        double[] l = new double[9];
        double[] r = new double[9];
        hand(0, t, l);
        hand(1, t, r);
        for (int i = 0; i < 3; i++) {
            out[i] = (l[i] + r[i]) / 2;
        }
    }

    /** Centre of the object's box. */
    void object(double t, double[] out) {
        double zc = objectSize[2] / 2;
        if (t < contactOn) {
            out[0] = start[0];
            out[1] = start[1];
            out[2] = zc;
        } else if (holding(t)) {
            carriedCentre(t, out);
        } else if (Double.isFinite(slipTime)) {
            double fall = t - contactOff;
            out[0] = dropFrom[0];
            out[1] = dropFrom[1];
            out[2] = Math.max(zc, dropFrom[2] - 0.5 * G * fall * fall);
        } else {
            out[0] = target[0];
            out[1] = target[1];
            out[2] = zc;
        }
    }

    /** Phases, contact and slip events, in time order, for the ground truth. */
    List<Event> events() {
        List<Event> events = new ArrayList<>();
        for (int hand = 0; hand < 2; hand++) {
            events.add(new Event("contact_on", hand, contactOn + 0.01 * hand));
        }
        if (Double.isFinite(slipTime)) {
            events.add(new Event("slip_onset", -1, slipTime));
        }
        for (int hand = 0; hand < 2; hand++) {
            events.add(new Event("contact_off", hand, contactOff + 0.005 * hand));
        }
        if (Double.isFinite(dropTime)) {
            events.add(new Event("object_drop", -1, dropTime));
        } else {
            events.add(new Event("object_table_contact", -1, phaseStart(5)));
        }
        events.sort((a, b) -> Double.compare(a.time(), b.time()));
        return events;
    }

    /** Shoulder position of one hand's arm. */
    double[] shoulder(int hand) {
        return new double[]{-0.05, side(hand) * 0.21, 0.38};
    }

    /** A plausible elbow: below and outside the straight shoulder-hand line. */
    double[] elbow(int hand, double[] palm) {
        double[] sh = shoulder(hand);
        return new double[]{(sh[0] + palm[0]) / 2 - 0.02, (sh[1] + palm[1]) / 2 + side(hand) * 0.12,
                (sh[2] + palm[2]) / 2 - 0.12};
    }
}
