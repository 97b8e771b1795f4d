package dev.touchstone.ingest.bundle;

import dev.touchstone.dataset.StreamDataException;
import dev.touchstone.ingest.EpisodeSource;
import dev.touchstone.ingest.ImportFormatException;
import dev.touchstone.ingest.ImportProgress;
import dev.touchstone.ingest.generator.EpisodeGenerator;
import dev.touchstone.ingest.generator.GeneratorOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BundleImporterTest {

    @TempDir
    static Path shared;
    static Path generated;

    @TempDir
    Path dir;

    private final BundleImporter importer = new BundleImporter();

    @BeforeAll
    static void generate() throws IOException {
        generated = shared.resolve("episodes").resolve("episode_0000");
        new EpisodeGenerator(GeneratorOptions.small()).generate(generated, "episode_0000", 11);
    }

    private CapturingRecorder read(Path bundle) throws IOException {
        return read(bundle, BundleImporter.Options.ALL);
    }

    private CapturingRecorder read(Path bundle, BundleImporter.Options options) throws IOException {
        CapturingRecorder recorder = new CapturingRecorder();
        importer.read(importer.episodes(bundle).getFirst(), recorder, ImportProgress.NONE, options);
        return recorder;
    }

    @Test
    void acceptsABundleAndAFolderOfBundlesButNotOtherFolders() throws IOException {
        assertThat(importer.format()).isEqualTo("touchstone-bundle");
        assertThat(importer.accepts(generated)).isTrue();
        assertThat(importer.accepts(generated.getParent())).isTrue();
        assertThat(importer.accepts(dir)).isFalse();
        assertThat(importer.accepts(generated.resolve("manifest.json"))).isFalse();
        Files.writeString(dir.resolve("manifest.json"), "{\"format\": \"something-else\"}");
        assertThat(importer.accepts(dir)).isFalse();

        List<EpisodeSource> one = importer.episodes(generated);
        assertThat(one).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("episode_0000");
            assertThat(e.bytes()).isGreaterThan(1_000_000);
        });
        List<EpisodeSource> folder = importer.episodes(generated.getParent());
        assertThat(folder).extracting(EpisodeSource::displayPath).containsExactly("episodes/episode_0000");
    }

    @Test
    void readsEveryStreamOfAGeneratedEpisodeAtItsRate() throws IOException {
        List<Double> fractions = new ArrayList<>();
        CapturingRecorder recorder = new CapturingRecorder();
        importer.read(importer.episodes(generated).getFirst(), recorder, (fraction, message) ->
                fractions.add(fraction), BundleImporter.Options.ALL);

        assertThat(recorder.description.robot()).isEqualTo(EpisodeGenerator.ROBOT);
        assertThat(recorder.description.sourceFormat()).isEqualTo("touchstone-bundle");
        assertThat(recorder.description.recordedAt()).isNotNull();
        JsonNode truth = JsonMapper.builder().build().readTree(recorder.description.groundTruth());
        assertThat(truth.get("phases").size()).isEqualTo(7);
        assertThat(truth.get("outcome").stringValue()).isIn("success", "slip", "fail");

        Map<String, CapturingRecorder.Captured> s = recorder.streams;
        assertThat(s.keySet()).containsExactly("left_arm/joints", "right_arm/joints", "left_hand/joints",
                "right_hand/joints", "left_wrist/force_torque", "right_wrist/force_torque", "left_hand/tactile",
                "right_hand/tactile", "torso/imu", "head_camera", "wrist_camera", "head_depth", "head_lidar");
        assertThat(s.get("left_arm/joints").channels).hasSize(21);
        assertThat(s.get("left_arm/joints").channels.getFirst().unit()).isEqualTo("rad");
        assertThat(s.get("right_hand/joints").channels).hasSize(18);
        assertThat(s.get("left_wrist/force_torque").channels).extracting(c -> c.unit())
                .containsExactly("N", "N", "N", "N·m", "N·m", "N·m");
        assertThat(s.get("torso/imu").channels).hasSize(10);
        assertThat(s.get("left_hand/tactile").layout.pads()).hasSize(5);
        assertThat(s.get("left_hand/tactile").channels).hasSize(80);

        // Rates from the timestamps; a dropout in the episode lowers a rate by at most a few percent.
        assertThat(s.get("left_arm/joints").rateHz()).isCloseTo(250, within(10.0));
        assertThat(s.get("right_wrist/force_torque").rateHz()).isCloseTo(1000, within(40.0));
        assertThat(s.get("left_hand/tactile").rateHz()).isCloseTo(100, within(4.0));
        assertThat(s.get("torso/imu").rateHz()).isCloseTo(200, within(8.0));
        assertThat(s.get("head_camera").rateHz()).isCloseTo(30, within(1.5));
        assertThat(s.get("head_depth").rateHz()).isCloseTo(15, within(1.0));
        assertThat(s.get("head_lidar").rateHz()).isCloseTo(10, within(0.5));
        assertThat(s.get("head_lidar").intensity).isTrue();
        assertThat(s.get("head_lidar").values).allSatisfy(points -> assertThat(points).isGreaterThan(100));
        assertThat(s.get("head_depth").depth.fx()).isPositive();
        assertThat(s.get("head_depth").depth.metersPerUnit()).isEqualTo(0.001);
        assertThat(s.get("head_camera").videoFile).isRegularFile();
        assertThat(s.get("head_camera").source.file()).isEqualTo("episode_0000/video/head_camera.mp4");
        for (CapturingRecorder.Captured stream : s.values()) {
            assertThat(stream.first).as(stream.name).isGreaterThanOrEqualTo(0);
            assertThat(stream.last).as(stream.name).isLessThanOrEqualTo(20_000_000_000L);
        }
        assertThat(fractions).hasSizeGreaterThan(13).isSorted().last().isEqualTo(1.0);
    }

    @Test
    void canLeaveVideoOutAndSaysSo() throws IOException {
        CapturingRecorder recorder = read(generated, BundleImporter.Options.WITHOUT_VIDEO);
        assertThat(recorder.streams).doesNotContainKeys("head_camera", "wrist_camera").containsKey("head_depth");
        assertThat(recorder.notes).hasSize(2).allSatisfy(n -> assertThat(n).contains("was not imported"));
    }

    // ------------------------------------------------------------------------------------ bad bundles

    /** A one-stream bundle: 3 channels at 100 Hz, files written by the test. */
    private Path tiny(double[][] rows, long[] times) throws IOException {
        Path bundle = dir.resolve("tiny");
        Files.createDirectories(bundle.resolve("signals"));
        try (NpyWriter w = NpyWriter.create(bundle.resolve("signals/ft.npy"), NpyDtype.FLOAT64, 3)) {
            for (double[] row : rows) {
                w.append(row);
            }
        }
        try (NpyWriter w = NpyWriter.create(bundle.resolve("signals/ft.timestamps.npy"), NpyDtype.INT64)) {
            for (long t : times) {
                w.append(t);
            }
        }
        Files.writeString(bundle.resolve("manifest.json"), """
                {"format": "touchstone-bundle", "version": 1,
                 "episode": {"name": "tiny", "robot": "r", "task": "t", "operator": "o",
                             "recordedAt": "2026-01-02T03:04:05Z"},
                 "streams": [{"name": "wrist/ft", "kind": "signal", "data": "signals/ft.npy",
                              "timestamps": "signals/ft.timestamps.npy",
                              "channels": [{"name": "fx", "unit": "N"}, {"name": "fy", "unit": "N"},
                                           {"name": "fz", "unit": "N"}]}]}
                """);
        return bundle;
    }

    private static final double[][] ROWS = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};

    @Test
    void aHandWrittenBundleReads() throws IOException {
        CapturingRecorder recorder = read(tiny(ROWS, new long[]{0, 10_000_000, 20_000_000}));
        assertThat(recorder.description.name()).isEqualTo("tiny");
        assertThat(recorder.description.groundTruth()).isNull();
        assertThat(recorder.streams.get("wrist/ft").count).isEqualTo(3);
        assertThat(recorder.firstRows.getFirst()).containsExactly(1, 2, 3);
    }

    @Test
    void aSingleChannelMayBeAPlainVector() throws IOException {
        Path bundle = tiny(ROWS, new long[]{0, 1, 2});
        try (NpyWriter w = NpyWriter.create(bundle.resolve("signals/ft.npy"), NpyDtype.FLOAT32)) {
            w.append(1.5f);
            w.append(2.5f);
            w.append(3.5f);
        }
        Path manifest = bundle.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replaceAll("(?s)\"channels\": \\[.*?]}]",
                "\"channels\": [{\"name\": \"fx\", \"unit\": \"N\"}]}]"));
        CapturingRecorder recorder = read(bundle);
        assertThat(recorder.streams.get("wrist/ft").channels).hasSize(1);
        assertThat(recorder.streams.get("wrist/ft").values).containsExactly(1.5, 2.5, 3.5);
    }

    @Test
    void aMissingFileNamesFileAndStream() throws IOException {
        Path bundle = tiny(ROWS, new long[]{0, 1, 2});
        Files.delete(bundle.resolve("signals/ft.timestamps.npy"));
        assertThatThrownBy(() -> read(bundle)).isInstanceOf(StreamDataException.class)
                .hasMessage("tiny/signals/ft.timestamps.npy: stream 'wrist/ft': file is missing");
    }

    @Test
    void timestampsGoingBackwardsAreNamed() throws IOException {
        Path bundle = tiny(ROWS, new long[]{0, 20, 10});
        assertThatThrownBy(() -> read(bundle)).isInstanceOf(StreamDataException.class)
                .hasMessageStartingWith("tiny/signals/ft.timestamps.npy: stream 'wrist/ft': ")
                .hasMessageContaining("backwards or repeat at sample 2 (20 ns, then 10 ns)");
    }

    @Test
    void aTimestampCountMismatchIsNamed() throws IOException {
        Path bundle = tiny(ROWS, new long[]{0, 10});
        assertThatThrownBy(() -> read(bundle)).isInstanceOf(StreamDataException.class)
                .hasMessageContaining("tiny/signals/ft.timestamps.npy: stream 'wrist/ft': 2 timestamps for 3 samples");
    }

    @Test
    void nanNamesSampleAndChannel() throws IOException {
        Path bundle = tiny(new double[][]{{1, 2, 3}, {4, Double.NaN, 6}}, new long[]{0, 10});
        assertThatThrownBy(() -> read(bundle)).isInstanceOf(StreamDataException.class)
                .hasMessage("tiny/signals/ft.npy: stream 'wrist/ft': NaN at sample 1 in channel 'fy'");
    }

    @Test
    void aTruncatedNpyIsNamedWithItsStream() throws IOException {
        Path bundle = tiny(ROWS, new long[]{0, 1, 2});
        Path data = bundle.resolve("signals/ft.npy");
        byte[] bytes = Files.readAllBytes(data);
        Files.write(data, java.util.Arrays.copyOf(bytes, bytes.length - 8));
        assertThatThrownBy(() -> read(bundle)).isInstanceOf(StreamDataException.class)
                .hasMessageStartingWith("tiny/signals/ft.npy: stream 'wrist/ft': ")
                .hasMessageContaining("truncated");
    }

    @Test
    void theWrongShapeIsNamed() throws IOException {
        Path bundle = tiny(ROWS, new long[]{0, 1, 2});
        try (NpyWriter w = NpyWriter.create(bundle.resolve("signals/ft.npy"), NpyDtype.FLOAT32, 4)) {
            w.append(1f, 2f, 3f, 4f);
        }
        assertThatThrownBy(() -> read(bundle)).isInstanceOf(StreamDataException.class)
                .hasMessageContaining("tiny/signals/ft.npy: stream 'wrist/ft': expected float32 or float64 of "
                        + "shape (n, 3) for 3 channels, found <f4 (1, 4)");
    }

    @Test
    void aGeneratedBundleWithATruncatedDepthFileFailsNamingIt() throws IOException {
        Path copy = dir.resolve("copy");
        copyTree(generated, copy);
        Path depth = copy.resolve("depth/head_depth.npy");
        Files.write(depth, java.util.Arrays.copyOf(Files.readAllBytes(depth), (int) Files.size(depth) - 100));
        assertThatThrownBy(() -> read(copy, BundleImporter.Options.WITHOUT_VIDEO))
                .isInstanceOf(StreamDataException.class)
                .hasMessageStartingWith("copy/depth/head_depth.npy: stream 'head_depth': ");
    }

    @Test
    void manifestProblemsAreNamed() throws IOException {
        Path bundle = tiny(ROWS, new long[]{0, 1, 2});
        Path manifest = bundle.resolve("manifest.json");
        String good = Files.readString(manifest);
        Files.writeString(manifest, good.replace("\"version\": 1", "\"version\": 2"));
        assertThatThrownBy(() -> importer.episodes(bundle)).isInstanceOf(ImportFormatException.class)
                .hasMessage("tiny/manifest.json: bundle version 2 is not supported (this Touchstone reads version 1)");
        Files.writeString(manifest, good.replace("signals/ft.npy", "../../etc/passwd"));
        assertThatThrownBy(() -> importer.episodes(bundle)).hasMessageContaining("must be a relative path inside");
        Files.writeString(manifest, good.replace("\"signal\"", "\"smell\""));
        assertThatThrownBy(() -> importer.episodes(bundle)).hasMessageContaining("kind 'smell' is not one of");
        Files.writeString(manifest, good.replace("\"episode\": {", "\"episode\": {\"metadata\": {\"object\": 3},"));
        assertThatThrownBy(() -> importer.episodes(bundle)).hasMessageContaining("episode.metadata.object must be a "
                + "string");
        Files.writeString(manifest, good.substring(0, 40));
        assertThatThrownBy(() -> importer.episodes(bundle)).hasMessageStartingWith("tiny/manifest.json: not valid "
                + "JSON");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
