package dev.touchstone.dataset;

import dev.touchstone.dataset.frames.FrameIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VideoPacketsTest {

    private static final long[] TIMES = {1_000_000_000L, 1_033_000_000L, 1_100_000_000L, 1_100_500_000L,
            1_250_000_000L, 1_300_000_000L, 1_310_000_000L, 1_500_000_000L, 1_600_000_000L, 1_700_000_000L,
            1_800_000_000L, 3_000_000_000L};

    @TempDir
    Path work;

    private record Packet(byte[] bytes, boolean key) {
    }

    /** Access units of an Annex B stream made by ffmpeg, split where ffprobe says its packets are. */
    private List<Packet> annexB(String encoder, String format, String... options) throws Exception {
        Path es = work.resolve("es." + format);
        List<String> arguments = new ArrayList<>(List.of("-f", "lavfi", "-i", "testsrc=size=64x48:rate=10",
                "-frames:v", String.valueOf(TIMES.length), "-c:v", encoder, "-g", "5", "-pix_fmt", "yuv420p"));
        arguments.addAll(List.of(options));
        arguments.addAll(List.of("-f", format, es.toString()));
        VideoTestFiles.ffmpeg(work, arguments.toArray(String[]::new));
        Path list = work.resolve("packets.csv");
        Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-f", format, "-show_entries",
                "packet=pos,size,flags", "-of", "csv=p=0", es.toString()).redirectOutput(list.toFile()).start();
        assertThat(probe.waitFor()).isZero();
        byte[] bytes = Files.readAllBytes(es);
        List<Packet> packets = new ArrayList<>();
        for (String line : Files.readAllLines(list)) {
            String[] fields = line.split(",");
            int size = Integer.parseInt(fields[0]);
            int pos = Integer.parseInt(fields[1]);
            packets.add(new Packet(Arrays.copyOfRange(bytes, pos, pos + size), fields[2].startsWith("K")));
        }
        assertThat(packets).hasSize(TIMES.length);
        return packets;
    }

    private <T extends PendingStream & EpisodeRecorder.VideoPacketWriter> T packets(String codec)
            throws IOException {
        return new VideoStreams(Files.createDirectories(work.resolve("episode"))).packets("front",
                StreamSource.of("bag.mcap"), codec);
    }

    private void assertStoredAtRecordedTimes(PendingStream.Stored stored, long[] times) throws IOException {
        try (InputStream in = Files.newInputStream(stored.index())) {
            assertThat(FrameIndex.read(in, "index").timestamps()).containsExactly(times);
        }
        VideoProbe probe = VideoProbe.probe(stored.data(), work);
        assertThat(probe.frames()).isEqualTo(times.length);
        assertThat(probe.firstPtsNanos()).isZero();
        for (int i = 0; i < times.length; i++) {
            assertThat(Math.abs(probe.relativeNanos(i) - (times[i] - times[0]))).as("frame %d", i)
                    .isLessThan(1_000_000L);
        }
    }

    @Test
    void h264PacketsAreMuxedUntouchedAtTheirRecordedTimes() throws Exception {
        var stream = packets("h264");
        List<Packet> packets = annexB("libx264", "h264", "-bf", "0");
        for (int i = 0; i < packets.size(); i++) {
            stream.append(TIMES[i], packets.get(i).bytes(), packets.get(i).key());
        }
        PendingStream.Stored stored = stream.finish();
        assertStoredAtRecordedTimes(stored, TIMES);
        assertThat(stored.properties()).containsEntry("codec", "h264").containsEntry("transcoded", false);
    }

    @Test
    void h265PacketsAreTranscodedKeepingTheirTimes() throws Exception {
        var stream = packets("h265");
        List<Packet> packets = annexB("libx265", "hevc", "-x265-params", "log-level=error:bframes=0");
        for (int i = 0; i < packets.size(); i++) {
            stream.append(TIMES[i], packets.get(i).bytes(), packets.get(i).key());
        }
        PendingStream.Stored stored = stream.finish();
        assertStoredAtRecordedTimes(stored, TIMES);
        assertThat(stored.properties()).containsEntry("codec", "h264").containsEntry("transcoded", true)
                .containsEntry("sourceCodec", "hevc");
    }

    @Test
    void packetsBeforeTheFirstKeyFrameAreSkipped() throws Exception {
        var stream = packets("h264");
        List<Packet> packets = annexB("libx264", "h264", "-bf", "0");
        // the recording starts at the second GOP: its first 5 packets lost their keyframe
        for (int i = 1; i < packets.size(); i++) {
            stream.append(TIMES[i], packets.get(i).bytes(), packets.get(i).key());
        }
        PendingStream.Stored stored = stream.finish();
        assertStoredAtRecordedTimes(stored, Arrays.copyOfRange(TIMES, 5, TIMES.length));
        assertThat(stored.properties()).containsEntry("skippedBeforeKeyFrame", 4);
    }

    @Test
    void unknownCodecIsRefused() {
        assertThatThrownBy(() -> packets("mpeg2"))
                .isInstanceOf(StreamDataException.class)
                .hasMessageContaining("bag.mcap").hasMessageContaining("'front'").hasMessageContaining("'mpeg2'");
    }
}
