package dev.touchstone.ingest.generator;

import dev.touchstone.dataset.TactileLayout;
import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.ingest.bundle.BundleImporter;
import dev.touchstone.ingest.bundle.BundleManifest;
import dev.touchstone.ingest.bundle.NpyDtype;
import dev.touchstone.ingest.bundle.NpyWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Generates synthetic humanoid episodes as bundles (docs/formats/bundle.md, docs/generator.md): a bimanual
 * pick-and-place with known phases, contacts and outcome, sampled by every sensor a real recording has (joints,
 * wrist force-torque, fingertip tactile, IMU, two RGB cameras, depth, LiDAR) with noise and occasional dropouts.
 * Deterministic: the same seed and options give the same bytes in every file except the MP4 containers (which
 * depend on the installed ffmpeg). Memory is bounded: every stream is written sample by sample.
 */
public final class EpisodeGenerator {

    public static final String ROBOT = "touchstone-synthetic-humanoid";
    static final String TASK = "pick up the box with both hands and put it down to the right";
    private static final String[] ARM_JOINTS = {"shoulder_pitch", "shoulder_roll", "shoulder_yaw", "elbow",
            "wrist_yaw", "wrist_pitch", "wrist_roll"};
    private static final String[] HAND_JOINTS = {"thumb_rotation", "thumb_flexion", "index_flexion",
            "middle_flexion", "ring_flexion", "little_flexion"};
    private static final String[] FINGERS = {"thumb", "index", "middle", "ring", "little"};
    private static final double[] FINGER_SHARE = {0.3, 0.25, 0.2, 0.15, 0.1};
    private static final String[] HANDS = {"left", "right"};
    private static final int TAXEL_ROWS = 4, TAXEL_COLUMNS = 4;
    static final double JOINT_HZ = 250, FT_HZ = 1000, TACTILE_HZ = 100, IMU_HZ = 200, CAMERA_FPS = 30,
            DEPTH_FPS = 15, LIDAR_HZ = 10;
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    static {
        // Java2D without a display; harmless when Spring already set it.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** What was generated. */
    public record Result(Path bundle, String name, String outcome, long bytes, Duration took) {
    }

    /**
     * Which side of a sim/real pair an episode is (docs/generator.md, "Sim/real pairs"). Both sides of a seed share
     * the world, the factors and the operator's timeline (hesitations, regrasp, speed).
     */
    public enum Variant {
        /** A single episode with the options' disturbances; its metadata says {@code variant=real}, no pair key. */
        NONE,
        /** Exact sensors: no noise, no timing jitter, no noisy sensor, no dropouts, no latency. */
        SIM,
        /**
         * Sensors with their noise, the options' noisy sensors and dropouts, and an actuation delay of 40-120 ms (the
         * world runs that much behind the command) with the first grasp's grip closing another 5-30 ms later.
         */
        REAL
    }

    /** Metadata keys the generator writes on every episode (docs/generator.md, "Factors"). */
    public static final String OBJECT = "object", LIGHTING = "lighting", SURFACE = "surface", OPERATOR = "operator",
            OBJECT_X = "object_x", OBJECT_Y = "object_y", OBJECT_YAW = "object_yaw", VARIANT = "variant",
            PAIR_KEY = "pair_key";

    /** The pair key both variants of a seed carry. */
    public static String pairKey(long seed) {
        return "pair-" + Long.toHexString(seed);
    }

    private final GeneratorOptions options;

    public EpisodeGenerator(GeneratorOptions options) {
        this.options = options;
    }

    /** The seed of episode {@code index} of a run with {@code seed}: spread so neighbours do not correlate. */
    public static long episodeSeed(long seed, int index) {
        return new SplittableRandom(seed).split().nextLong() ^ (0x9E3779B97F4A7C15L * (index + 1));
    }

    /**
     * Writes one episode as a bundle folder (created; must not exist or be empty).
     *
     * @param name the episode name written to the manifest
     */
    public Result generate(Path bundle, String name, long seed) throws IOException {
        return generate(bundle, name, seed, Variant.NONE);
    }

    /** Writes one side of a sim/real pair (or, for {@link Variant#NONE}, a single episode) as a bundle folder. */
    public Result generate(Path bundle, String name, long seed, Variant variant) throws IOException {
        long began = System.nanoTime();
        Files.createDirectories(bundle);
        try (Stream<Path> existing = Files.list(bundle)) {
            if (existing.findAny().isPresent()) {
                throw new IOException(bundle + " is not empty; the generator writes only into new folders");
            }
        }
        try {
            return write(bundle, name, seed, began, true, variant);
        } catch (IOException | RuntimeException e) {
            // A half-written bundle would import as a broken episode later: leave nothing.
            deleteTree(bundle);
            throw e;
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // Best effort: the original failure is what the caller needs to see.
        }
    }

    /**
     * Writes one episode's signal and tactile streams and its ground truth, without cameras, depth or LiDAR (the
     * manifest lists only those streams): the same signals and truth as {@link #generate}, in a tenth of the time,
     * for measuring what reads signals (the proposer benchmarks).
     */
    public Result generateSignals(Path bundle, String name, long seed) throws IOException {
        return generateSignals(bundle, name, seed, Variant.NONE);
    }

    /** {@link #generateSignals(Path, String, long)} for one side of a sim/real pair. */
    public Result generateSignals(Path bundle, String name, long seed, Variant variant) throws IOException {
        long began = System.nanoTime();
        Files.createDirectories(bundle);
        try (Stream<Path> existing = Files.list(bundle)) {
            if (existing.findAny().isPresent()) {
                throw new IOException(bundle + " is not empty; the generator writes only into new folders");
            }
        }
        try {
            return write(bundle, name, seed, began, false, variant);
        } catch (IOException | RuntimeException e) {
            deleteTree(bundle);
            throw e;
        }
    }

    private Result write(Path bundle, String name, long seed, long began, boolean imaging, Variant variant)
            throws IOException {
        Realism realism = options.realism();
        if (variant == Variant.SIM) {
            // The timeline (hesitation, regrasp, slow operator) is the operator's and stays; sensor faults go.
            realism = new Realism(realism.hesitation(), realism.regrasp(), realism.slowOperator(), 0, 0);
        }
        Scenario scenario = new Scenario(seed, options.durationSeconds(), realism, variant);
        Dropouts dropouts = new Dropouts(seed, scenario.duration, realism.dropout());
        List<BundleManifest.Stream> streams = new ArrayList<>();
        Files.createDirectories(bundle.resolve("signals"));
        Files.createDirectories(bundle.resolve("video"));
        Files.createDirectories(bundle.resolve("depth"));
        Files.createDirectories(bundle.resolve("lidar"));
        int salt = 1;
        for (int hand = 0; hand < 2; hand++) {
            streams.add(armJoints(bundle, scenario, dropouts, hand, salt++));
        }
        for (int hand = 0; hand < 2; hand++) {
            streams.add(handJoints(bundle, scenario, dropouts, hand, salt++));
        }
        for (int hand = 0; hand < 2; hand++) {
            streams.add(forceTorque(bundle, scenario, dropouts, hand, salt++));
        }
        for (int hand = 0; hand < 2; hand++) {
            streams.add(tactile(bundle, scenario, dropouts, hand, salt++));
        }
        streams.add(imu(bundle, scenario, dropouts, salt++));
        Camera head = headCamera(options.width(), options.height());
        if (imaging) {
            streams.add(video(bundle, scenario, dropouts, "head_camera", head, -1, salt++));
            streams.add(video(bundle, scenario, dropouts, "wrist_camera", null, 1, salt++));
            streams.add(depth(bundle, scenario, dropouts, salt++));
            streams.add(lidar(bundle, scenario, dropouts, salt++));
        }

        SplittableRandom meta = new SplittableRandom(seed ^ 0x5EEDL);
        Instant recordedAt = Instant.parse("2026-01-05T08:00:00Z")
                .plusSeconds(60L * meta.nextInt(0, 60 * 24 * 300));
        Files.writeString(bundle.resolve("ground_truth.json"), groundTruth(scenario, dropouts, head) + "\n",
                StandardCharsets.UTF_8);
        new BundleManifest(name, ROBOT, TASK, scenario.factors.operator(), recordedAt, streams, "ground_truth.json",
                metadata(scenario)).write(bundle);
        long bytes;
        try (Stream<Path> files = Files.walk(bundle)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        return new Result(bundle, name, scenario.outcome.name().toLowerCase(Locale.ROOT), bytes,
                Duration.ofNanos(System.nanoTime() - began));
    }

    /** The episode's factors as the metadata the importer stores (docs/generator.md, "Factors"). */
    static Map<String, String> metadata(Scenario scenario) {
        Scenario.Factors f = scenario.factors;
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(OBJECT, f.object());
        metadata.put(LIGHTING, f.lighting());
        metadata.put(SURFACE, f.surface());
        metadata.put(OPERATOR, f.operator());
        metadata.put(OBJECT_X, String.format(Locale.ROOT, "%.3f", f.objectX()));
        metadata.put(OBJECT_Y, String.format(Locale.ROOT, "%.3f", f.objectY()));
        metadata.put(OBJECT_YAW, Integer.toString(f.objectYawDegrees()));
        metadata.put(VARIANT, scenario.variant == Variant.SIM ? "sim" : "real");
        if (scenario.variant != Variant.NONE) {
            metadata.put(PAIR_KEY, pairKey(scenario.seed));
        }
        return metadata;
    }

    // ----------------------------------------------------------------------------------------------- streams

    /** Sample times of a stream: nominal rate, a little jitter, dropouts removed. */
    private static final class Clock {
        private final double period;
        private final double jitter;
        private final long count;
        private final SplittableRandom random;
        private final Dropouts.Window gap;
        private long index;
        double t;

        Clock(double hz, double jitterFraction, double duration, SplittableRandom random, Dropouts.Window gap) {
            this.period = 1 / hz;
            this.jitter = jitterFraction * period;
            this.count = (long) Math.floor(duration * hz);
            this.random = random;
            this.gap = gap;
        }

        /** Advances to the next kept sample; false at the end. */
        boolean next() {
            while (index < count) {
                double nominal = (index + 0.5) * period;
                index++;
                // Drawn even without jitter, so that an exact (simulated) clock leaves the other draws as they are.
                double offset = (random.nextDouble() * 2 - 1) * jitter;
                if (gap != null && nominal >= gap.start() && nominal < gap.end()) {
                    continue;
                }
                t = nominal + offset;
                return true;
            }
            return false;
        }

        long nanos() {
            return Math.round(t * 1e9);
        }

        long frame() {
            return index - 1;
        }
    }

    private static String file(String streamName) {
        return streamName.replace('/', '_');
    }

    private record SignalFiles(NpyWriter data, NpyWriter timestamps) implements AutoCloseable {
        static SignalFiles create(Path bundle, String data, String timestamps, int channels) throws IOException {
            NpyWriter d = NpyWriter.create(bundle.resolve(data), NpyDtype.FLOAT32, channels);
            return new SignalFiles(d, NpyWriter.create(bundle.resolve(timestamps), NpyDtype.INT64));
        }

        void append(long nanos, float[] row) throws IOException {
            data.append(row);
            timestamps.append(nanos);
        }

        @Override
        public void close() throws IOException {
            try (data; timestamps) {
                // both closed, header rewritten with the final row count
            }
        }
    }

    private BundleManifest.Stream signalStream(String name, List<SignalChannel> channels, List<TactileLayout.Pad> pads,
                                               SignalWriter body, Path bundle) throws IOException {
        String data = "signals/" + file(name) + ".npy";
        String timestamps = "signals/" + file(name) + ".timestamps.npy";
        try (SignalFiles files = SignalFiles.create(bundle, data, timestamps, channels.size())) {
            body.write(files);
        }
        return new BundleManifest.Stream(name, pads.isEmpty() ? BundleManifest.Kind.SIGNAL
                : BundleManifest.Kind.TACTILE, data, timestamps, channels, pads, null);
    }

    private interface SignalWriter {
        void write(SignalFiles files) throws IOException;
    }

    private static SplittableRandom noise(Scenario scenario, int salt) {
        return new SplittableRandom(scenario.seed * 31 + salt * 0x632BE59BD9B4E019L);
    }

    /** Pseudo inverse kinematics: joint angles linear in the palm's offset from home, mirrored for the right arm. */
    private static final double[][] ARM_MAP = {
            {-2.0, 0, -1.5}, {0, 1.2, 0}, {0.3, 0.5, 0}, {-1.8, 0, 0.8}, {0, -0.6, 0}, {-0.5, 0, 1.0}, {0.3, 0, 0}};
    private static final double[] ARM_REST = {-0.3, 0.25, 0, 1.6, 0, 0.2, 0};
    private static final double[] ARM_GRAVITY = {12, 3, 1, 6, 0.5, 1.2, 0.2};
    private static final double[] ARM_INERTIA = {0.9, 0.5, 0.2, 0.4, 0.05, 0.05, 0.02};

    private BundleManifest.Stream armJoints(Path bundle, Scenario scenario, Dropouts dropouts, int hand, int salt)
            throws IOException {
        String name = HANDS[hand] + "_arm/joints";
        List<SignalChannel> channels = new ArrayList<>();
        for (String quantity : new String[]{"position", "velocity", "effort"}) {
            String unit = switch (quantity) {
                case "position" -> "rad";
                case "velocity" -> "rad/s";
                default -> "N·m";
            };
            for (String joint : ARM_JOINTS) {
                channels.add(new SignalChannel(joint + "/" + quantity, unit));
            }
        }
        SplittableRandom random = noise(scenario, salt);
        double noisy = scenario.noiseFactor(name);
        double s = Scenario.side(hand);
        return signalStream(name, channels, List.of(), files -> {
            Clock clock = new Clock(JOINT_HZ, 0.002 * scenario.sensorNoise, scenario.duration, random, dropouts.of(name));
            double[] h = new double[9];
            float[] row = new float[21];
            while (clock.next()) {
                scenario.hand(hand, clock.t, h);
                double[] d = {h[0] - scenario.home[0], h[1] - s * scenario.home[1], h[2] - scenario.home[2]};
                boolean carrying = scenario.holding(clock.t) && scenario.grip(hand, clock.t) > 1;
                double payload = carrying ? scenario.objectMass / 2 : 0;
                for (int j = 0; j < 7; j++) {
                    double mirror = j == 1 || j == 2 || j == 4 ? s : 1;
                    double q = mirror * ARM_REST[j], qd = 0, qdd = 0;
                    for (int a = 0; a < 3; a++) {
                        double m = ARM_MAP[j][a] * (a == 1 ? s * mirror : mirror);
                        q += m * d[a];
                        qd += m * h[3 + a];
                        qdd += m * h[6 + a];
                    }
                    double effort = ARM_GRAVITY[j] * Math.cos(q) * (1 + 0.9 * payload) + ARM_INERTIA[j] * qdd
                            + 0.3 * Math.tanh(qd / 0.05) + 0.04 * noisy * random.nextGaussian();
                    row[j] = (float) (q + 0.0005 * noisy * random.nextGaussian());
                    row[7 + j] = (float) (qd + 0.004 * noisy * random.nextGaussian());
                    row[14 + j] = (float) effort;
                }
                files.append(clock.nanos(), row);
            }
        }, bundle);
    }

    private BundleManifest.Stream handJoints(Path bundle, Scenario scenario, Dropouts dropouts, int hand, int salt)
            throws IOException {
        String name = HANDS[hand] + "_hand/joints";
        List<SignalChannel> channels = new ArrayList<>();
        for (String quantity : new String[]{"position", "velocity", "effort"}) {
            String unit = switch (quantity) {
                case "position" -> "rad";
                case "velocity" -> "rad/s";
                default -> "N·m";
            };
            for (String joint : HAND_JOINTS) {
                channels.add(new SignalChannel(joint + "/" + quantity, unit));
            }
        }
        SplittableRandom random = noise(scenario, salt);
        double noisy = scenario.noiseFactor(name);
        double[] range = {0.9, 1.1, 1.5, 1.55, 1.5, 1.45};
        return signalStream(name, channels, List.of(), files -> {
            Clock clock = new Clock(JOINT_HZ, 0.002 * scenario.sensorNoise, scenario.duration, random, dropouts.of(name));
            float[] row = new float[18];
            while (clock.next()) {
                double c = scenario.closure(clock.t);
                double rate = (scenario.closure(clock.t + 5e-4) - scenario.closure(clock.t - 5e-4)) / 1e-3;
                double grip = scenario.grip(hand, clock.t);
                for (int j = 0; j < 6; j++) {
                    double share = j < 2 ? FINGER_SHARE[0] / 2 : FINGER_SHARE[j - 1];
                    // Fingertip force times a 4 cm lever when squeezing; a weak return spring otherwise.
                    double effort = grip * share * 0.04 + 0.02 * c * range[j] + 0.004 * noisy * random.nextGaussian();
                    row[j] = (float) (c * range[j] + 0.002 * noisy * random.nextGaussian());
                    row[6 + j] = (float) (rate * range[j] + 0.01 * noisy * random.nextGaussian());
                    row[12 + j] = (float) effort;
                }
                files.append(clock.nanos(), row);
            }
        }, bundle);
    }

    /** A damped ring-down: what a force sensor shows after an impact. */
    private static double transient_(double t, double at, double amplitude) {
        if (t < at || t > at + 0.3) {
            return 0;
        }
        double u = t - at;
        return amplitude * Math.exp(-u / 0.03) * Math.sin(2 * Math.PI * 35 * u);
    }

    private BundleManifest.Stream forceTorque(Path bundle, Scenario scenario, Dropouts dropouts, int hand, int salt)
            throws IOException {
        String name = HANDS[hand] + "_wrist/force_torque";
        List<SignalChannel> channels = List.of(new SignalChannel("force_x", "N"), new SignalChannel("force_y", "N"),
                new SignalChannel("force_z", "N"), new SignalChannel("torque_x", "N·m"),
                new SignalChannel("torque_y", "N·m"), new SignalChannel("torque_z", "N·m"));
        SplittableRandom random = noise(scenario, salt);
        double noisy = scenario.noiseFactor(name);
        double s = Scenario.side(hand);
        List<Double> contacts = scenario.contactOnsets(hand);
        double tableContact = Double.isFinite(scenario.slipTime) ? Double.NaN : scenario.phaseStart(5);
        double exact = scenario.sensorNoise;
        double[] bias = {0.3 * exact * random.nextGaussian(), 0.3 * exact * random.nextGaussian(),
                0.3 * exact * random.nextGaussian()};
        return signalStream(name, channels, List.of(), files -> {
            Clock clock = new Clock(FT_HZ, 0.001 * scenario.sensorNoise, scenario.duration, random, dropouts.of(name));
            double[] h = new double[9];
            float[] row = new float[6];
            while (clock.next()) {
                double t = clock.t;
                scenario.hand(hand, t, h);
                double payload = scenario.holding(t) ? scenario.objectMass / 2 * scenario.grip(hand, t)
                        / Math.max(1e-9, scenario.gripMax) : 0;
                double mass = Scenario.HAND_MASS + payload;
                double fx = -mass * h[6];
                double fy = s * scenario.grip(hand, t) - mass * h[7];
                for (double contact : contacts) {
                    fy += transient_(t, contact, 4 * s);
                }
                double fz = -mass * (Scenario.G + h[8]);
                if (!Double.isNaN(tableContact)) {
                    fz += transient_(t, tableContact, 5);
                }
                if (Double.isFinite(scenario.slipTime)) {
                    fz += transient_(t, scenario.slipTime, 3);
                    if (t >= scenario.slipTime && t < scenario.contactOff) {
                        // Stick-slip: the object chatters against the fingers while it slides out.
                        fy += 1.5 * random.nextGaussian();
                        fz += 1.0 * random.nextGaussian();
                    }
                }
                double drift = 0.05 * exact * t / scenario.duration;
                double[] f = {fx + bias[0] + drift, fy + bias[1], fz + bias[2] + drift};
                for (int i = 0; i < 3; i++) {
                    f[i] += 0.08 * noisy * random.nextGaussian();
                }
                // Torque about the sensor of that force applied 10 cm below it, at the palm.
                row[0] = (float) f[0];
                row[1] = (float) f[1];
                row[2] = (float) f[2];
                row[3] = (float) (0.1 * f[1] + 0.004 * noisy * random.nextGaussian());
                row[4] = (float) (-0.1 * f[0] + 0.004 * noisy * random.nextGaussian());
                row[5] = (float) (0.004 * noisy * random.nextGaussian());
                files.append(clock.nanos(), row);
            }
        }, bundle);
    }

    private BundleManifest.Stream tactile(Path bundle, Scenario scenario, Dropouts dropouts, int hand, int salt)
            throws IOException {
        String name = HANDS[hand] + "_hand/tactile";
        List<TactileLayout.Pad> pads = new ArrayList<>();
        List<SignalChannel> channels = new ArrayList<>();
        for (String finger : FINGERS) {
            pads.add(new TactileLayout.Pad(finger, TAXEL_ROWS, TAXEL_COLUMNS));
            for (int r = 0; r < TAXEL_ROWS; r++) {
                for (int c = 0; c < TAXEL_COLUMNS; c++) {
                    channels.add(new SignalChannel(finger + "/r" + r + "c" + c, "kPa"));
                }
            }
        }
        SplittableRandom random = noise(scenario, salt);
        double noisy = scenario.noiseFactor(name);
        double[][] centre = new double[FINGERS.length][];
        for (int f = 0; f < FINGERS.length; f++) {
            centre[f] = new double[]{1.2 + 0.6 * random.nextDouble(), 1.2 + 0.6 * random.nextDouble()};
        }
        int taxels = TAXEL_ROWS * TAXEL_COLUMNS;
        return signalStream(name, channels, pads, files -> {
            Clock clock = new Clock(TACTILE_HZ, 0.005 * scenario.sensorNoise, scenario.duration, random, dropouts.of(name));
            float[] row = new float[FINGERS.length * taxels];
            double[] weight = new double[taxels];
            while (clock.next()) {
                double t = clock.t;
                double grip = scenario.grip(hand, t);
                // While slipping the contact patch slides along the fingertip.
                double slide = Double.isFinite(scenario.slipTime)
                        ? 2.5 * Math.clamp((t - scenario.slipTime) / 0.08, 0, 1) : 0;
                for (int f = 0; f < FINGERS.length; f++) {
                    double mean = grip * FINGER_SHARE[f] * 2.0 * FINGERS.length / 5;
                    double sum = 0;
                    for (int k = 0; k < taxels; k++) {
                        double dr = k / TAXEL_COLUMNS - centre[f][0] - slide, dc = k % TAXEL_COLUMNS - centre[f][1];
                        weight[k] = Math.exp(-(dr * dr + dc * dc) / (2 * 1.1 * 1.1));
                        sum += weight[k];
                    }
                    for (int k = 0; k < taxels; k++) {
                        double p = mean * taxels * weight[k] / sum + 0.3 * noisy * random.nextGaussian();
                        row[f * taxels + k] = (float) Math.max(0, p);
                    }
                }
                files.append(clock.nanos(), row);
            }
        }, bundle);
    }

    private BundleManifest.Stream imu(Path bundle, Scenario scenario, Dropouts dropouts, int salt)
            throws IOException {
        String name = "torso/imu";
        List<SignalChannel> channels = List.of(new SignalChannel("orientation_w", ""),
                new SignalChannel("orientation_x", ""), new SignalChannel("orientation_y", ""),
                new SignalChannel("orientation_z", ""), new SignalChannel("angular_velocity_x", "rad/s"),
                new SignalChannel("angular_velocity_y", "rad/s"), new SignalChannel("angular_velocity_z", "rad/s"),
                new SignalChannel("linear_acceleration_x", "m/s²"), new SignalChannel("linear_acceleration_y", "m/s²"),
                new SignalChannel("linear_acceleration_z", "m/s²"));
        SplittableRandom random = noise(scenario, salt);
        double noisy = scenario.noiseFactor(name);
        double p1 = random.nextDouble(6.28), p2 = random.nextDouble(6.28), p3 = random.nextDouble(6.28);
        double exact = scenario.sensorNoise;
        double[] gyroBias = {0.002 * exact * random.nextGaussian(), 0.002 * exact * random.nextGaussian(),
                0.002 * exact * random.nextGaussian()};
        return signalStream(name, channels, List.of(), files -> {
            Clock clock = new Clock(IMU_HZ, 0.002 * scenario.sensorNoise, scenario.duration, random, dropouts.of(name));
            float[] row = new float[10];
            double[] l = new double[9], r = new double[9];
            while (clock.next()) {
                double t = clock.t;
                double w1 = 2 * Math.PI * 0.25, w2 = 2 * Math.PI * 1.1, w3 = 2 * Math.PI * 0.2, w4 = 2 * Math.PI * 0.05;
                scenario.hand(0, t, l);
                scenario.hand(1, t, r);
                // Reaching forward tips the torso slightly forward; the balance controller takes it back.
                double lean = -0.02 * ((l[0] + r[0]) / 2 - scenario.home[0]);
                double roll = 0.012 * Math.sin(w1 * t + p1) + 0.004 * Math.sin(w2 * t + p2);
                double pitch = 0.01 * Math.sin(w3 * t + p3) + lean;
                double yaw = 0.02 * Math.sin(w4 * t);
                double rollRate = 0.012 * w1 * Math.cos(w1 * t + p1) + 0.004 * w2 * Math.cos(w2 * t + p2);
                double pitchRate = 0.01 * w3 * Math.cos(w3 * t + p3) - 0.02 * (l[3] + r[3]) / 2;
                double yawRate = 0.02 * w4 * Math.cos(w4 * t);
                double cr = Math.cos(roll / 2), sr = Math.sin(roll / 2), cp = Math.cos(pitch / 2),
                        sp = Math.sin(pitch / 2), cy = Math.cos(yaw / 2), sy = Math.sin(yaw / 2);
                row[0] = (float) (cr * cp * cy + sr * sp * sy);
                row[1] = (float) (sr * cp * cy - cr * sp * sy);
                row[2] = (float) (cr * sp * cy + sr * cp * sy);
                row[3] = (float) (cr * cp * sy - sr * sp * cy);
                row[4] = (float) (rollRate + gyroBias[0] + 0.003 * noisy * random.nextGaussian());
                row[5] = (float) (pitchRate + gyroBias[1] + 0.003 * noisy * random.nextGaussian());
                row[6] = (float) (yawRate + gyroBias[2] + 0.003 * noisy * random.nextGaussian());
                row[7] = (float) (-Scenario.G * Math.sin(pitch) + 0.03 * noisy * random.nextGaussian());
                row[8] = (float) (Scenario.G * Math.sin(roll) * Math.cos(pitch) + 0.03 * noisy * random.nextGaussian());
                row[9] = (float) (Scenario.G * Math.cos(roll) * Math.cos(pitch) + 0.03 * noisy * random.nextGaussian());
                files.append(clock.nanos(), row);
            }
        }, bundle);
    }

    static Camera headCamera(int width, int height) {
        return new Camera(new double[]{0.02, 0, 0.58}, new double[]{0.62, 0, 0}, width, height, 70);
    }

    /** A camera on a wrist looking past the fingers, inwards, at what the hand approaches. */
    private static Camera wristCamera(Snapshot s, int hand, int width, int height) {
        double[] p = s.palm[hand];
        double inward = -Scenario.side(hand);
        double[] eye = {p[0] - 0.06, p[1] - inward * 0.05, p[2] + 0.10};
        double[] at = {p[0] + 0.15, p[1] + inward * 0.25, p[2] - 0.05};
        return new Camera(eye, at, width, height, 80);
    }

    /**
     * @param fixed     the camera, or null for a wrist camera that moves with the hand
     * @param wristHand which hand carries the moving camera (when {@code fixed} is null)
     */
    private BundleManifest.Stream video(Path bundle, Scenario scenario, Dropouts dropouts, String name, Camera fixed,
                                        int wristHand, int salt) throws IOException {
        String data = "video/" + name + ".mp4";
        String timestamps = "video/" + name + ".timestamps.npy";
        SplittableRandom random = noise(scenario, salt);
        int w = options.width(), h = options.height();
        SceneRenderer renderer = new SceneRenderer(fixed != null ? fixed
                : wristCamera(new Snapshot(scenario, 0), wristHand, w, h), scenario.factors);
        try (VideoEncoder encoder = new VideoEncoder(bundle.resolve(data), w, h, (int) CAMERA_FPS);
             NpyWriter times = NpyWriter.create(bundle.resolve(timestamps), NpyDtype.INT64)) {
            Clock clock = new Clock(CAMERA_FPS, 0.03 * scenario.sensorNoise, scenario.duration, random, dropouts.of(name));
            while (clock.next()) {
                Snapshot snapshot = new Snapshot(scenario, clock.t);
                if (fixed == null) {
                    renderer.camera(wristCamera(snapshot, wristHand, w, h));
                }
                encoder.write(renderer.render(snapshot, (int) clock.frame()));
                times.append(clock.nanos());
            }
            encoder.finish();
        }
        return new BundleManifest.Stream(name, BundleManifest.Kind.VIDEO, data, timestamps, List.of(), List.of(),
                null);
    }

    private BundleManifest.Stream depth(Path bundle, Scenario scenario, Dropouts dropouts, int salt)
            throws IOException {
        String name = "head_depth";
        int w = options.width() / options.depthDivisor(), h = options.height() / options.depthDivisor();
        Camera camera = headCamera(w, h);
        String data = "depth/" + name + ".npy";
        String timestamps = "depth/" + name + ".timestamps.npy";
        SplittableRandom random = noise(scenario, salt);
        try (NpyWriter frames = NpyWriter.create(bundle.resolve(data), NpyDtype.UINT16, h, w);
             NpyWriter times = NpyWriter.create(bundle.resolve(timestamps), NpyDtype.INT64)) {
            Clock clock = new Clock(DEPTH_FPS, 0.02 * scenario.sensorNoise, scenario.duration, random, dropouts.of(name));
            short[] frame = new short[w * h];
            double[] ray = new double[3], hit = new double[1];
            while (clock.next()) {
                Snapshot snapshot = new Snapshot(scenario, clock.t);
                for (int v = 0; v < h; v++) {
                    for (int u = 0; u < w; u++) {
                        double cos = camera.ray(u, v, ray);
                        int material = snapshot.cast(camera.position, ray, hit);
                        double z = hit[0] * cos;
                        int mm = 0;
                        // Structured-light style noise grows with the square of the distance; a few pixels drop.
                        if (material != Snapshot.NOTHING && z < 8
                                && random.nextDouble() >= 0.003 * scenario.sensorNoise) {
                            mm = (int) Math.round(1000 * z + scenario.sensorNoise * (0.8 + 1.5 * z * z)
                                    * random.nextGaussian());
                        }
                        frame[v * w + u] = (short) Math.clamp(mm, 0, 65535);
                    }
                }
                frames.append(frame);
                times.append(clock.nanos());
            }
        }
        return new BundleManifest.Stream(name, BundleManifest.Kind.DEPTH, data, timestamps, List.of(), List.of(),
                new BundleManifest.Depth(w, h, 0.001, camera.focal, camera.focal, camera.cx(), camera.cy()));
    }

    private static final double[] LIDAR_ORIGIN = {-0.08, 0, 0.66};

    private BundleManifest.Stream lidar(Path bundle, Scenario scenario, Dropouts dropouts, int salt)
            throws IOException {
        String name = "head_lidar";
        String timestamps = "lidar/timestamps.npy";
        SplittableRandom random = noise(scenario, salt);
        int beams = options.lidarBeams(), columns = options.lidarColumns();
        double[][] directions = new double[beams * columns][];
        for (int b = 0; b < beams; b++) {
            double elevation = Math.toRadians(-60 + 55.0 * b / Math.max(1, beams - 1));
            for (int c = 0; c < columns; c++) {
                double azimuth = Math.toRadians(-70 + 140.0 * c / Math.max(1, columns - 1));
                directions[b * columns + c] = new double[]{Math.cos(elevation) * Math.cos(azimuth),
                        Math.cos(elevation) * Math.sin(azimuth), Math.sin(elevation)};
            }
        }
        float[] reflectivity = {0, switch (scenario.factors.surface()) {
            case "cloth" -> 20;
            case "steel" -> 150;
            default -> 40;
        }, 150, 90, 70, 20, 30};
        ByteBuffer points = ByteBuffer.allocate(directions.length * 16).order(ByteOrder.LITTLE_ENDIAN);
        try (NpyWriter times = NpyWriter.create(bundle.resolve(timestamps), NpyDtype.INT64)) {
            Clock clock = new Clock(LIDAR_HZ, 0.01 * scenario.sensorNoise, scenario.duration, random, dropouts.of(name));
            double[] hit = new double[1];
            int written = 0;
            while (clock.next()) {
                Snapshot snapshot = new Snapshot(scenario, clock.t);
                points.clear();
                int count = 0;
                for (double[] d : directions) {
                    int material = snapshot.cast(LIDAR_ORIGIN, d, hit);
                    if (material == Snapshot.NOTHING || hit[0] > 30) {
                        continue;
                    }
                    double range = hit[0] + 0.008 * scenario.sensorNoise * random.nextGaussian();
                    points.putFloat((float) (LIDAR_ORIGIN[0] + range * d[0]));
                    points.putFloat((float) (LIDAR_ORIGIN[1] + range * d[1]));
                    points.putFloat((float) (LIDAR_ORIGIN[2] + range * d[2]));
                    points.putFloat((float) Math.max(0, reflectivity[material]
                            + 4 * scenario.sensorNoise * random.nextGaussian()));
                    count++;
                }
                writePcd(bundle.resolve("lidar").resolve(BundleImporter.frameName(written++)), points, count);
                times.append(clock.nanos());
            }
        }
        return new BundleManifest.Stream(name, BundleManifest.Kind.POINTCLOUD, "lidar", timestamps, List.of(),
                List.of(), null);
    }

    private static void writePcd(Path file, ByteBuffer points, int count) throws IOException {
        String header = "# .PCD v0.7 - Point Cloud Data file format\nVERSION 0.7\nFIELDS x y z intensity\n"
                + "SIZE 4 4 4 4\nTYPE F F F F\nCOUNT 1 1 1 1\nWIDTH " + count + "\nHEIGHT 1\n"
                + "VIEWPOINT 0 0 0 1 0 0 0\nPOINTS " + count + "\nDATA binary\n";
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            out.write(points.array(), 0, count * 16);
        }
    }

    // ------------------------------------------------------------------------------------------ ground truth

    private static long nanos(double seconds) {
        return Math.round(seconds * 1e9);
    }

    /**
     * Where the object is in the head camera every half second: the pixel rectangle around its eight projected
     * corners, clipped to the image (hands in front of it are ignored), as 2D box ground truth.
     */
    private static List<Object> headCameraBoxes(Scenario scenario, Camera head) {
        List<Object> boxes = new ArrayList<>();
        double[] centre = new double[3];
        double[] corner = new double[3];
        double[] pixel = new double[3];
        for (double t = 0; t <= scenario.duration + 1e-9; t += 0.5) {
            scenario.object(t, centre);
            double x0 = Double.POSITIVE_INFINITY, y0 = Double.POSITIVE_INFINITY;
            double x1 = Double.NEGATIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
            boolean visible = true;
            for (int c = 0; c < 8; c++) {
                for (int a = 0; a < 3; a++) {
                    corner[a] = centre[a] + ((c >> a & 1) == 0 ? -0.5 : 0.5) * scenario.objectSize[a];
                }
                head.project(corner, pixel);
                visible &= pixel[2] > 0.01;
                x0 = Math.min(x0, pixel[0]);
                y0 = Math.min(y0, pixel[1]);
                x1 = Math.max(x1, pixel[0]);
                y1 = Math.max(y1, pixel[1]);
            }
            x0 = Math.max(0, x0);
            y0 = Math.max(0, y0);
            x1 = Math.min(head.width, x1);
            y1 = Math.min(head.height, y1);
            if (visible && x1 - x0 >= 1 && y1 - y0 >= 1) {
                Map<String, Object> box = new LinkedHashMap<>();
                box.put("timeNanos", nanos(t));
                box.put("x", Math.round(x0 * 10) / 10.0);
                box.put("y", Math.round(y0 * 10) / 10.0);
                box.put("width", Math.round((x1 - x0) * 10) / 10.0);
                box.put("height", Math.round((y1 - y0) * 10) / 10.0);
                boxes.add(box);
            }
        }
        return boxes;
    }

    private static String groundTruth(Scenario scenario, Dropouts dropouts, Camera head) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", 1);
        root.put("generator", "touchstone-episode-generator");
        root.put("seed", scenario.seed);
        root.put("durationNanos", nanos(scenario.duration));
        root.put("outcome", scenario.outcome.name().toLowerCase(Locale.ROOT));
        List<Object> phases = new ArrayList<>();
        for (int i = 0; i < Scenario.PHASES.length; i++) {
            Map<String, Object> phase = new LinkedHashMap<>();
            phase.put("label", Scenario.PHASES[i]);
            phase.put("startNanos", nanos(scenario.bounds[i]));
            phase.put("endNanos", nanos(scenario.bounds[i + 1]));
            phases.add(phase);
        }
        root.put("phases", phases);
        List<Object> events = new ArrayList<>();
        for (Scenario.Event e : scenario.events()) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("label", e.label());
            if (e.hand() >= 0) {
                event.put("hand", HANDS[e.hand()]);
            }
            event.put("timeNanos", nanos(e.time()));
            events.add(event);
        }
        root.put("events", events);
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("sizeMeters", List.of(scenario.objectSize[0], scenario.objectSize[1], scenario.objectSize[2]));
        object.put("massKg", scenario.objectMass);
        object.put("startCentre", List.of(scenario.start[0], scenario.start[1], scenario.objectSize[2] / 2));
        object.put("targetCentre", List.of(scenario.target[0], scenario.target[1], scenario.objectSize[2] / 2));
        root.put("object", object);
        root.put("headCameraBoxes", headCameraBoxes(scenario, head));
        List<Object> gaps = new ArrayList<>();
        for (Map.Entry<String, Dropouts.Window> gap : dropouts.windows().entrySet()) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("stream", gap.getKey());
            g.put("startNanos", nanos(gap.getValue().start()));
            g.put("endNanos", nanos(gap.getValue().end()));
            gaps.add(g);
        }
        root.put("dropouts", gaps);
        root.put("nominalDurationNanos", nanos(scenario.nominalDuration()));
        root.put("factors", metadata(scenario));
        // The real variant's lag behind its simulated twin: every time above is that much later than the twin's.
        root.put("actuationLatencyNanos", nanos(scenario.latency));
        List<Object> disturbances = new ArrayList<>();
        for (Scenario.Disturbance d : scenario.disturbances) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("kind", d.kind());
            if (d.stream() != null) {
                g.put("sensor", d.stream());
            }
            g.put("startNanos", nanos(d.start()));
            g.put("endNanos", nanos(d.end()));
            if (d.factor() != 1) {
                g.put("factor", d.factor());
            }
            disturbances.add(g);
        }
        for (Map.Entry<String, Dropouts.Window> gap : dropouts.windows().entrySet()) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("kind", "dropout");
            g.put("stream", gap.getKey());
            g.put("startNanos", nanos(gap.getValue().start()));
            g.put("endNanos", nanos(gap.getValue().end()));
            disturbances.add(g);
        }
        root.put("disturbances", disturbances);
        root.put("frame", "x forward, y left, z up, metres; table top at z = 0; LiDAR points in this frame");
        return JSON.writeValueAsString(root);
    }
}
