package dev.touchstone.ingest.generator;

import dev.touchstone.ingest.bundle.NpyReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EpisodeGeneratorTest {

    private static final GeneratorOptions SMALL = GeneratorOptions.small();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;
    static EpisodeGenerator.Result first;
    /** A seed whose episode succeeds, so that tests can compare it with a slip. */
    static long firstSeed;

    @BeforeAll
    static void generateOnce() throws IOException {
        firstSeed = seedWith(Scenario.Outcome.SUCCESS, false);
        first = new EpisodeGenerator(SMALL).generate(dir.resolve("a"), "a", firstSeed);
    }

    @Test
    void theSameSeedGivesTheSameBytesInEveryFileButTheMp4s() throws IOException {
        EpisodeGenerator.Result again = new EpisodeGenerator(SMALL).generate(dir.resolve("b"), "a", firstSeed);
        List<Path> files = relativeFiles(first.bundle());
        assertThat(relativeFiles(again.bundle())).isEqualTo(files);
        assertThat(files).hasSizeGreaterThan(200);
        for (Path file : files) {
            if (!file.toString().endsWith(".mp4")) {
                assertThat(Files.mismatch(first.bundle().resolve(file), again.bundle().resolve(file)))
                        .as(file.toString()).isEqualTo(-1L);
            }
        }
        EpisodeGenerator.Result other = new EpisodeGenerator(SMALL).generate(dir.resolve("c"), "a", firstSeed + 1);
        Path joints = Path.of("signals/left_arm_joints.npy");
        assertThat(Files.mismatch(first.bundle().resolve(joints), other.bundle().resolve(joints))).isNotEqualTo(-1L);
    }

    @Test
    void theSmallPresetIsQuickAndSmall() {
        // Measured 1.6-2.2 s on the project's 2-core machines; the bound leaves room for a busy machine.
        assertThat(first.took().toMillis()).isLessThan(10_000);
        assertThat(first.bytes()).isBetween(2_000_000L, 30_000_000L);
    }

    @Test
    void everyVideoHasOneFrameForEveryTimestamp() throws Exception {
        for (String camera : List.of("head_camera", "wrist_camera")) {
            Path video = first.bundle().resolve("video/" + camera + ".mp4");
            Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-count_packets", "-select_streams", "v:0",
                    "-show_entries", "stream=nb_read_packets,width,height,codec_name", "-of", "csv=p=0",
                    video.toString()).redirectErrorStream(true).start();
            String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
            try (NpyReader ts = NpyReader.open(first.bundle().resolve("video/" + camera + ".timestamps.npy"), "ts")) {
                assertThat(out).isEqualTo("h264," + SMALL.width() + "," + SMALL.height() + "," + ts.rows());
            }
        }
    }

    @Test
    void groundTruthPhasesCoverTheEpisodeAndContactsLieInsideGraspToRelease() throws IOException {
        JsonNode truth = JSON.readTree(first.bundle().resolve("ground_truth.json").toFile());
        checkTruth(truth);
        Set<Scenario.Outcome> outcomes = EnumSet.noneOf(Scenario.Outcome.class);
        for (long seed = 0; seed < 300; seed++) {
            Scenario scenario = new Scenario(seed, 20 + seed % 41, Realism.defaults());
            outcomes.add(scenario.outcome);
            double graspStart = scenario.phaseStart(1), releaseEnd = scenario.phaseStart(6);
            assertThat(scenario.bounds[0]).isZero();
            assertThat(scenario.bounds[Scenario.PHASES.length]).isEqualTo(scenario.duration);
            for (int i = 0; i < Scenario.PHASES.length; i++) {
                assertThat(scenario.phaseLength(i)).as("seed %d phase %d", seed, i).isGreaterThan(0.5);
            }
            for (Scenario.Event event : scenario.events()) {
                if (event.label().startsWith("contact") || event.label().equals("slip_onset")) {
                    assertThat(event.time()).as("seed %d %s", seed, event).isBetween(graspStart, releaseEnd);
                }
            }
            assertThat(scenario.events().stream().anyMatch(e -> e.label().equals("object_drop")))
                    .isEqualTo(scenario.outcome != Scenario.Outcome.SUCCESS);
        }
        assertThat(outcomes).containsExactlyInAnyOrder(Scenario.Outcome.values());
    }

    private static void checkTruth(JsonNode truth) {
        long duration = truth.get("durationNanos").longValue();
        assertThat(duration).isEqualTo(20_000_000_000L);
        List<String> labels = new ArrayList<>();
        long previousEnd = 0;
        long graspStart = -1, releaseEnd = -1;
        for (JsonNode phase : truth.get("phases")) {
            labels.add(phase.get("label").stringValue());
            assertThat(phase.get("startNanos").longValue()).isEqualTo(previousEnd);
            assertThat(phase.get("endNanos").longValue()).isGreaterThan(previousEnd);
            previousEnd = phase.get("endNanos").longValue();
            if (labels.getLast().equals("grasp")) {
                graspStart = phase.get("startNanos").longValue();
            }
            if (labels.getLast().equals("release")) {
                releaseEnd = previousEnd;
            }
        }
        assertThat(labels).containsExactly(Scenario.PHASES);
        assertThat(previousEnd).isEqualTo(duration);
        int contacts = 0;
        for (JsonNode event : truth.get("events")) {
            if (event.get("label").stringValue().startsWith("contact_")) {
                contacts++;
                assertThat(event.get("timeNanos").longValue()).isBetween(graspStart, releaseEnd);
            }
        }
        assertThat(contacts).isEqualTo(4);
    }

    @Test
    void aSlipShowsAsAForceAndTactileDropWhileAGoodGraspHolds() throws IOException {
        long slipSeed = seedWith(Scenario.Outcome.SLIP, true);
        Scenario scenario = new Scenario(slipSeed, SMALL.durationSeconds());
        Path bundle = new EpisodeGenerator(SMALL).generate(dir.resolve("slip"), "slip", slipSeed).bundle();
        JsonNode truth = JSON.readTree(bundle.resolve("ground_truth.json").toFile());
        assertThat(truth.get("outcome").stringValue()).isEqualTo("slip");
        checkTruth(truth);

        double before = meanAbs(bundle, "signals/right_wrist_force_torque", 1, scenario.slipTime - 0.4,
                scenario.slipTime - 0.05);
        double after = meanAbs(bundle, "signals/right_wrist_force_torque", 1, scenario.contactOff + 0.2,
                scenario.contactOff + 0.6);
        assertThat(before).isGreaterThan(8);
        assertThat(after).isLessThan(before * 0.25);
        double pressureBefore = meanAbs(bundle, "signals/left_hand_tactile", -1, scenario.slipTime - 0.4,
                scenario.slipTime - 0.05);
        double pressureAfter = meanAbs(bundle, "signals/left_hand_tactile", -1, scenario.contactOff + 0.2,
                scenario.contactOff + 0.6);
        assertThat(pressureAfter).isLessThan(pressureBefore * 0.2);

        // The same window in a successful episode keeps its grip.
        Scenario good = new Scenario(firstSeed, SMALL.durationSeconds());
        double transportMid = good.phaseStart(3) + good.phaseLength(3) / 2;
        assertThat(meanAbs(first.bundle(), "signals/right_wrist_force_torque", 1, transportMid - 0.2,
                transportMid + 0.2)).isGreaterThan(8);
    }

    @Test
    void dropoutsInTheGroundTruthAreGapsInTheTimestamps() throws IOException {
        long seed = seedWith(null, true);
        Path bundle = new EpisodeGenerator(SMALL).generate(dir.resolve("gaps"), "gaps", seed).bundle();
        JsonNode truth = JSON.readTree(bundle.resolve("ground_truth.json").toFile());
        assertThat(truth.get("dropouts").size()).isPositive();
        JsonNode manifest = JSON.readTree(bundle.resolve("manifest.json").toFile());
        for (JsonNode gap : truth.get("dropouts")) {
            String timestamps = null;
            for (JsonNode stream : manifest.get("streams")) {
                if (stream.get("name").stringValue().equals(gap.get("stream").stringValue())) {
                    timestamps = stream.get("timestamps").stringValue();
                }
            }
            assertThat(timestamps).as(gap.toString()).isNotNull();
            long longest = 0, median;
            List<Long> steps = new ArrayList<>();
            try (NpyReader ts = NpyReader.open(bundle.resolve(timestamps), timestamps)) {
                long previous = ts.nextLong();
                while (ts.hasNext()) {
                    long t = ts.nextLong();
                    steps.add(t - previous);
                    longest = Math.max(longest, t - previous);
                    previous = t;
                }
            }
            median = steps.stream().sorted().toList().get(steps.size() / 2);
            long window = gap.get("endNanos").longValue() - gap.get("startNanos").longValue();
            assertThat(longest).as(gap.toString()).isGreaterThan(median + window / 2);
        }
    }

    @Test
    void disturbancesChangeTheTimelineNotTheWorldAndComeInTheirDefaultShares() {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        int n = 1000;
        for (long seed = 0; seed < n; seed++) {
            Scenario clean = new Scenario(seed, 20, Realism.none());
            Scenario real = new Scenario(seed, 20, Realism.defaults());
            assertThat(real.outcome).isEqualTo(clean.outcome);
            assertThat(real.objectMass).isEqualTo(clean.objectMass);
            assertThat(clean.disturbances).isEmpty();
            assertThat(clean.duration).isEqualTo(20);
            real.disturbances.stream().map(Scenario.Disturbance::kind).distinct()
                    .forEach(kind -> counts.merge(kind, 1, Integer::sum));
            if (real.disturbances.stream().noneMatch(d -> !d.kind().equals("sensor_noise"))) {
                // Without a slow operator, a pause or a regrasp the timeline is the nominal one.
                assertThat(real.bounds).containsExactly(clean.bounds);
            }
            // A slow operator stretches the episode; pauses add to it.
            double expected = 20 * real.slowness + real.disturbances.stream()
                    .filter(d -> d.kind().equals("hesitation") || d.kind().equals("regrasp"))
                    .mapToDouble(d -> d.end() - d.start()).sum();
            assertThat(real.duration).as("seed %d", seed).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
        }
        // Shares of episodes (defaults 30 / 15 / 15 / 20 %; a hesitation or regrasp that does not fit is skipped).
        assertThat(counts.get("hesitation") / (double) n).isBetween(0.22, 0.34);
        assertThat(counts.get("regrasp") / (double) n).isBetween(0.11, 0.19);
        assertThat(counts.get("slow_operator") / (double) n).isBetween(0.11, 0.19);
        assertThat(counts.get("sensor_noise") / (double) n).isBetween(0.16, 0.24);
    }

    @Test
    void aHesitationIsAStillStretchOfTheArmsInTheWrittenSignals() throws IOException {
        long seed = seedWhere(s -> s.outcome == Scenario.Outcome.SUCCESS && kinds(s).equals(List.of("hesitation"))
                && s.disturbances.size() == 1);
        Path bundle = new EpisodeGenerator(SMALL).generateSignals(dir.resolve("hesitation"), "h", seed).bundle();
        JsonNode truth = JSON.readTree(bundle.resolve("ground_truth.json").toFile());
        JsonNode pause = truth.get("disturbances").get(0);
        assertThat(pause.get("kind").stringValue()).isEqualTo("hesitation");
        double from = pause.get("startNanos").longValue() / 1e9, to = pause.get("endNanos").longValue() / 1e9;
        assertThat(to - from).isBetween(0.3 + 0.15, 1.5 + 0.15);
        assertThat(truth.get("durationNanos").longValue() / 1e9).isCloseTo(20 + (to - from), within(1e-6));
        // The span is where the task clock runs below half speed; its middle (the hold) is still.
        double still = armSpeed(bundle, from + 0.075, to - 0.075);
        double moving = armSpeed(bundle, from - 0.6, from - 0.2);
        assertThat(moving).isGreaterThan(0.05);
        assertThat(still).isLessThan(0.2 * moving);
        // Phases still tile the (longer) episode.
        checkPhasesTile(truth);
    }

    @Test
    void aRegraspIsAnExtraReleaseAndContactPerHandWithTheGripLetGoBetween() throws IOException {
        long seed = seedWhere(s -> kinds(s).equals(List.of("regrasp")));
        Path bundle = new EpisodeGenerator(SMALL).generateSignals(dir.resolve("regrasp"), "r", seed).bundle();
        JsonNode truth = JSON.readTree(bundle.resolve("ground_truth.json").toFile());
        checkPhasesTile(truth);
        List<Double> on = new ArrayList<>(), off = new ArrayList<>();
        for (JsonNode event : truth.get("events")) {
            if (!"right".equals(event.path("hand").asString(""))) {
                continue;
            }
            double t = event.get("timeNanos").longValue() / 1e9;
            switch (event.get("label").stringValue()) {
                case "contact_on" -> on.add(t);
                case "contact_off" -> off.add(t);
                default -> { }
            }
        }
        assertThat(on).hasSize(2);
        assertThat(off).hasSize(2);
        // on, off (the first attempt let go), on, off (the release), in that order.
        assertThat(on.get(0)).isLessThan(off.get(0));
        assertThat(off.get(0)).isLessThan(on.get(1));
        assertThat(on.get(1)).isLessThan(off.get(1));
        JsonNode regrasp = truth.get("disturbances").get(0);
        assertThat(regrasp.get("kind").stringValue()).isEqualTo("regrasp");
        assertThat(off.get(0) * 1e9).isBetween((double) regrasp.get("startNanos").longValue(),
                (double) regrasp.get("endNanos").longValue());
        double held = meanAbs(bundle, "signals/right_hand_tactile", -1, off.get(0) - 0.4, off.get(0) - 0.2);
        double open = meanAbs(bundle, "signals/right_hand_tactile", -1, off.get(0) + 0.03, on.get(1) - 0.02);
        double again = meanAbs(bundle, "signals/right_hand_tactile", -1, on.get(1) + 0.4, on.get(1) + 0.6);
        assertThat(open).isLessThan(0.2 * held);
        assertThat(again).isGreaterThan(0.8 * held);
    }

    @Test
    void aSlowOperatorStretchesTheEpisodeAndANoisySensorIsNoisier() throws IOException {
        long seed = seedWhere(s -> kinds(s).equals(List.of("slow_operator")));
        Scenario slow = new Scenario(seed, SMALL.durationSeconds(), SMALL.realism());
        Path bundle = new EpisodeGenerator(SMALL).generateSignals(dir.resolve("slow"), "s", seed).bundle();
        JsonNode truth = JSON.readTree(bundle.resolve("ground_truth.json").toFile());
        assertThat(slow.slowness).isBetween(1.5, 2.2);
        assertThat(truth.get("durationNanos").longValue()).isEqualTo(Math.round(20e9 * slow.slowness));
        assertThat(truth.get("nominalDurationNanos").longValue()).isEqualTo(20_000_000_000L);
        assertThat(truth.get("disturbances").get(0).get("factor").doubleValue()).isEqualTo(slow.slowness);
        checkPhasesTile(truth);

        long noisySeed = seedWhere(s -> kinds(s).equals(List.of("sensor_noise"))
                && s.noiseFactor("left_wrist/force_torque") > 1);
        Scenario noisy = new Scenario(noisySeed, SMALL.durationSeconds(), SMALL.realism());
        Path loud = new EpisodeGenerator(SMALL).generateSignals(dir.resolve("noisy"), "n", noisySeed).bundle();
        // torque_z is noise alone: its mean absolute value is 0.8 of its standard deviation, 0.004 N·m at base level.
        double base = meanAbs(first.bundle(), "signals/left_wrist_force_torque", 5, 0, 20) / 0.7979;
        double raised = meanAbs(loud, "signals/left_wrist_force_torque", 5, 0, 20) / 0.7979;
        assertThat(base).isCloseTo(0.004, within(0.0003));
        assertThat(raised / base).isCloseTo(noisy.noiseFactor("left_wrist/force_torque"), within(0.2));
    }

    private static List<String> kinds(Scenario s) {
        List<String> kinds = s.disturbances.stream().map(Scenario.Disturbance::kind).distinct().toList();
        return kinds;
    }

    private static long seedWhere(java.util.function.Predicate<Scenario> wanted) {
        for (long seed = 0; ; seed++) {
            if (wanted.test(new Scenario(seed, SMALL.durationSeconds(), SMALL.realism()))) {
                return seed;
            }
        }
    }

    /** The norm of both arms' joint velocities (channels 7-13), averaged over a window. */
    private static double armSpeed(Path bundle, double from, double to) throws IOException {
        double sum = 0;
        for (String arm : List.of("signals/left_arm_joints", "signals/right_arm_joints")) {
            for (int c = 7; c < 14; c++) {
                double v = meanAbs(bundle, arm, c, from, to);
                sum += v * v;
            }
        }
        return Math.sqrt(sum);
    }

    private static void checkPhasesTile(JsonNode truth) {
        long previousEnd = 0;
        for (JsonNode phase : truth.get("phases")) {
            assertThat(phase.get("startNanos").longValue()).isEqualTo(previousEnd);
            previousEnd = phase.get("endNanos").longValue();
        }
        assertThat(previousEnd).isEqualTo(truth.get("durationNanos").longValue());
    }

    /**
     * The first seed with that outcome (null: any), none of the disturbances that change the timeline (so the
     * nominal 20 s hold) and, if asked, at least one dropout.
     */
    private static long seedWith(Scenario.Outcome outcome, boolean dropouts) {
        for (long seed = 0; ; seed++) {
            Scenario s = new Scenario(seed, SMALL.durationSeconds(), SMALL.realism());
            if ((outcome == null || s.outcome == outcome) && s.disturbances.isEmpty()
                    && (!dropouts || !new Dropouts(seed, s.duration, SMALL.realism().dropout()).windows().isEmpty())) {
                return seed;
            }
        }
    }

    /** Mean absolute value of one channel (or the sum of all channels if -1) over a time window in seconds. */
    private static double meanAbs(Path bundle, String stem, int channel, double from, double to) throws IOException {
        double sum = 0;
        int n = 0;
        try (NpyReader data = NpyReader.open(bundle.resolve(stem + ".npy"), stem);
             NpyReader ts = NpyReader.open(bundle.resolve(stem + ".timestamps.npy"), stem)) {
            double[] row = new double[data.rowLength()];
            while (ts.hasNext()) {
                double t = ts.nextLong() / 1e9;
                data.next(row);
                if (t >= from && t < to) {
                    double v = 0;
                    if (channel >= 0) {
                        v = Math.abs(row[channel]);
                    } else {
                        for (double x : row) {
                            v += Math.abs(x);
                        }
                    }
                    sum += v;
                    n++;
                }
            }
        }
        assertThat(n).as("samples in %s between %.2f and %.2f s", stem, from, to).isPositive();
        return sum / n;
    }

    private static List<Path> relativeFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }
}
