package dev.touchstone.ingest.pointcloud;

import dev.touchstone.dataset.pointcloud.PointCloud;
import dev.touchstone.dataset.pointcloud.PointCloudFormatException;
import dev.touchstone.dataset.pointcloud.PointCloudFrame;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.touchstone.ingest.pointcloud.PcdFixture.Field;
import dev.touchstone.ingest.pointcloud.PlyFixture.Format;
import dev.touchstone.ingest.pointcloud.PlyFixture.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PointCloudsTest {

    @Test
    void choosesTheReaderByContentNotByName(@TempDir Path folder) throws Exception {
        Path ply = folder.resolve("upload-1.bin");
        Path pcd = folder.resolve("upload-2.ply");
        Files.write(ply, new PlyFixture()
                .element("vertex", Property.of("float", "x"), Property.of("float", "y"), Property.of("float", "z"))
                .row(1, 2, 3)
                .write(Format.BIG_ENDIAN));
        Files.write(pcd, new PcdFixture(Field.of("x", 'F', 4), Field.of("y", 'F', 4), Field.of("z", 'F', 4))
                .point(4, 5, 6)
                .binary());

        assertThat(PointClouds.read(ply).xyz()).containsExactly(1f, 2f, 3f);
        assertThat(PointClouds.read(pcd).xyz()).containsExactly(4f, 5f, 6f);
    }

    @Test
    void reportsAFileOfNeitherFormatAsNotAPcdFile() {
        byte[] png = "\u0089PNG\r\n\u001a\n".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> PointClouds.read(png, "photo.png"))
                .isInstanceOf(PointCloudFormatException.class)
                .hasMessage("photo.png: header line 1: unknown entry '?PNG' (is this a PCD file?)");
    }
}
