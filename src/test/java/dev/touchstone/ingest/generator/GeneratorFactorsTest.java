package dev.touchstone.ingest.generator;

import dev.touchstone.ingest.bundle.BundleManifest;
import dev.touchstone.ingest.bundle.NpyReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The generator's factors (docs/generator.md, "Factors") and its sim/real pairs ("Sim/real pairs"), measured on the
 * written files: the factors are a function of the seed and reach the manifest's metadata; the simulated twin reads
 * its sensors exactly, the real one with noise and behind it by its actuation latency.
 */
class GeneratorFactorsTest {

    private static final GeneratorOptions SMALL = GeneratorOptions.small();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void theFactorsAreAFunctionOfTheSeedAndReachTheManifestAndTheGroundTruth() throws IOException {
        long seed = 42;
        EpisodeGenerator generator = new EpisodeGenerator(SMALL);
        Path a = generator.generateSignals(dir.resolve("a"), "a", seed).bundle();
        Path b = generator.generateSignals(dir.resolve("b"), "b", seed).bundle();
        Map<String, String> metadata = BundleManifest.read(a, "a").metadata();
        assertThat(BundleManifest.read(b, "b").metadata()).isEqualTo(metadata);

        Scenario scenario = new Scenario(seed, SMALL.durationSeconds(), SMALL.realism());
        assertThat(metadata).containsOnlyKeys("object", "lighting", "surface", "operator", "object_x", "object_y",
                "object_yaw", "variant");
        assertThat(metadata.get("object_x")).isEqualTo(String.format(java.util.Locale.ROOT, "%.3f",
                scenario.start[0]));
        assertThat(metadata.get("object_y")).isEqualTo(String.format(java.util.Locale.ROOT, "%.3f",
                scenario.start[1]));
        assertThat(metadata.get("variant")).as("a single generated episode is a real recording").isEqualTo("real");
        assertThat(BundleManifest.read(a, "a").operator()).isEqualTo(metadata.get("operator"));
        JsonNode truth = JSON.readTree(a.resolve("ground_truth.json").toFile());
        Map<String, String> truthFactors = new HashMap<>();
        truth.get("factors").properties().forEach(e -> truthFactors.put(e.getKey(), e.getValue().stringValue()));
        assertThat(truthFactors).isEqualTo(metadata);
        // The object's start in the ground truth is where the metadata says it stands.
        assertThat(truth.get("object").get("startCentre").get(0).doubleValue())
                .isCloseTo(Double.parseDouble(metadata.get("object_x")), within(0.0005));
    }

    @Test
    void everyValueOfEveryFactorOccursAcrossSeedsAndAQuarterTurnSwapsTheBoxSides() {
        Map<String, Set<String>> seen = new HashMap<>();
        boolean turned = false;
        for (long seed = 0; seed < 200; seed++) {
            Scenario s = new Scenario(seed, 20, Realism.none());
            Map<String, String> m = EpisodeGenerator.metadata(s);
            m.forEach((k, v) -> seen.computeIfAbsent(k, x -> new HashSet<>()).add(v));
            // Without factors the box's x side is 0.12-0.18 m and its y side 0.20-0.28 m.
            int yaw = s.factors.objectYawDegrees();
            if (yaw % 180 != 0) {
                turned = true;
                assertThat(s.objectSize[0]).as("seed %d turned %d degrees", seed, yaw).isBetween(0.20, 0.28);
                assertThat(s.objectSize[1]).isBetween(0.12, 0.18);
            } else {
                assertThat(s.objectSize[0]).isBetween(0.12, 0.18);
            }
        }
        assertThat(turned).isTrue();
        assertThat(seen.get("object")).containsExactlyInAnyOrder("cube", "mug", "bottle");
        assertThat(seen.get("lighting")).containsExactlyInAnyOrder("bright", "dim", "backlit");
        assertThat(seen.get("surface")).containsExactlyInAnyOrder("wood", "cloth", "steel");
        assertThat(seen.get("operator")).containsExactlyInAnyOrder("op-1", "op-2", "op-3", "op-4");
        assertThat(seen.get("object_yaw")).containsExactlyInAnyOrder("0", "90", "180", "270");
        assertThat(seen.get("object_x").size()).as("positions vary").isGreaterThan(50);
    }

    @Test
    void theSimTwinReadsExactlyAndTheRealOneIsNoisyAndLagsByItsLatency() throws IOException {
        // A seed without disturbances whose real twin's first grip closes at least 20 ms after its sim twin's (beyond
        // the latency), so that the 100 Hz tactile samples can see the difference.
        long seed = 0;
        while (true) {
            Scenario real = new Scenario(seed, SMALL.durationSeconds(), SMALL.realism(), EpisodeGenerator.Variant.REAL);
            if (real.disturbances.stream().noneMatch(d -> !d.kind().equals("sensor_noise"))
                    && real.contactLag >= 0.02) {
                break;
            }
            seed++;
        }
        EpisodeGenerator generator = new EpisodeGenerator(SMALL);
        Path sim = generator.generateSignals(dir.resolve("sim"), "sim", seed, EpisodeGenerator.Variant.SIM).bundle();
        Path real = generator.generateSignals(dir.resolve("real"), "real", seed, EpisodeGenerator.Variant.REAL)
                .bundle();
        Map<String, String> simMeta = BundleManifest.read(sim, "sim").metadata();
        Map<String, String> realMeta = BundleManifest.read(real, "real").metadata();
        assertThat(simMeta.get("variant")).isEqualTo("sim");
        assertThat(realMeta.get("variant")).isEqualTo("real");
        assertThat(simMeta.get("pair_key")).isEqualTo(realMeta.get("pair_key")).isEqualTo(EpisodeGenerator.pairKey(seed));
        Map<String, String> shared = new HashMap<>(realMeta);
        shared.put("variant", "sim");
        assertThat(simMeta).as("the twins share every factor").isEqualTo(shared);

        JsonNode simTruth = JSON.readTree(sim.resolve("ground_truth.json").toFile());
        JsonNode realTruth = JSON.readTree(real.resolve("ground_truth.json").toFile());
        long latency = realTruth.get("actuationLatencyNanos").longValue();
        assertThat(latency).isBetween(40_000_000L, 120_000_000L);
        assertThat(simTruth.get("actuationLatencyNanos").longValue()).isZero();
        assertThat(simTruth.get("dropouts")).as("no dropouts in sim").isEmpty();
        assertThat(simTruth.get("disturbances")).as("no noisy sensor in sim").isEmpty();
        assertThat(realTruth.get("outcome")).isEqualTo(simTruth.get("outcome"));

        // Noise: the sim twin's clock ticks exactly and its joint angles are smooth (second differences of the
        // motion alone); the real twin's jitter and carry the 0.0005 rad noise.
        String arm = "signals/left_arm_joints";
        assertThat(timestamps(sim, arm)).as("sim samples at exactly (i + 0.5) / 250 s")
                .allSatisfy(t -> assertThat(t % 4_000_000L).isEqualTo(2_000_000L));
        assertThat(timestamps(real, arm)).anySatisfy(t -> assertThat(t % 4_000_000L).isNotEqualTo(2_000_000L));
        assertThat(roughness(sim, arm)).isLessThan(2e-5);
        assertThat(roughness(real, arm)).isGreaterThan(3e-4);

        // Latency: the real arm leaves home later than the sim arm by the latency, within a sample (4 ms) and noise.
        double simStart = firstDeparture(sim, arm, 0.1);
        double realStart = firstDeparture(real, arm, 0.1);
        assertThat(realStart - simStart).isCloseTo(latency / 1e9, within(0.008));

        // Contact: the real grip closes later than the sim grip by the latency and then some (timing of contact),
        // on the tactile pads and in the ground truth.
        double simContact = firstTactile(sim, 200);
        double realContact = firstTactile(real, 200);
        assertThat(realContact - simContact - latency / 1e9).isBetween(0.005, 0.05);
        long simOn = firstEvent(simTruth, "contact_on");
        long realOn = firstEvent(realTruth, "contact_on");
        assertThat(realOn - simOn - latency).isBetween(19_000_000L, 31_000_000L);
        // The phases are the sim twin's, later by the latency (the first starts at 0 in both).
        for (int i = 1; i < Scenario.PHASES.length; i++) {
            assertThat(realTruth.get("phases").get(i).get("startNanos").longValue()
                    - simTruth.get("phases").get(i).get("startNanos").longValue())
                    .as("phase %d", i).isCloseTo(latency, within(1L));
        }
        assertThat(realTruth.get("durationNanos").longValue() - simTruth.get("durationNanos").longValue())
                .isCloseTo(latency, within(1L));
    }

    private static long firstEvent(JsonNode truth, String label) {
        for (JsonNode e : truth.get("events")) {
            if (e.get("label").stringValue().equals(label)) {
                return e.get("timeNanos").longValue();
            }
        }
        throw new AssertionError("no " + label);
    }

    private static List<Long> timestamps(Path bundle, String stem) throws IOException {
        List<Long> times = new ArrayList<>();
        try (NpyReader ts = NpyReader.open(bundle.resolve(stem + ".timestamps.npy"), stem)) {
            while (ts.hasNext()) {
                times.add(ts.nextLong());
            }
        }
        return times;
    }

    /** RMS of the second difference of channel 0 (a joint angle): the motion's share is tiny at 250 Hz. */
    private static double roughness(Path bundle, String stem) throws IOException {
        List<Double> v = column(bundle, stem, 0);
        double sum = 0;
        for (int i = 2; i < v.size(); i++) {
            double d = v.get(i) - 2 * v.get(i - 1) + v.get(i - 2);
            sum += d * d;
        }
        return Math.sqrt(sum / (v.size() - 2));
    }

    /** When channel 0 first moves more than {@code by} from its first value, in seconds. */
    private static double firstDeparture(Path bundle, String stem, double by) throws IOException {
        List<Double> v = column(bundle, stem, 0);
        List<Long> t = timestamps(bundle, stem);
        for (int i = 0; i < v.size(); i++) {
            if (Math.abs(v.get(i) - v.getFirst()) > by) {
                return t.get(i) / 1e9;
            }
        }
        throw new AssertionError("the arm never moves");
    }

    /** When the left hand's tactile pads first sum above the pressure (kPa), in seconds. */
    private static double firstTactile(Path bundle, double kPa) throws IOException {
        String stem = "signals/left_hand_tactile";
        try (NpyReader data = NpyReader.open(bundle.resolve(stem + ".npy"), stem);
             NpyReader ts = NpyReader.open(bundle.resolve(stem + ".timestamps.npy"), stem)) {
            double[] row = new double[data.rowLength()];
            while (ts.hasNext()) {
                double t = ts.nextLong() / 1e9;
                data.next(row);
                double sum = 0;
                for (double x : row) {
                    sum += x;
                }
                // The real pads' noise, clipped at 0, adds about 10 kPa over 80 taxels: small beside the threshold.
                if (sum > kPa) {
                    return t;
                }
            }
        }
        throw new AssertionError("no contact");
    }

    private static List<Double> column(Path bundle, String stem, int channel) throws IOException {
        List<Double> values = new ArrayList<>();
        try (NpyReader data = NpyReader.open(bundle.resolve(stem + ".npy"), stem)) {
            double[] row = new double[data.rowLength()];
            while (data.hasNext()) {
                data.next(row);
                values.add(row[channel]);
            }
        }
        return values;
    }
}
