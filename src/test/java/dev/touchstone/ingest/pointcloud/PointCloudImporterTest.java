package dev.touchstone.ingest.pointcloud;

import dev.touchstone.dataset.StreamDataException;
import dev.touchstone.ingest.FakeRecorder;
import dev.touchstone.ingest.ImportFormatException;
import dev.touchstone.ingest.ImportProgress;
import dev.touchstone.ingest.pointcloud.PcdFixture.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PointCloudImporterTest {

    private static final Path SAMPLES = Path.of("..", "shared", "samples", "pointcloud");

    @TempDir
    Path dir;

    private final PointCloudImporter importer = new PointCloudImporter();

    /** A cloud of {@code n} points with x = the given offset, plus one NaN point. */
    private static PcdFixture cloud(int n, double x) {
        PcdFixture fixture = new PcdFixture(Field.of("x", 'F', 4), Field.of("y", 'F', 4), Field.of("z", 'F', 4));
        for (int i = 0; i < n; i++) {
            fixture.point(x, i, 0);
        }
        return fixture.point(Double.NaN, 0, 0);
    }

    private FakeRecorder read(Path path) throws IOException {
        assertThat(importer.accepts(path)).isTrue();
        FakeRecorder recorder = new FakeRecorder();
        importer.read(importer.episodes(path).getFirst(), recorder, ImportProgress.NONE);
        return recorder;
    }

    @Test
    void eachSampleFileIsAnEpisodeWithOneFrameAtZero() throws IOException {
        assumeTrue(Files.isDirectory(SAMPLES), "point-cloud samples not found at " + SAMPLES.toAbsolutePath()
                + " (the project's shared samples folder); skipping");
        for (String name : List.of("bunny.pcd", "colored_cloud.pcd", "cube.ply")) {
            FakeRecorder recorder = read(SAMPLES.resolve(name));

            assertThat(recorder.description.name()).isEqualTo(name.substring(0, name.indexOf('.')));
            assertThat(recorder.description.sourceFormat()).isEqualTo("pointcloud");
            FakeRecorder.Recorded points = recorder.streams.get("points");
            assertThat(points.times).containsExactly(0L);
            assertThat(points.clouds.getFirst().pointCount()).isPositive();
        }
    }

    @Test
    void everyPcdDataModeImports() throws IOException {
        int i = 0;
        for (PcdFixture.Mode mode : PcdFixture.Mode.values()) {
            Path file = dir.resolve("cloud" + i++ + ".pcd");
            Files.write(file, cloud(3, 1.5).write(mode));
            FakeRecorder recorder = read(file);

            assertThat(recorder.streams.get("points").clouds.getFirst().xyz())
                    .containsExactly(1.5f, 0, 0, 1.5f, 1, 0, 1.5f, 2, 0);
            assertThat(recorder.notes).anyMatch(n -> n.contains("dropped 1 invalid"));
        }
    }

    @Test
    void aFolderWithoutTimesIsTenHertzInNaturalNameOrder() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("sweep"));
        for (int i : new int[] {10, 9, 1}) {
            Files.write(folder.resolve("frame_" + i + ".pcd"), cloud(1, i).ascii());
        }
        FakeRecorder recorder = read(folder);

        FakeRecorder.Recorded points = recorder.streams.get("points");
        assertThat(points.times).containsExactly(0L, 100_000_000L, 200_000_000L);
        assertThat(points.clouds).extracting(cloud -> cloud.x(0)).containsExactly(1f, 9f, 10f);
        assertThat(recorder.description.name()).isEqualTo("sweep");
        assertThat(recorder.notes).anyMatch(n -> n.contains("assumed 10.0 Hz"));
    }

    @Test
    void nanosecondAndSecondFileNamesGiveTheTimes() throws IOException {
        Path ns = Files.createDirectory(dir.resolve("ns"));
        Files.write(ns.resolve("1700000000200000000.pcd"), cloud(1, 2).ascii());
        Files.write(ns.resolve("1700000000000000000.pcd"), cloud(1, 0).ascii());
        FakeRecorder byNanos = read(ns);
        assertThat(byNanos.streams.get("points").times).containsExactly(0L, 200_000_000L);
        assertThat(byNanos.notes).anyMatch(n -> n.contains("from the file names"));

        Path seconds = Files.createDirectory(dir.resolve("s"));
        Files.write(seconds.resolve("1700000000.25.pcd"), cloud(1, 2).ascii());
        Files.write(seconds.resolve("1700000000.0.pcd"), cloud(1, 0).ascii());
        assertThat(read(seconds).streams.get("points").times).containsExactly(0L, 250_000_000L);
    }

    @Test
    void aTimestampTableNamingFramesWins() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("table"));
        Files.write(folder.resolve("a.pcd"), cloud(1, 0).binary());
        Files.write(folder.resolve("b.pcd"), cloud(1, 1).binary());
        Files.writeString(folder.resolve("timestamps.csv"), "file,timestamp\nb.pcd,10.5\na.pcd,10.0\n");
        FakeRecorder recorder = read(folder);

        assertThat(recorder.streams.get("points").times).containsExactly(0L, 500_000_000L);
        assertThat(recorder.streams.get("points").clouds).extracting(cloud -> cloud.x(0)).containsExactly(0f, 1f);

        Files.writeString(folder.resolve("timestamps.csv"), "1000\n1000\n");
        assertThatThrownBy(() -> read(folder)).isInstanceOf(StreamDataException.class)
                .hasMessageContaining("have the same time");

        Files.writeString(folder.resolve("timestamps.csv"), "1000\n");
        assertThatThrownBy(() -> read(folder)).isInstanceOf(ImportFormatException.class)
                .hasMessageContaining("table/timestamps.csv").hasMessageContaining("1 times for 2 frames");
    }

    @Test
    void aCorruptFrameIsAFormatErrorNamingTheFrame() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("broken"));
        Files.write(folder.resolve("0.pcd"), cloud(2, 0).binary());
        byte[] bytes = cloud(2, 0).binary();
        Files.write(folder.resolve("1.pcd"), Arrays.copyOf(bytes, bytes.length - 5));

        assertThatThrownBy(() -> read(folder)).isInstanceOf(ImportFormatException.class)
                .hasMessageStartingWith("broken/1.pcd: ");
    }

    @Test
    void acceptsOnlyPointCloudFilesAndFoldersHoldingThem() throws IOException {
        Path ply = dir.resolve("x.ply");
        Files.writeString(ply, "ply\nformat ascii 1.0\nelement vertex 0\nproperty float x\nend_header\n");
        Path text = dir.resolve("y.pcd");
        Files.writeString(text, "hello");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "no frames");

        assertThat(importer.accepts(ply)).isTrue();
        assertThat(importer.accepts(text)).isFalse();
        assertThat(importer.accepts(empty)).isFalse();

        // Frames next to a recording of another format: the folder is not a frame sequence, so discovery imports
        // the recording and each frame on its own instead of this importer hiding the recording behind a note.
        Path mixed = Files.createDirectory(dir.resolve("mixed"));
        Files.write(mixed.resolve("0.pcd"), cloud(1, 0).ascii());
        Files.writeString(mixed.resolve("run.mcap"), "recording");
        assertThat(importer.accepts(mixed)).isFalse();
        assertThat(importer.accepts(mixed.resolve("0.pcd"))).isTrue();
    }

    @Test
    void naturalOrderComparesNumbersByValue() {
        assertThat(List.of("f10", "f9", "f1", "e2").stream().sorted(PointCloudImporter::compareNatural).toList())
                .containsExactly("e2", "f1", "f9", "f10");
        assertThat(PointCloudImporter.parseTime("000042", true)).isNull();
        assertThat(PointCloudImporter.parseTime("1.5", true)).isEqualTo(1_500_000_000L);
    }
}
