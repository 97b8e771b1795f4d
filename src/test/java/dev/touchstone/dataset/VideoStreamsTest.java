package dev.touchstone.dataset;

import dev.touchstone.dataset.frames.FrameIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VideoStreamsTest {

    @TempDir
    Path work;

    private VideoStreams videos() throws IOException {
        return new VideoStreams(Files.createDirectories(work.resolve("episode")));
    }

    private static FrameIndex index(PendingStream.Stored stored) throws IOException {
        try (InputStream in = Files.newInputStream(stored.index())) {
            return FrameIndex.read(in, stored.indexName());
        }
    }

    private static long[] storedPts(PendingStream.Stored stored, Path work) throws IOException {
        VideoProbe probe = VideoProbe.probe(stored.data(), work);
        long[] relative = new long[probe.frames()];
        for (int i = 0; i < relative.length; i++) {
            relative[i] = probe.relativeNanos(i);
        }
        assertThat(probe.firstPtsNanos()).as("first frame at media time 0").isZero();
        return relative;
    }

    @Test
    void variableFrameRateVideoKeepsEveryFramesOwnTimestamp() throws IOException {
        Path file = VideoTestFiles.sample("mp4/count-video.mp4");
        PendingStream stream = videos().file("count", StreamSource.of("count-video.mp4"), file, null, 1_000_000L);
        PendingStream.Stored stored = stream.finish();

        FrameIndex index = index(stored);
        assertThat(index.size()).isEqualTo(245);
        assertThat(index.timestamp(0)).isEqualTo(1_000_000L);
        // 24.341 s is the last frame's pts in the file (ms time base); 244 frames at the nominal 79/4 fps would be
        // 12.35 s
        assertThat(index.timestamp(244)).isEqualTo(1_000_000L + 24_341_000_000L);
        long[] intervals = new long[244];
        for (int i = 1; i < 245; i++) {
            intervals[i - 1] = index.timestamp(i) - index.timestamp(i - 1);
        }
        assertThat(Arrays.stream(intervals).distinct().count()).as("intervals vary").isGreaterThan(2);
        assertThat(stored.properties()).containsEntry("transcoded", false).containsEntry("codec", "h264")
                .containsEntry("frames", 245).containsEntry("width", 640).containsEntry("height", 480);
        assertThat(Files.mismatch(stored.data(), file)).as("kept byte for byte").isEqualTo(-1L);
        assertThat(stream.stats.samples()).isEqualTo(245);
    }

    @Test
    void constantRateSampleHasEightyFrames() throws IOException {
        Path file = VideoTestFiles.sample("mp4/BBB_fixedres_B_180x320_80.mp4");
        PendingStream.Stored stored = videos().file("bbb", StreamSource.of("bbb.mp4"), file, null, 0).finish();
        FrameIndex index = index(stored);
        assertThat(index.size()).isEqualTo(80);
        assertThat(index.timestamp(0)).isZero();
        assertThat(index.timestamp(79)).isEqualTo(79 * 125_000_000L);
        assertThat(stored.properties()).containsEntry("transcoded", false);
    }

    @Test
    void browserCodecsWithShortAndLongGopAreKeptAsTheyAre() throws IOException {
        for (String name : new String[]{"h264_g30.mp4", "av1_g2.mp4"}) {
            Path file = VideoTestFiles.sample("generated-seek-test/" + name);
            PendingStream.Stored stored = videos().file(name, StreamSource.of(name), file, null, 0).finish();
            assertThat(index(stored).size()).as(name).isEqualTo(60);
            assertThat(index(stored).timestamp(59)).as(name).isEqualTo(Math.round(59 * 1e9 / 30));
            assertThat(stored.properties()).as(name).containsEntry("transcoded", false)
                    .containsEntry("codec", name.startsWith("av1") ? "av1" : "h264");
            assertThat(Files.mismatch(stored.data(), file)).as(name).isEqualTo(-1L);
        }
    }

    @Test
    void hevcIsTranscodedToH264KeepingItsTimestamps() throws Exception {
        Path file = VideoTestFiles.clip(work, "hevc.mp4", 20, 10, "-c:v", "libx265", "-x265-params",
                "log-level=error");
        PendingStream.Stored stored = videos().file("cam", StreamSource.of("hevc.mp4"), file, null, 0).finish();
        assertThat(stored.properties()).containsEntry("transcoded", true).containsEntry("codec", "h264")
                .containsEntry("sourceCodec", "hevc");
        FrameIndex index = index(stored);
        assertThat(index.size()).isEqualTo(20);
        long[] media = storedPts(stored, work);
        for (int i = 0; i < 20; i++) {
            assertThat(index.timestamp(i)).isEqualTo(i * 100_000_000L);
            assertThat(Math.abs(media[i] - i * 100_000_000L)).as("frame %d media time", i).isLessThan(1_000_000L);
        }
    }

    @Test
    void nonZeroStartIsMovedToMediaTimeZero() throws Exception {
        Path file = VideoTestFiles.clip(work, "late.mp4", 20, 10, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-output_ts_offset", "2.5");
        assertThat(VideoProbe.probe(file, work).firstPtsNanos()).as("fixture starts late").isEqualTo(2_500_000_000L);

        PendingStream.Stored stored = videos().file("cam", StreamSource.of("late.mp4"), file, null, 0).finish();
        long[] media = storedPts(stored, work);
        assertThat(media).hasSize(20);
        assertThat(stored.properties()).containsEntry("transcoded", false).containsEntry("mediaStartNanos", 0L);
        assertThat(index(stored).timestamp(19)).isEqualTo(1_900_000_000L);
    }

    @Test
    void givenFrameTimestampsAreStoredAndChecked() throws Exception {
        Path file = VideoTestFiles.clip(work, "five.mp4", 5, 10, "-c:v", "libx264", "-pix_fmt", "yuv420p");
        long[] given = {100, 200, 350, 400, 1_000};
        PendingStream.Stored stored = videos().file("cam", StreamSource.of("five.mp4"), file, given, 0).finish();
        assertThat(index(stored).timestamps()).containsExactly(given);

        assertThatThrownBy(() -> videos().file("cam", StreamSource.of("five.mp4"), file, new long[]{1, 2, 3}, 0))
                .isInstanceOf(StreamDataException.class)
                .hasMessageContaining("five.mp4").hasMessageContaining("'cam'")
                .hasMessageContaining("5 frames but 3 frame timestamps");
        assertThatThrownBy(() -> videos().file("cam", StreamSource.of("five.mp4"), file,
                new long[]{1, 2, 2, 3, 4}, 0))
                .isInstanceOf(StreamDataException.class).hasMessageContaining("do not increase at frame 2");
    }

    @Test
    void truncatedVideoIsRefusedWithFfprobesReason() throws Exception {
        Path whole = VideoTestFiles.clip(work, "whole.mp4", 30, 10, "-c:v", "libx264", "-pix_fmt", "yuv420p");
        Path cut = work.resolve("cut.mp4");
        byte[] bytes = Files.readAllBytes(whole);
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> videos().file("cam", StreamSource.of("cut.mp4"), cut, null, 0))
                .isInstanceOf(StreamDataException.class)
                .hasMessageContaining("cut.mp4").hasMessageContaining("'cam'")
                .hasMessageContaining("moov atom not found");
    }

    @Test
    void truncatedFastStartVideoIsRefused() throws Exception {
        Path whole = VideoTestFiles.clip(work, "fast.mp4", 30, 10, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart");
        Path cut = work.resolve("fastcut.mp4");
        byte[] bytes = Files.readAllBytes(whole);
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> videos().file("cam", StreamSource.of("fastcut.mp4"), cut, null, 0).finish())
                .isInstanceOf(StreamDataException.class)
                .hasMessageContaining("fastcut.mp4").hasMessageContaining("'cam'");
    }

    @Test
    void textFileNamedMp4IsNotAVideo() throws IOException {
        Path text = work.resolve("notes.mp4");
        Files.writeString(text, "these are meeting notes, not a video\n");
        assertThatThrownBy(() -> videos().file("cam", StreamSource.of("notes.mp4"), text, null, 0))
                .isInstanceOf(StreamDataException.class)
                .hasMessageContaining("notes.mp4").hasMessageContaining("'cam'")
                .hasMessageContaining("not a readable video")
                .hasMessageContaining("Invalid data found when processing input");
    }
}
