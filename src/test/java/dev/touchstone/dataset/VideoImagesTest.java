package dev.touchstone.dataset;

import dev.touchstone.dataset.frames.FrameIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VideoImagesTest {

    @TempDir
    Path work;

    private <T extends PendingStream & EpisodeRecorder.ImageStreamWriter> T images() throws IOException {
        return new VideoStreams(Files.createDirectories(work.resolve("episode"))).images("wrist",
                StreamSource.of("bag.mcap"));
    }

    private static long[] indexOf(PendingStream.Stored stored) throws IOException {
        try (InputStream in = Files.newInputStream(stored.index())) {
            return FrameIndex.read(in, stored.indexName()).timestamps();
        }
    }

    private long[] mediaTimes(Path video) throws IOException {
        VideoProbe probe = VideoProbe.probe(video, work);
        assertThat(probe.firstPtsNanos()).isZero();
        long[] times = new long[probe.frames()];
        for (int i = 0; i < times.length; i++) {
            times[i] = probe.relativeNanos(i);
        }
        return times;
    }

    private byte[] jpeg(String color) throws Exception {
        Path file = work.resolve(color + ".jpg");
        VideoTestFiles.ffmpeg(work, "-f", "lavfi", "-i", "color=" + color + ":size=64x48", "-frames:v", "1",
                file.toString());
        return Files.readAllBytes(file);
    }

    @Test
    void jpegImagesAtIrregularTimesKeepThemToTheMillisecond() throws Exception {
        var stream = images();
        long[] given = {5_000_000_000L, 5_033_000_000L, 5_100_000_000L, 5_100_500_000L, 7_000_000_000L,
                7_012_345_678L};
        byte[][] frames = {jpeg("red"), jpeg("green"), jpeg("blue")};
        for (int i = 0; i < given.length; i++) {
            stream.appendEncoded(given[i], frames[i % 3]);
        }
        PendingStream.Stored stored = stream.finish();

        assertThat(indexOf(stored)).containsExactly(given);
        long[] media = mediaTimes(stored.data());
        assertThat(media).hasSize(given.length);
        for (int i = 0; i < given.length; i++) {
            assertThat(Math.abs(media[i] - (given[i] - given[0]))).as("frame %d", i).isLessThan(1_000_000L);
        }
        assertThat(stored.properties()).containsEntry("codec", "h264").containsEntry("sourceCodec", "mjpeg")
                .containsEntry("width", 64).containsEntry("height", 48).containsEntry("frames", 6);
        assertThat(stream.stats.samples()).isEqualTo(6);
    }

    @Test
    void rawPixelsWithRowPaddingAndBgrOrderAreEncodedInTheRightColours() throws Exception {
        var stream = images();
        int width = 16;
        int height = 8;
        int step = width * 3 + 4;
        byte[] bgr = new byte[step * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                bgr[y * step + x * 3 + 2] = (byte) 255; // red in the third byte of bgr8
            }
        }
        stream.appendRaw(0, width, height, "bgr8", step, bgr);
        stream.appendRaw(40_000_000L, width, height, "bgr8", step, bgr);
        PendingStream.Stored stored = stream.finish();

        Path rgb = work.resolve("first.rgb");
        VideoTestFiles.ffmpeg(work, "-i", stored.data().toString(), "-frames:v", "1", "-f", "rawvideo",
                "-pix_fmt", "rgb24", rgb.toString());
        byte[] pixels = Files.readAllBytes(rgb);
        int centre = (4 * width + 8) * 3;
        assertThat(pixels[centre] & 0xFF).as("red").isGreaterThan(200);
        assertThat(pixels[centre + 2] & 0xFF).as("blue").isLessThan(60);
        assertThat(indexOf(stored)).containsExactly(0L, 40_000_000L);
    }

    @Test
    void mono16AndRgbaAreAccepted() throws Exception {
        var mono = images();
        mono.appendRaw(0, 4, 2, "mono16", 8, new byte[16]);
        mono.appendRaw(1_000_000L, 4, 2, "mono16", 8, new byte[16]);
        assertThat(indexOf(mono.finish())).containsExactly(0L, 1_000_000L);

        var rgba = images();
        rgba.appendRaw(0, 4, 2, "rgba8", 16, new byte[32]);
        assertThat(rgba.finish().properties()).containsEntry("frames", 1);
    }

    @Test
    void imagesOfAnotherSizeOrFormatAreRefused() throws Exception {
        var stream = images();
        stream.appendRaw(0, 4, 2, "rgb8", 12, new byte[24]);
        assertThatThrownBy(() -> stream.appendRaw(10, 4, 4, "rgb8", 12, new byte[48]))
                .isInstanceOf(StreamDataException.class)
                .hasMessageContaining("bag.mcap").hasMessageContaining("'wrist'")
                .hasMessageContaining("image 1 is 4x4 but the stream's images are 4x2");
        byte[] jpeg = jpeg("red");
        assertThatThrownBy(() -> stream.appendEncoded(20, jpeg))
                .isInstanceOf(StreamDataException.class).hasMessageContaining("one image format");
        assertThatThrownBy(() -> stream.appendRaw(30, 4, 2, "yuv422", 8, new byte[16]))
                .isInstanceOf(StreamDataException.class).hasMessageContaining("'yuv422'");
        assertThatThrownBy(() -> stream.appendRaw(40, 4, 2, "rgb8", 12, new byte[20]))
                .isInstanceOf(StreamDataException.class).hasMessageContaining("needs at least 24 bytes");
        assertThatThrownBy(() -> stream.appendRaw(0, 4, 2, "rgb8", 12, new byte[24]))
                .isInstanceOf(StreamDataException.class).hasMessageContaining("backwards");
    }

    @Test
    void emptyStreamIsRefused() throws Exception {
        var stream = images();
        assertThatThrownBy(stream::finish).isInstanceOf(StreamDataException.class)
                .hasMessageContaining("no images");
    }
}
