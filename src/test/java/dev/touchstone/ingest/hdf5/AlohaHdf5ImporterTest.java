package dev.touchstone.ingest.hdf5;

import dev.touchstone.dataset.StreamDataException;
import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.ingest.FakeRecorder;
import dev.touchstone.ingest.ImportFormatException;
import dev.touchstone.ingest.ImportProgress;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** ALOHA-shaped files written with jhdf's writer, and the shared HDF5 samples for the codecs. */
class AlohaHdf5ImporterTest {

    private static final Path SAMPLES = Path.of("..", "shared", "samples", "hdf5");
    private static final int T = 5;
    private static final int H = 4;
    private static final int W = 6;

    @TempDir
    Path dir;

    private final AlohaHdf5Importer importer = new AlohaHdf5Importer();

    private static double[][] table(int rows, int columns, double scale) {
        double[][] values = new double[rows][columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                values[r][c] = scale * (r * 100 + c);
            }
        }
        return values;
    }

    /** A camera whose pixel (0, 0) red value is 200 + frame, so unsigned bytes above 127 are checked. */
    private static byte[][][][] camera() {
        byte[][][][] frames = new byte[T][H][W][3];
        for (int t = 0; t < T; t++) {
            frames[t][0][0][0] = (byte) (200 + t);
            frames[t][H - 1][W - 1][2] = (byte) t;
        }
        return frames;
    }

    private Path write(String name, Consumer<WritableHdfFile> content) {
        Path file = dir.resolve(name);
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            content.accept(hdf);
        }
        return file;
    }

    private static void aloha(WritableHdfFile hdf, boolean chunkedImages) {
        WritableGroup observations = hdf.putGroup("observations");
        observations.putDataset("qpos", table(T, 14, 0.001));
        observations.putDataset("qvel", table(T, 14, 0.01));
        WritableGroup images = observations.putGroup("images");
        DatasetCreationOptions.Builder options = DatasetCreationOptions.builder().unsigned();
        if (chunkedImages) {
            options.chunkDimensions(1, H, W, 3).deflate();
        }
        images.putDataset("cam_high", camera(), options.build());
        images.putDataset("cam_left_wrist", camera(), options.build());
        hdf.putDataset("action", table(T, 14, 0.002));
        hdf.putAttribute("sim", false);
    }

    private FakeRecorder read(Path file) throws IOException {
        assertThat(importer.accepts(file)).isTrue();
        FakeRecorder recorder = new FakeRecorder();
        importer.read(importer.episodes(file).getFirst(), recorder, ImportProgress.NONE);
        return recorder;
    }

    @Test
    void anAlohaEpisodeBecomesSignalsAndCameras() throws IOException {
        for (boolean chunked : new boolean[] {false, true}) {
            FakeRecorder recorder = read(write("episode_" + chunked + ".hdf5", hdf -> aloha(hdf, chunked)));

            assertThat(recorder.description.name()).isEqualTo("episode_" + chunked);
            assertThat(recorder.description.sourceFormat()).isEqualTo("hdf5-aloha");
            assertThat(recorder.description.robot()).isEqualTo("aloha");
            assertThat(recorder.description.metadata()).containsEntry("aloha.sim", "false");
            assertThat(recorder.streams.keySet()).containsExactly("qpos", "qvel", "action", "cam_high",
                    "cam_left_wrist");

            FakeRecorder.Recorded qpos = recorder.streams.get("qpos");
            assertThat(qpos.channels).hasSize(14);
            assertThat(qpos.channels.getFirst()).isEqualTo(new SignalChannel("left_waist", "rad"));
            assertThat(qpos.channels.get(6)).isEqualTo(new SignalChannel("left_gripper", ""));
            assertThat(qpos.channels.get(13).name()).isEqualTo("right_gripper");
            assertThat(qpos.times).containsExactly(0L, 20_000_000L, 40_000_000L, 60_000_000L, 80_000_000L);
            assertThat(qpos.values.get(3)[2]).isEqualTo(0.302, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(recorder.streams.get("qvel").channels.getFirst().unit()).isEqualTo("rad/s");
            assertThat(recorder.streams.get("action").values.get(1)[0]).isEqualTo(0.2);

            FakeRecorder.Recorded camera = recorder.streams.get("cam_high");
            assertThat(camera.source.detail()).isEqualTo("/observations/images/cam_high");
            assertThat(camera.frames).hasSize(T).containsOnly("rgb8 " + W + "x" + H);
            assertThat(camera.times).isEqualTo(qpos.times);
            byte[] last = camera.payloads.get(T - 1);
            assertThat(last).hasSize(H * W * 3);
            assertThat(last[0] & 0xFF).isEqualTo(200 + T - 1);
            assertThat(last[last.length - 1]).isEqualTo((byte) (T - 1));

            assertThat(recorder.notes).anyMatch(n -> n.contains("assumed ACT's fixed rate of 50.0 Hz")
                    && n.contains("sim = false"));
        }
    }

    @Test
    void timestampsComeFromATimestampDatasetInSeconds() throws IOException {
        Path file = write("timed.h5", hdf -> {
            WritableGroup observations = hdf.putGroup("observations");
            observations.putDataset("qpos", table(3, 2, 1));
            observations.putDataset("timestamp", new double[] {100.0, 100.5, 100.75});
        });
        FakeRecorder recorder = read(file);

        FakeRecorder.Recorded qpos = recorder.streams.get("qpos");
        assertThat(qpos.times).containsExactly(0L, 500_000_000L, 750_000_000L);
        assertThat(qpos.channels).extracting(SignalChannel::name).containsExactly("qpos[0]", "qpos[1]");
        assertThat(recorder.notes).anyMatch(n -> n.contains("timestamps from /observations/timestamp (seconds)"));
    }

    @Test
    void aRateAttributeAndChannelNamesFromAttributesAreUsed() throws IOException {
        Path file = write("named.hdf5", hdf -> {
            WritableGroup observations = hdf.putGroup("observations");
            observations.putDataset("qpos", table(3, 2, 1)).putAttribute("names", new String[] {"hip", "knee"});
            hdf.putAttribute("fps", 10.0);
        });
        FakeRecorder recorder = read(file);

        assertThat(recorder.streams.get("qpos").channels).extracting(SignalChannel::name)
                .containsExactly("hip", "knee");
        assertThat(recorder.streams.get("qpos").times).containsExactly(0L, 100_000_000L, 200_000_000L);
        assertThat(recorder.notes).anyMatch(n -> n.contains("fps = 10.0"));
    }

    @Test
    void mismatchedRowCountsAreRefused() {
        Path file = write("mismatch.hdf5", hdf -> {
            WritableGroup observations = hdf.putGroup("observations");
            observations.putDataset("qpos", table(5, 14, 1));
            observations.putDataset("qvel", table(4, 14, 1));
        });

        assertThatThrownBy(() -> read(file)).isInstanceOf(ImportFormatException.class)
                .hasMessageStartingWith("mismatch.hdf5: ")
                .hasMessageContaining("/observations/qvel has 4 rows but /observations/qpos has 5");
    }

    @Test
    void nanValuesAreRefusedWithRowAndChannel() {
        double[][] values = table(3, 14, 1);
        values[2][7] = Double.NaN;
        Path file = write("nan.hdf5", hdf -> hdf.putGroup("observations").putDataset("qpos", values));

        assertThatThrownBy(() -> read(file)).isInstanceOf(StreamDataException.class)
                .hasMessageContaining("nan.hdf5").hasMessageContaining("'qpos'")
                .hasMessageContaining("row 2").hasMessageContaining("right_waist");
    }

    @Test
    void aFileWithoutQposIsNotAnAlohaEpisode() {
        Path file = write("other.hdf5", hdf -> hdf.putDataset("data", new double[] {1, 2}));

        assertThatThrownBy(() -> read(file)).isInstanceOf(ImportFormatException.class)
                .hasMessage("other.hdf5: not an ALOHA episode: /observations/qpos missing");
    }

    @Test
    void acceptsOnlyHdf5FilesWithTheSignature() throws IOException {
        Path good = write("a.h5", hdf -> hdf.putDataset("x", new double[] {1}));
        Path wrongName = dir.resolve("a.bin");
        Files.copy(good, wrongName);
        Path notHdf = dir.resolve("b.hdf5");
        Files.writeString(notHdf, "no signature here");

        assertThat(importer.accepts(good)).isTrue();
        assertThat(importer.accepts(wrongName)).isFalse();
        assertThat(importer.accepts(notHdf)).isFalse();
    }

    @Test
    void aTruncatedFileIsAFormatError() throws IOException {
        Path file = write("cut.hdf5", hdf -> aloha(hdf, true));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> read(file)).isInstanceOf(ImportFormatException.class)
                .hasMessageStartingWith("cut.hdf5: ");
    }

    @Test
    void realSamplesWithDeflateAndLzfChunksReadButAreNotAlohaEpisodes() throws IOException {
        Path sample = SAMPLES.resolve("test_compressed_chunked_datasets_latest.hdf5");
        assumeTrue(Files.isRegularFile(sample), "HDF5 samples not found at " + SAMPLES.toAbsolutePath()
                + " (the project's shared samples folder); skipping");
        // The codecs the importer relies on: chunked deflate and LZF datasets decode to the same values.
        try (HdfFile hdf = new HdfFile(sample)) {
            for (String name : new String[] {"float32", "float64"}) {
                Dataset deflate = hdf.getDatasetByPath("/float/" + name);
                Dataset lzf = hdf.getDatasetByPath("/float/" + name + "lzf");
                assertThat(deflate.getDimensions()).containsExactly(7, 5);
                double[] a = Numbers.flat(((Object[]) deflate.getData(new long[] {2, 0}, new int[] {1, 5}))[0],
                        "s", "p");
                double[] b = Numbers.flat(((Object[]) lzf.getData(new long[] {2, 0}, new int[] {1, 5}))[0],
                        "s", "p");
                assertThat(a).isEqualTo(b).isNotEqualTo(new double[5]);
            }
        }
        for (String name : new String[] {"test_compressed_chunked_datasets_latest.hdf5",
                "test_attribute_earliest.hdf5"}) {
            Path file = SAMPLES.resolve(name);
            assertThatThrownBy(() -> read(file)).isInstanceOf(ImportFormatException.class)
                    .hasMessage(name + ": not an ALOHA episode: /observations/qpos missing");
        }
    }
}
