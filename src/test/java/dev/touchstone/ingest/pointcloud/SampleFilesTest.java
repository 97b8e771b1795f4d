package dev.touchstone.ingest.pointcloud;

import dev.touchstone.dataset.pointcloud.PointCloud;
import dev.touchstone.dataset.pointcloud.PointCloudFormatException;
import dev.touchstone.dataset.pointcloud.PointCloudFrame;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real files in the shared sample folder, next to the project root. Expected values were read from the files
 * independently of these readers (a hex dump and a struct decoder), not copied from this code's output. Skipped,
 * with a message, where the samples are not checked out.
 */
class SampleFilesTest {

    private static final Path SAMPLES = Path.of("..", "shared", "samples", "pointcloud");

    private static Path sample(String name) {
        Path file = SAMPLES.resolve(name);
        assumeTrue(Files.isRegularFile(file), () -> "sample " + name + " not found in " + SAMPLES.toAbsolutePath()
                + "; skipping the test on real files");
        return file;
    }

    @Test
    void bunnyIsAVersion5AsciiCloudOf397Points() throws Exception {
        PointCloud bunny = PcdReader.read(sample("bunny.pcd"));

        assertThat(bunny.pointCount()).isEqualTo(397);
        assertThat(bunny.droppedPoints()).isZero();
        assertThat(bunny.sourceFields()).containsExactly("x", "y", "z");
        assertThat(bunny.hasIntensity()).isFalse();
        assertThat(bunny.hasRgb()).isFalse();
        assertThat(new float[] {bunny.x(0), bunny.y(0), bunny.z(0)}).containsExactly(0.0054216f, 0.11349f, 0.040749f);
        assertThat(new float[] {bunny.x(396), bunny.y(396), bunny.z(396)})
                .containsExactly(-0.07793f, 0.17516f, -0.0444f);
        assertThat(bunny.bounds()).isEqualTo(new PointCloud.Bounds(-0.093938f, 0.03742f, -0.055026f,
                0.059562f, 0.1845f, 0.057803f));
    }

    @Test
    void colouredCloudIsAVersion7BinaryCloudWithRgbAndNormals() throws Exception {
        PointCloud cloud = PcdReader.read(sample("colored_cloud.pcd"));

        assertThat(cloud.pointCount()).isEqualTo(1000);
        assertThat(cloud.droppedPoints()).isZero();
        assertThat(cloud.sourceFields()).containsExactly("x", "y", "z", "rgb", "normal_x", "normal_y", "normal_z",
                "curvature");
        assertThat(cloud.hasIntensity()).isFalse();
        // rgb is TYPE U here with alpha 0xFF in the top byte of every point.
        assertThat(new float[] {cloud.x(0), cloud.y(0), cloud.z(0)}).containsExactly(-0.8550515f, -0.6315086f, 1.467f);
        assertThat(cloud.rgbAt(0)).isEqualTo(0x6C6D69);
        assertThat(new float[] {cloud.x(500), cloud.y(500), cloud.z(500)})
                .containsExactly(0.3818572f, -0.3784629f, 0.891f);
        assertThat(cloud.rgbAt(500)).isEqualTo(0x8E8C85);
        assertThat(new float[] {cloud.x(999), cloud.y(999), cloud.z(999)})
                .containsExactly(0.2712914f, -0.3860686f, 0.913f);
        assertThat(cloud.rgbAt(999)).isEqualTo(0xA8B5B0);
        assertThat(cloud.bounds()).isEqualTo(new PointCloud.Bounds(-0.887101f, -0.6507353f, 0.882f,
                0.4888f, -0.3754896f, 1.532f));
    }

    @Test
    void cubeIsABinaryPlyWhoseFacesAreReadPast() throws Exception {
        PointCloud cube = PlyReader.read(sample("cube.ply"));

        assertThat(cube.pointCount()).isEqualTo(24);
        assertThat(cube.sourceFields()).containsExactly("x", "y", "z");
        assertThat(cube.hasRgb()).isFalse();
        assertThat(cube.xyz()).startsWith(-1f, -1f, -1f, -1f, -1f, 1f, -1f, 1f, 1f, -1f, 1f, -1f);
        assertThat(cube.xyz()).containsOnly(-1f, 1f);
        assertThat(cube.bounds()).isEqualTo(new PointCloud.Bounds(-1, -1, -1, 1, 1, 1));
    }

    @Test
    void everySampleSurvivesTheFrameFormat() throws Exception {
        for (String name : new String[] {"bunny.pcd", "colored_cloud.pcd", "cube.ply"}) {
            PointCloud cloud = PointClouds.read(sample(name));

            PointCloud stored = PointCloudFrame.decode(new PointCloudFrame(0, cloud).encode(), name).cloud();

            assertThat(stored.xyz()).as(name).isEqualTo(cloud.xyz());
            assertThat(stored.rgb()).as(name).isEqualTo(cloud.rgb());
            assertThat(stored.bounds()).as(name).isEqualTo(cloud.bounds());
        }
    }
}
