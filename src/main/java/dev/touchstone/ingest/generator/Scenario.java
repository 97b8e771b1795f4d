package dev.touchstone.ingest.generator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The world of one synthetic episode as a pure function of time: where both hands are, how far the fingers are
 * closed, how hard they squeeze, where the object is. Every sensor samples this same model, which is what makes
 * the streams agree with each other and with the ground truth (a camera shows the object falling exactly when the
 * wrist force drops).
 * <p>
 * Frame: x forward from the robot, y to its left, z up; metres; the table top is z = 0. Hands are indexed 0 = left
 * (side +1), 1 = right (side -1). All randomness is drawn here, once, from the seed.
 * <p>
 * Two clocks: the task runs on a nominal clock (the plan: keyframes, grip, closure, phase shares of the nominal
 * duration), and the operator's wall clock maps onto it through a warp that is stretched by a slow operator and
 * frozen by hesitations and by a regrasp ({@link Realism}). Everything a sensor sees, every field and every
 * ground-truth time below is in wall-clock seconds; the nominal values are private.
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

    static final String[] OBJECTS = {"cube", "mug", "bottle"};
    static final String[] LIGHTING = {"bright", "dim", "backlit"};
    static final String[] SURFACES = {"wood", "cloth", "steel"};
    static final String[] OPERATORS = {"op-1", "op-2", "op-3", "op-4"};

    /**
     * The episode's design factors (docs/generator.md, "Factors"), drawn from the seed: what the object is (its colour
     * in the cameras), the lighting and the table's surface (how the cameras see the scene, the surface also in the
     * LiDAR's reflectivity), who operated, and the object's start pose: where it stands (the box's centre, metres) and
     * its yaw, a quarter turn about z (a box turned 90 or 270 degrees has its x and y sizes swapped).
     */
    record Factors(String object, String lighting, String surface, String operator, double objectX, double objectY,
                   int objectYawDegrees) {
    }

    record Event(String label, int hand, double time) {
    }

    /**
     * A disturbance of the episode, for the ground truth: what happened, when (wall-clock seconds, [start, end)),
     * on which stream (noise, dropout) and by how much (slow operator and noise: the factor; otherwise 1).
     */
    record Disturbance(String kind, double start, double end, String stream, double factor) {
    }

    /**
     * A stretch where the task clock stops: the rate falls to zero along a minimum-jerk ramp of {@code ramp}
     * seconds, stays there for {@code hold} and rises again, so the hands decelerate instead of freezing in place.
     * The nominal clock loses {@code hold + ramp} seconds to it.
     */
    private record Pause(double wallStart, double ramp, double hold) {
        double lost() {
            return hold + ramp;
        }

        double end() {
            return wallStart + 2 * ramp + hold;
        }

        /** How much of the clock has stopped at t, 0-1. */
        double stopped(double t) {
            double u = t - wallStart;
            if (u <= 0 || u >= 2 * ramp + hold) {
                return 0;
            }
            if (u < ramp) {
                return minJerk(u / ramp);
            }
            if (u < ramp + hold) {
                return 1;
            }
            return 1 - minJerk((u - ramp - hold) / ramp);
        }

        double stoppedRate(double t) {
            double u = t - wallStart;
            if (ramp <= 0 || u <= 0 || u >= 2 * ramp + hold || (u >= ramp && u < ramp + hold)) {
                return 0;
            }
            return u < ramp ? minJerkRate(u / ramp) / ramp : -minJerkRate((u - ramp - hold) / ramp) / ramp;
        }

        /** Seconds lost up to t (the integral of stopped). */
        double lostBy(double t) {
            double u = t - wallStart;
            if (u <= 0) {
                return 0;
            }
            if (ramp > 0 && u < ramp) {
                return ramp * minJerkIntegral(u / ramp);
            }
            if (u < ramp + hold) {
                return ramp / 2 + (u - ramp);
            }
            if (u < 2 * ramp + hold) {
                double x = (u - ramp - hold) / ramp;
                return ramp / 2 + hold + ramp * (x - minJerkIntegral(x));
            }
            return lost();
        }
    }

    /** The first grasp let go and taken again, in wall-clock seconds while the task clock is frozen. */
    private record Regrasp(double start, double fall, double open, double rise) {
        double end() {
            return start + fall + open + rise + 0.05;
        }

        double reclose() {
            return start + fall + open;
        }
    }

    final long seed;
    /** Wall-clock length of the episode (the nominal duration, stretched and with its pauses). */
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
    /** When the final grasp closes on the object (after a regrasp: the second one). */
    final double contactOn;
    final double contactOff;
    /** When the grip is lost (slip or fail), or infinity. */
    final double slipTime;
    /** When a lost object lands on the table, or infinity. */
    final double dropTime;
    /** Slow operator's factor (1 = nominal speed). */
    final double slowness;
    final List<Disturbance> disturbances = new ArrayList<>();
    final Factors factors;
    final EpisodeGenerator.Variant variant;
    /** The real variant's actuation delay in seconds: its world runs this much behind the command (0 otherwise). */
    final double latency;
    /** The real variant's extra delay of the first grasp's grip onset, nominal seconds (0 otherwise). */
    final double contactLag;
    /** 1 for sensors with their base noise, 0 for the simulated variant's exact readings. */
    final double sensorNoise;
    /** When a lost object's fall begins, on the command clock (contactOff without the latency). */
    private final double commandContactOff;
    private final double nominalDuration;
    private final double[] nominalBounds = new double[PHASES.length + 1];
    private final double nominalContactOn;
    private final double nominalContactOff;
    private final double nominalSlip;
    private final List<Pause> pauses = new ArrayList<>();
    private final Regrasp regrasp;
    private final Map<String, Double> noise = new HashMap<>();
    private final double[] dropFrom = new double[3];
    private final double[][] keyTimes = new double[2][];
    private final double[][][] keyPositions = new double[2][][];

    Scenario(long seed, double duration) {
        this(seed, duration, Realism.none());
    }

    Scenario(long seed, double nominalDuration, Realism realism) {
        this(seed, nominalDuration, realism, EpisodeGenerator.Variant.NONE);
    }

    /**
     * @param nominalDuration the task's length at nominal speed without pauses (the generator's option)
     * @param variant         SIM: exact sensors (no base noise; the caller passes no noisy sensor and no dropouts);
     *                        REAL: its world lags the command by an actuation delay of 40-120 ms and its first grip
     *                        closes 5-30 ms later; both draw everything else from the seed as NONE does
     */
    Scenario(long seed, double nominalDuration, Realism realism, EpisodeGenerator.Variant variant) {
        this.seed = seed;
        this.variant = variant;
        SplittableRandom lag = new SplittableRandom(seed ^ 0x1A7E_4C70_5EEDL);
        double latencyDraw = 0.040 + 0.080 * lag.nextDouble();
        double lagDraw = 0.005 + 0.025 * lag.nextDouble();
        this.latency = variant == EpisodeGenerator.Variant.REAL ? Math.round(latencyDraw * 1000) / 1000.0 : 0;
        this.contactLag = variant == EpisodeGenerator.Variant.REAL ? Math.round(lagDraw * 1000) / 1000.0 : 0;
        this.sensorNoise = variant == EpisodeGenerator.Variant.SIM ? 0 : 1;
        this.nominalDuration = nominalDuration;
        double[] bounds = nominalBounds;
        SplittableRandom random = new SplittableRandom(seed);
        double[] shares = new double[PHASES.length];
        double sum = 0;
        for (int i = 0; i < shares.length; i++) {
            shares[i] = PHASE_SHARE[i] * (0.8 + 0.4 * random.nextDouble());
            sum += shares[i];
        }
        for (int i = 0; i < shares.length; i++) {
            bounds[i + 1] = bounds[i] + nominalDuration * shares[i] / sum;
        }
        bounds[PHASES.length] = nominalDuration;
        double roll = random.nextDouble();
        outcome = roll < 0.2 ? Outcome.SLIP : roll < 0.35 ? Outcome.FAIL : Outcome.SUCCESS;
        objectSize = new double[]{0.12 + 0.06 * random.nextDouble(), 0.20 + 0.08 * random.nextDouble(),
                0.10 + 0.06 * random.nextDouble()};
        objectMass = 0.4 + 1.2 * random.nextDouble();
        start = new double[]{0.55 + 0.10 * random.nextDouble(), 0.12 + 0.10 * random.nextDouble(), 0};
        // Factors come from their own random stream, so that the draws above stay what they were before factors.
        SplittableRandom draw = new SplittableRandom(seed ^ 0xFAC7_0125_0B1EL);
        String object = OBJECTS[draw.nextInt(OBJECTS.length)];
        String lighting = LIGHTING[draw.nextInt(LIGHTING.length)];
        String surface = SURFACES[draw.nextInt(SURFACES.length)];
        String operator = OPERATORS[draw.nextInt(OPERATORS.length)];
        int yaw = 90 * draw.nextInt(4);
        if (yaw % 180 != 0) {
            double turned = objectSize[0];
            objectSize[0] = objectSize[1];
            objectSize[1] = turned;
        }
        factors = new Factors(object, lighting, surface, operator, start[0], start[1], yaw);
        target = new double[]{0.55 + 0.10 * random.nextDouble(), -0.12 - 0.10 * random.nextDouble(), 0};
        gripMax = 14 + 10 * random.nextDouble();
        nominalContactOn = nominalStart(1) + 0.5 * nominalLength(1);
        double releaseOpen = nominalStart(5) + 0.4 * nominalLength(5);
        double slip = Double.POSITIVE_INFINITY;
        if (outcome == Outcome.SLIP) {
            slip = nominalStart(3) + (0.3 + 0.4 * random.nextDouble()) * nominalLength(3);
        } else if (outcome == Outcome.FAIL) {
            slip = nominalStart(2) + (0.15 + 0.25 * random.nextDouble()) * nominalLength(2);
        }
        nominalSlip = slip;
        nominalContactOff = Double.isInfinite(slip) ? releaseOpen : slip + 0.08;
        for (int hand = 0; hand < 2; hand++) {
            buildPath(hand, releaseOpen);
        }

        // Disturbances come from their own random stream, so that the world above is the same with or without them.
        SplittableRandom disturb = new SplittableRandom(seed ^ 0x7E1E_0D0E_2A7EL);
        double rollSlow = disturb.nextDouble();
        double slowFactor = 1.5 + 0.7 * disturb.nextDouble();
        double rollHesitate = disturb.nextDouble();
        double rollTwice = disturb.nextDouble();
        double rollRegrasp = disturb.nextDouble();
        double rollNoise = disturb.nextDouble();
        slowness = rollSlow < realism.slowOperator() ? slowFactor : 1;
        // Pauses in nominal time, placed mid-movement (never in the grasp's still, nor around a slip and drop).
        List<double[]> planned = new ArrayList<>();
        if (rollHesitate < realism.hesitation()) {
            int[] candidates = {0, 2, 3, 4, 6};
            int count = rollTwice < 0.25 ? 2 : 1;
            int first = disturb.nextInt(candidates.length);
            for (int k = 0; k < count; k++) {
                int phase = candidates[(first + 2 * k) % candidates.length];
                double at = nominalStart(phase) + (0.3 + 0.4 * disturb.nextDouble()) * nominalLength(phase);
                double hold = 0.3 + 1.2 * disturb.nextDouble();
                if (Double.isFinite(slip) && at > slip - 1 && at < nominalContactOff + 1.5) {
                    continue;
                }
                if (Double.isFinite(slip) && phase > 3) {
                    // After a lost grip the object falls on the wall clock; a pause would freeze the hands but not the
                    // fall, and the place and release that follow have nothing in hand, so none there.
                    continue;
                }
                planned.add(new double[]{at, 0.15, hold, 0});
            }
        }
        double regraspAt = nominalContactOn + 0.45;
        double regraspOpen = 0.25 + 0.3 * disturb.nextDouble();
        if (rollRegrasp < realism.regrasp() && regraspAt < nominalStart(2) - 0.05) {
            // A hard stop: hands and grip are still there (the grip has settled), so nothing jumps.
            planned.add(new double[]{regraspAt, 0, 0.15 + regraspOpen + 0.35 + 0.05, 1});
        }
        planned.sort((a, b) -> Double.compare(a[0], b[0]));
        double lostSoFar = 0;
        Regrasp taken = null;
        for (double[] p : planned) {
            double wallStart = slowness * p[0] + lostSoFar - p[1] / 2;
            Pause pause = new Pause(wallStart, p[1], p[2]);
            pauses.add(pause);
            lostSoFar += pause.lost();
            if (p[3] == 1) {
                taken = new Regrasp(wallStart, 0.15, regraspOpen, 0.35);
            }
        }
        regrasp = taken;
        // Below, the command clock (what the operator commands) is shifted by the real variant's latency into the
        // wall clock its sensors record: the world, and with it every ground-truth time, starts that much later.
        duration = slowness * nominalDuration + lostSoFar + latency;
        for (int i = 0; i <= PHASES.length; i++) {
            this.bounds[i] = wall(nominalBounds[i]) + latency;
        }
        this.bounds[0] = 0;
        this.bounds[PHASES.length] = duration;
        contactOn = (regrasp != null ? regrasp.reclose() : wall(nominalContactOn + contactLag)) + latency;
        slipTime = Double.isFinite(nominalSlip) ? wall(nominalSlip) + latency : Double.POSITIVE_INFINITY;
        commandContactOff = wall(nominalContactOff);
        contactOff = commandContactOff + latency;
        if (Double.isFinite(slip)) {
            double[] at = new double[3];
            carriedCentre(commandContactOff, at);
            System.arraycopy(at, 0, dropFrom, 0, 3);
            double height = at[2] - objectSize[2] / 2;
            dropTime = contactOff + Math.sqrt(2 * Math.max(height, 1e-4) / G);
        } else {
            dropTime = Double.POSITIVE_INFINITY;
        }

        if (slowness != 1) {
            disturbances.add(new Disturbance("slow_operator", 0, duration, null, slowness));
        }
        for (Pause pause : pauses) {
            if (regrasp != null && pause.wallStart() == regrasp.start()) {
                disturbances.add(new Disturbance("regrasp", regrasp.start() + latency, regrasp.end() + latency,
                        null, 1));
            } else {
                // The span where the task clock runs at less than half speed: the hands are (nearly) still.
                disturbances.add(new Disturbance("hesitation", pause.wallStart() + pause.ramp() / 2 + latency,
                        pause.end() - pause.ramp() / 2 + latency, null, 1));
            }
        }
        if (rollNoise < realism.noisySensor()) {
            int families = 1 + disturb.nextInt(2);
            int first = disturb.nextInt(NOISE_FAMILIES.length);
            for (int k = 0; k < families; k++) {
                String family = NOISE_FAMILIES[(first + k) % NOISE_FAMILIES.length];
                double factor = Math.round((2.5 + 2.5 * disturb.nextDouble()) * 100) / 100.0;
                noise.put(family, factor);
                disturbances.add(new Disturbance("sensor_noise", 0, duration, family, factor));
            }
        }
    }

    /** Sensor families a noisy episode can make noisier; a family is a stream name without its side. */
    static final String[] NOISE_FAMILIES = {"arm/joints", "hand/joints", "wrist/force_torque", "hand/tactile",
            "torso/imu"};

    /** How much noisier than its base level a stream is in this episode (1 = base level, 0 = exact). */
    double noiseFactor(String stream) {
        String family = stream.startsWith("left_") ? stream.substring(5)
                : stream.startsWith("right_") ? stream.substring(6) : stream;
        return sensorNoise * noise.getOrDefault(family, 1.0);
    }

    /** The command clock at wall time t: the real variant's world lags by its latency, and before that stands still. */
    private double command(double t) {
        return latency == 0 ? t : Math.max(0, t - latency);
    }

    /** The task clock at wall time t (nominal seconds). */
    double tau(double t) {
        double lost = 0;
        for (Pause pause : pauses) {
            lost += pause.lostBy(t);
        }
        return (t - lost) / slowness;
    }

    /** d tau / dt and its derivative at wall time t. */
    private double rate(double t, double[] derivative) {
        double stopped = 0;
        double change = 0;
        for (Pause pause : pauses) {
            stopped += pause.stopped(t);
            change += pause.stoppedRate(t);
        }
        derivative[0] = -change / slowness;
        return (1 - stopped) / slowness;
    }

    /** The first wall time at which the task clock reaches nominal time tau. */
    private double wall(double tau) {
        double lo = 0;
        double hi = slowness * nominalDuration + 1e-9;
        for (Pause pause : pauses) {
            hi += pause.lost();
        }
        for (int i = 0; i < 80; i++) {
            double mid = (lo + hi) / 2;
            if (tau(mid) >= tau) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    double nominalDuration() {
        return nominalDuration;
    }

    private double nominalStart(int phase) {
        return nominalBounds[phase];
    }

    private double nominalLength(int phase) {
        return nominalBounds[phase + 1] - nominalBounds[phase];
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
        double[] b = nominalBounds;
        keyTimes[hand] = new double[]{0, b[1], nominalContactOn, b[2], b[3], b[4], b[5], releaseOpen, b[6], b[7]};
        keyPositions[hand] = new double[][]{homeP, pre, touch, touch, lifted, over, placed, placed, away, homeP};
    }

    private static double minJerk(double u) {
        return u * u * u * (10 - 15 * u + 6 * u * u);
    }

    private static double minJerkRate(double u) {
        return 30 * u * u * (1 - u) * (1 - u);
    }

    /** The integral of minJerk from 0 to u (½ at u = 1). */
    private static double minJerkIntegral(double u) {
        return u * u * u * u * (2.5 - 3 * u + u * u);
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
        commandHand(hand, command(t), out);
    }

    private void commandHand(int hand, double t, double[] out) {
        double[] dRate = new double[1];
        double r = rate(t, dRate);
        nominalHand(hand, tau(t), out);
        for (int i = 0; i < 3; i++) {
            // Chain rule through the warp: v = v_task r, a = a_task r² + v_task r'.
            double v = out[3 + i];
            out[3 + i] = v * r;
            out[6 + i] = out[6 + i] * r * r + v * dRate[0];
        }
    }

    private void nominalHand(int hand, double t, double[] out) {
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
        return commandHolding(command(t));
    }

    private boolean commandHolding(double t) {
        double task = tau(t);
        return task >= nominalContactOn && task < nominalContactOff;
    }

    /** Wall times at which one hand's fingers start to press on the object (two after a regrasp). */
    List<Double> contactOnsets(int hand) {
        List<Double> onsets = new ArrayList<>();
        onsets.add(wall(nominalContactOn + 0.01 * hand + contactLag) + latency);
        if (regrasp != null) {
            onsets.add(regrasp.reclose() + 0.01 * hand + latency);
        }
        return onsets;
    }

    /** Squeeze force of one hand in newtons: ramps up after contact, down while releasing or slipping. */
    double grip(int hand, double t) {
        return commandGrip(hand, command(t));
    }

    private double commandGrip(int hand, double t) {
        if (regrasp != null && t >= regrasp.start() && t < regrasp.end()) {
            // The settled grip is let go (a short fall), the hand stays open, then closes again.
            double plateau = nominalGrip(hand, tau(regrasp.start()));
            double u = t - regrasp.start() - 0.005 * hand;
            double fall = minJerk(Math.clamp(u / regrasp.fall(), 0, 1));
            double rise = minJerk(Math.clamp((t - regrasp.reclose() - 0.01 * hand) / regrasp.rise(), 0, 1));
            return plateau * (1 - fall + rise);
        }
        return nominalGrip(hand, tau(t));
    }

    private double nominalGrip(int hand, double t) {
        double on = nominalContactOn + 0.01 * hand + contactLag;
        if (t < on) {
            return 0;
        }
        double rise = minJerk(Math.clamp((t - on) / 0.35, 0, 1));
        double fall;
        if (Double.isFinite(nominalSlip)) {
            // A lost grip collapses in tens of milliseconds.
            fall = 1 - minJerk(Math.clamp((t - nominalSlip) / 0.08, 0, 1));
        } else {
            fall = 1 - minJerk(Math.clamp((t - nominalStart(5)) / (nominalContactOff - nominalStart(5)), 0, 1));
        }
        double weak = outcome == Outcome.FAIL ? 0.45 : 1;
        return gripMax * weak * rise * fall;
    }

    /** How far the fingers are closed, 0 (open) to 1 (fist). */
    double closure(double t) {
        return commandClosure(command(t));
    }

    private double commandClosure(double t) {
        double value = nominalClosure(tau(t));
        if (regrasp != null && t >= regrasp.start() && t < regrasp.end()) {
            double open = minJerk(Math.clamp((t - regrasp.start()) / regrasp.fall(), 0, 1));
            double close = minJerk(Math.clamp((t - regrasp.reclose()) / regrasp.rise(), 0, 1));
            value -= 0.3 * (open - close);
        }
        return value;
    }

    private double nominalClosure(double t) {
        double grasped = 0.62;
        double closing = minJerk(Math.clamp((t - (nominalContactOn - 0.25)) / 0.5, 0, 1));
        double value = 0.1 + (grasped - 0.1) * closing;
        if (Double.isFinite(nominalSlip)) {
            // Nothing left between the fingers: the hand closes on air, then the operator opens it at release.
            value += (0.95 - grasped) * minJerk(Math.clamp((t - nominalSlip) / 0.25, 0, 1));
        }
        double opening = minJerk(Math.clamp((t - nominalStart(5)) / (0.4 * nominalLength(5)), 0, 1));
        return value - (value - 0.1) * opening;
    }

    /** Between the palms at command time t. */
    private void carriedCentre(double t, double[] out) {
        double[] l = new double[9];
        double[] r = new double[9];
        commandHand(0, t, l);
        commandHand(1, t, r);
        for (int i = 0; i < 3; i++) {
            out[i] = (l[i] + r[i]) / 2;
        }
    }

    /** Centre of the object's box. */
    void object(double t, double[] out) {
        commandObject(command(t), out);
    }

    private void commandObject(double t, double[] out) {
        double zc = objectSize[2] / 2;
        if (tau(t) < nominalContactOn) {
            out[0] = start[0];
            out[1] = start[1];
            out[2] = zc;
        } else if (commandHolding(t)) {
            carriedCentre(t, out);
        } else if (Double.isFinite(slipTime)) {
            double fall = t - commandContactOff;
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
            events.add(new Event("contact_on", hand, wall(nominalContactOn + 0.01 * hand + contactLag) + latency));
            if (regrasp != null) {
                // The first grasp's grip has fallen to nothing at the end of the fall; the second closes after.
                events.add(new Event("contact_off", hand, regrasp.start() + 0.005 * hand + regrasp.fall() + latency));
                events.add(new Event("contact_on", hand, regrasp.reclose() + 0.01 * hand + latency));
            }
        }
        if (Double.isFinite(slipTime)) {
            events.add(new Event("slip_onset", -1, slipTime));
        }
        for (int hand = 0; hand < 2; hand++) {
            events.add(new Event("contact_off", hand, wall(nominalContactOff + 0.005 * hand) + latency));
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
