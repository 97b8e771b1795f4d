package dev.touchstone.proposal;

import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.dataset.signal.SignalReader;
import dev.touchstone.dataset.signal.SignalSamples;
import dev.touchstone.dataset.signal.SignalWriter;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Measurement, not a test: what the signal proposers cost on a long, dense episode (issue 20: a 10-minute, 1 kHz,
 * 64-channel episode). Writes the episode as stored signal files ({@link SignalWriter}) in a temporary folder, then
 * times, in one thread:
 * <ul>
 *   <li><b>streaming</b>: {@code SignalProposers.propose} over {@link StoredSignals}, which bins the channels the
 *   proposers need from the files' 10 ms summaries (format version 2, as the writer's defaults store them);</li>
 *   <li><b>baseline</b>: every raw sample of every stream read into memory first (one array per channel), then the
 *   same proposers over those arrays (they bin the samples);</li>
 *   <li><b>bins</b> (only when asked for): the binning of what the proposers read, without their analysis.</li>
 * </ul>
 * Each is run once to warm up and then {@code repeats} times; the median of the runs' wall time is printed with the
 * process's CPU time (GC included), the benchmark thread's CPU time (the work, without the collector's thread; steady
 * when the machine is loaded), the bytes the thread allocated and the peak heap from a GC before the run (the
 * sum of the heap pools' peaks: garbage not yet collected counts, so run with a small {@code -Xmx} to see what a
 * mode needs).
 * <p>
 * The 64 channels, all at the same rate, as a humanoid's logger would record them: per arm 7 joint positions and 7
 * velocities (28), per hand 6 finger joint positions (12), per wrist force x/y/z and torque x/y/z (12), per hand 4
 * fingertip pressures (8) and a torso IMU's angular velocity and vertical acceleration (4). The proposers read 38 of
 * them: arm velocities, five flexions, the three forces and the pressures of each side. The content is a pick and
 * place every 20 s (minimum-jerk moves, a grasp, a release), so the proposers do their full work.
 * <p>
 * Arguments (optional): minutes (default 10), rate in Hz (default 1000), repeats (default 3), mode {@code both},
 * {@code streaming}, {@code baseline} or {@code bins} (default both; run one per JVM to measure its memory alone).
 */
final class ProposerCostBenchmark {

    private static final String[] JOINTS = {"shoulder_pitch", "shoulder_roll", "shoulder_yaw", "elbow", "wrist_yaw",
            "wrist_pitch", "wrist_roll"};
    private static final String[] FINGERS = {"thumb_rotation", "thumb_flexion", "index_flexion", "middle_flexion",
            "ring_flexion", "little_flexion"};
    private static final double CYCLE = 20;

    private ProposerCostBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        double hz = args.length > 1 ? Double.parseDouble(args[1]) : 1000;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String mode = args.length > 3 ? args[3] : "both";
        Path folder = Files.createTempDirectory("proposer-cost-");
        try {
            long t0 = System.nanoTime();
            Map<String, List<SignalChannel>> streams = write(folder, minutes * 60, hz);
            long bytes;
            try (Stream<Path> files = Files.list(folder)) {
                bytes = files.mapToLong(p -> p.toFile().length()).sum();
            }
            int channels = streams.values().stream().mapToInt(List::size).sum();
            System.out.printf(Locale.ROOT, "episode: %.0f min at %.0f Hz, %d channels in %d streams, %d samples per"
                            + " stream, %.1f MB stored (%.1f MB of raw float32 values), written in %.1f s%n", minutes,
                    hz, channels, streams.size(), Math.round(minutes * 60 * hz), bytes / 1e6,
                    minutes * 60 * hz * channels * 4 / 1e6, (System.nanoTime() - t0) / 1e9);
            System.out.printf(Locale.ROOT, "JVM: %d processor(s) available, max heap %d MB, %s%n",
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                    ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList());
            Map<String, FileChannel> open = new LinkedHashMap<>();
            Map<String, SignalReader> readers = new LinkedHashMap<>();
            for (String stream : streams.keySet()) {
                FileChannel channel = FileChannel.open(folder.resolve(file(stream)), StandardOpenOption.READ);
                open.put(stream, channel);
                readers.put(stream, SignalReader.open(channel));
            }
            SignalProposers proposers = new SignalProposers(settings());
            List<String> classes = ProposerSettings.PhasePlan.pickAndPlace().rules().stream()
                    .map(ProposerSettings.PhaseRule::phaseClass).toList();
            Run streaming = null;
            Run baseline = null;
            if (mode.equals("both") || mode.equals("streaming")) {
                streaming = measure("streaming", repeats,
                        () -> proposers.propose(new StoredSignals(readers), classes).size());
            }
            if (mode.equals("bins")) {
                // Only the binning of what the proposers read (as they read it); the rest of "streaming" is their
                // analysis of the bins.
                measure("bins", repeats, () -> {
                    StoredSignals source = new StoredSignals(readers);
                    long w = settings().binNanos();
                    int bins = 0;
                    for (ProposerSettings.Hand hand : settings().hands()) {
                        bins += Bins.eachChannel(source, hand.armStream(), hand.armVelocityChannels(), "", w).size();
                        bins += Bins.eachChannel(source, hand.wristStream(), hand.forceChannels(), "", w).size();
                        bins += Bins.meanOfChannels(source, hand.tactileStream(), hand.tactileChannels(), "", w)
                                .size();
                        bins += Bins.meanOfChannels(source, hand.gripperStream(), hand.gripperChannels(), "", w)
                                .size();
                    }
                    return bins;
                });
            }
            if (mode.equals("both") || mode.equals("baseline")) {
                baseline = measure("baseline", repeats,
                        () -> proposers.propose(InMemory.read(readers), classes).size());
            }
            if (streaming != null && baseline != null) {
                System.out.printf(Locale.ROOT, "baseline / streaming: %.1fx wall, %.1fx process CPU, %.1fx allocated"
                                + " (medians of the wall-time runs)%n", baseline.wallS / streaming.wallS,
                        baseline.cpuS / streaming.cpuS, (double) baseline.allocated / streaming.allocated);
            }
            for (FileChannel channel : open.values()) {
                channel.close();
            }
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @FunctionalInterface
    private interface Work {
        /** @return how many results (proposals, or bins) */
        int run() throws IOException;
    }

    private record Run(double wallS, double cpuS, double threadCpuS, long allocated, long peakHeap, int proposals) {
    }

    private static Run measure(String name, int repeats, Work work) throws IOException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)
                ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean();
        long thread = Thread.currentThread().threadId();
        work.run();
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            System.gc();
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).toList();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            long allocated = threads.getThreadAllocatedBytes(thread);
            long cpu = os.getProcessCpuTime();
            long threadCpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            int results = work.run();
            double wallS = (System.nanoTime() - wall) / 1e9;
            double cpuS = (os.getProcessCpuTime() - cpu) / 1e9;
            double threadCpuS = (threads.getCurrentThreadCpuTime() - threadCpu) / 1e9;
            long bytes = threads.getThreadAllocatedBytes(thread) - allocated;
            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            runs.add(new Run(wallS, cpuS, threadCpuS, bytes, peak, results));
        }
        runs.sort(Comparator.comparingDouble(Run::wallS));
        Run median = runs.get(runs.size() / 2);
        double threadCpu = runs.stream().mapToDouble(Run::threadCpuS).sorted().toArray()[runs.size() / 2];
        System.out.printf(Locale.ROOT, "%-9s wall %.3f s (runs %s), CPU %.3f s (process, GC included), thread CPU"
                        + " %.3f s (median of runs %s), allocated %.0f MB, peak heap %.0f MB, %d results%n", name,
                median.wallS, runs.stream().map(r -> String.format(Locale.ROOT, "%.2f", r.wallS)).toList(),
                median.cpuS, threadCpu, runs.stream().map(r -> String.format(Locale.ROOT, "%.3f", r.threadCpuS))
                        .sorted().toList(), median.allocated / 1e6, median.peakHeap / 1e6, median.proposals);
        return median;
    }

    /** The baseline's source: every channel of every stream as arrays, read before the proposers start. */
    private static final class InMemory implements SignalSource {
        private final Map<String, List<String>> names = new LinkedHashMap<>();
        private final Map<String, long[]> times = new LinkedHashMap<>();
        private final Map<String, float[][]> values = new LinkedHashMap<>();

        static InMemory read(Map<String, SignalReader> readers) throws IOException {
            InMemory memory = new InMemory();
            for (Map.Entry<String, SignalReader> e : readers.entrySet()) {
                SignalReader reader = e.getValue();
                int n = reader.channels().size();
                float[][] columns = new float[n][];
                long[] t = null;
                for (int c = 0; c < n; c++) {
                    SignalSamples samples = reader.samples(reader.firstTimestamp(), reader.lastTimestamp(), c);
                    columns[c] = samples.values();
                    t = samples.timestamps();
                }
                memory.names.put(e.getKey(), reader.channels().stream().map(SignalChannel::name).toList());
                memory.times.put(e.getKey(), t);
                memory.values.put(e.getKey(), columns);
            }
            return memory;
        }

        @Override
        public Optional<List<String>> channels(String stream) {
            return Optional.ofNullable(names.get(stream));
        }

        @Override
        public void scan(String stream, int[] channels, SampleSink sink) {
            long[] t = times.get(stream);
            float[][] columns = values.get(stream);
            float[] row = new float[channels.length];
            for (int i = 0; i < t.length; i++) {
                for (int c = 0; c < channels.length; c++) {
                    row[c] = columns[channels[c]][i];
                }
                sink.sample(t[i], row);
            }
        }
    }

    static ProposerSettings settings() {
        List<ProposerSettings.Hand> hands = new ArrayList<>();
        for (String side : new String[]{"left", "right"}) {
            hands.add(new ProposerSettings.Hand(side, side + "_arm/joints",
                    Arrays.stream(JOINTS).map(j -> j + "/velocity").toList(), side + "_hand/joints",
                    Arrays.stream(FINGERS).skip(1).map(f -> f + "/position").toList(), true,
                    side + "_wrist/force_torque", List.of("force_x", "force_y", "force_z"), side + "_hand/tactile",
                    List.of()));
        }
        return ProposerSettings.defaults().withHands(hands);
    }

    static String file(String stream) {
        return stream.replace('/', '_') + ".tssg";
    }

    private static double minJerk(double u) {
        u = Math.clamp(u, 0, 1);
        return u * u * u * (10 - 15 * u + 6 * u * u);
    }

    private static double bell(double t, double a, double b) {
        if (t < a || t >= b) {
            return 0;
        }
        double u = (t - a) / (b - a);
        return 30 * u * u * (1 - u) * (1 - u) / (b - a);
    }

    /** Writes the streams; returns their channels. The world repeats a 20 s pick and place. */
    static Map<String, List<SignalChannel>> write(Path folder, double seconds, double hz) throws IOException {
        Map<String, List<SignalChannel>> streams = new LinkedHashMap<>();
        for (String side : new String[]{"left", "right"}) {
            List<SignalChannel> arm = new ArrayList<>();
            for (String q : new String[]{"position", "velocity"}) {
                for (String j : JOINTS) {
                    arm.add(new SignalChannel(j + "/" + q, q.equals("position") ? "rad" : "rad/s"));
                }
            }
            streams.put(side + "_arm/joints", arm);
            streams.put(side + "_hand/joints", Arrays.stream(FINGERS).map(f -> new SignalChannel(f + "/position",
                    "rad")).toList());
            streams.put(side + "_wrist/force_torque", Stream.of("force_x", "force_y", "force_z", "torque_x",
                    "torque_y", "torque_z").map(n -> new SignalChannel(n, n.startsWith("force") ? "N" : "N·m"))
                    .toList());
            streams.put(side + "_hand/tactile", Stream.of("thumb", "index", "middle", "ring").map(f ->
                    new SignalChannel(f + "/pressure", "kPa")).toList());
        }
        streams.put("torso/imu", List.of(new SignalChannel("angular_velocity_x", "rad/s"),
                new SignalChannel("angular_velocity_y", "rad/s"), new SignalChannel("angular_velocity_z", "rad/s"),
                new SignalChannel("linear_acceleration_z", "m/s²")));
        // Moves within a cycle (start, end, direction index): reach, approach, lift, transport, place, away, home.
        double[][] moves = {{0, 3.4, 0}, {3.4, 4.4, 1}, {5.4, 7.4, 2}, {7.4, 12, 1}, {12, 14.4, 2}, {16.2, 17.2, 1},
                {17.2, 20, 0}};
        double[][] direction = {{-2, 0, 0.3, -1.8, 0, -0.5, 0.3}, {0, 1.2, 0.5, 0, -0.6, 0, 0},
                {-1.5, 0, 0, 0.8, 0, 1.0, 0}};
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        long count = Math.round(seconds * hz);
        for (Map.Entry<String, List<SignalChannel>> e : streams.entrySet()) {
            String stream = e.getKey();
            int n = e.getValue().size();
            float[] row = new float[n];
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(folder.resolve(file(stream))),
                    1 << 16); SignalWriter writer = SignalWriter.create(out, e.getValue())) {
                for (long i = 0; i < count; i++) {
                    double t = i / hz;
                    double c = t % CYCLE;
                    double grip = 15 * minJerk((c - 4.4) / 0.35) * (1 - minJerk((c - 14.4) / 0.6));
                    double closure = 0.1 + 0.5 * minJerk((c - 4.2) / 0.5) - 0.5 * minJerk((c - 14.4) / 0.8);
                    if (stream.endsWith("arm/joints")) {
                        for (int j = 0; j < 7; j++) {
                            double v = 0;
                            double q = 0;
                            for (double[] m : moves) {
                                v += 0.12 * direction[(int) m[2]][j] * bell(c, m[0], m[1]);
                                q += 0.12 * direction[(int) m[2]][j] * minJerk((c - m[0]) / (m[1] - m[0]));
                            }
                            row[j] = (float) (q + 0.0005 * random.nextGaussian());
                            row[7 + j] = (float) (v + 0.004 * random.nextGaussian());
                        }
                    } else if (stream.endsWith("hand/joints")) {
                        for (int j = 0; j < 6; j++) {
                            row[j] = (float) (closure * (0.9 + 0.1 * j) + 0.002 * random.nextGaussian());
                        }
                    } else if (stream.endsWith("force_torque")) {
                        row[0] = (float) (0.2 + 0.08 * random.nextGaussian());
                        row[1] = (float) (grip + 0.08 * random.nextGaussian());
                        row[2] = (float) (-6.4 + 0.08 * random.nextGaussian());
                        row[3] = (float) (0.1 * grip + 0.004 * random.nextGaussian());
                        row[4] = (float) (0.004 * random.nextGaussian());
                        row[5] = (float) (0.004 * random.nextGaussian());
                    } else if (stream.endsWith("tactile")) {
                        for (int f = 0; f < 4; f++) {
                            row[f] = (float) Math.max(0, grip * (0.4 - 0.07 * f) + 0.3 * random.nextGaussian());
                        }
                    } else {
                        for (int k = 0; k < 4; k++) {
                            row[k] = (float) ((k == 3 ? 9.81 : 0) + 0.01 * random.nextGaussian());
                        }
                    }
                    writer.append(Math.round(t * 1e9), row);
                }
                writer.finish();
            }
        }
        return streams;
    }
}
