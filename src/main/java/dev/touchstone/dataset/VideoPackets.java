package dev.touchstone.dataset;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compressed video packets as recorded (foxglove.CompressedVideo), spooled to an IVF file: IVF is the simplest
 * container that carries a 64-bit timestamp per packet, so ffmpeg reads every frame at its recorded time (in
 * microseconds) without us writing MP4 boxes. At finish the packets are copied into MP4 untouched, or decoded and
 * re-encoded for H.265, which browsers do not play.
 */
final class VideoPackets extends PendingStream implements EpisodeRecorder.VideoPacketWriter {

    private static final Map<String, String> FOURCC = Map.of("h264", "H264", "h265", "H264", "hevc", "H264",
            "vp9", "VP90", "av1", "AV01");

    private final String codec;
    private final VideoStreams videos;
    private final Path file;
    private final OutputStream out;
    private long[] timestamps = new long[256];
    private int count;
    private int skippedBeforeKeyFrame;
    private long firstNanos;

    VideoPackets(String name, StreamSource source, String codec, VideoStreams videos, Path workDirectory)
            throws IOException {
        super(name, StreamKind.VIDEO, source);
        this.codec = codec == null ? "" : codec.toLowerCase(Locale.ROOT);
        if (!FOURCC.containsKey(this.codec)) {
            throw problem("video packets in '" + codec + "' cannot be imported (supported: h264, h265, vp9, av1)");
        }
        this.videos = videos;
        this.file = Files.createTempFile(workDirectory, "packets-", ".ivf");
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        ByteBuffer header = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        // a microsecond time base; width, height and frame count are not needed by ffmpeg (the count is patched in
        // at finish for other readers)
        header.put("DKIF".getBytes(StandardCharsets.US_ASCII)).putShort((short) 0).putShort((short) 32)
                .put(FOURCC.get(this.codec).getBytes(StandardCharsets.US_ASCII)).putShort((short) 0)
                .putShort((short) 0).putInt(1_000_000).putInt(1).putInt(0).putInt(0);
        out.write(header.array());
    }

    @Override
    public void append(long timestampNanos, byte[] packet, boolean keyFrame) throws IOException {
        if (count == 0 && !keyFrame) {
            // a recording that starts mid-GOP: frames before the first keyframe cannot be decoded
            skippedBeforeKeyFrame++;
            return;
        }
        if (packet.length == 0) {
            throw problem("packet " + (count + skippedBeforeKeyFrame) + " at " + timestampNanos + " ns is empty");
        }
        time(timestampNanos);
        if (count == 0) {
            firstNanos = timestampNanos;
        }
        long micros = Math.round((timestampNanos - firstNanos) / 1000.0);
        if (count > 0 && micros <= Math.round((timestamps[count - 1] - firstNanos) / 1000.0)) {
            throw problem("packets " + (count - 1) + " and " + count + " are less than a microsecond apart");
        }
        if (count == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, count * 2);
        }
        timestamps[count++] = timestampNanos;
        ByteBuffer frameHeader = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        frameHeader.putInt(packet.length).putLong(micros);
        out.write(frameHeader.array());
        out.write(packet);
    }

    @Override
    Stored finish() throws IOException {
        out.close();
        if (count == 0) {
            throw problem(skippedBeforeKeyFrame > 0 ? "none of its " + skippedBeforeKeyFrame
                    + " packets is a keyframe" : "the stream has no packets");
        }
        try (RandomAccessFile patch = new RandomAccessFile(file.toFile(), "rw")) {
            patch.seek(24);
            patch.writeInt(Integer.reverseBytes(count));
        }
        long[] stamps = Arrays.copyOf(timestamps, count);
        long[] expected = new long[count];
        for (int i = 0; i < count; i++) {
            expected[i] = Math.round((stamps[i] - firstNanos) / 1000.0) * 1000;
        }
        Path directory = file.getParent();
        Path video = Files.createTempFile(directory, "video-", ".mp4");
        Path index = Files.createTempFile(directory, "video-", ".tsfi");
        boolean hevc = codec.equals("h265") || codec.equals("hevc");
        if (hevc) {
            // ffmpeg's IVF reader knows no HEVC tag, so the packets are labelled H264 and the decoder named here
            videos.transcode(this, file, video, List.of("-c:v", "hevc"));
        } else {
            videos.remux(this, file, video);
        }
        VideoFile encoded = VideoFile.of(new VideoStreams.Naming(name, source), video, index, stamps, expected,
                hevc ? "hevc" : codec, hevc, directory);
        Files.deleteIfExists(file);
        Stored stored = encoded.finish();
        if (skippedBeforeKeyFrame > 0) {
            Map<String, Object> properties = new java.util.LinkedHashMap<>(stored.properties());
            properties.put("skippedBeforeKeyFrame", skippedBeforeKeyFrame);
            return new Stored(stored.data(), stored.dataName(), stored.index(), stored.indexName(),
                    stored.channels(), properties);
        }
        return stored;
    }

    @Override
    void abandon() {
        try {
            out.close();
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the work directory is deleted anyway
        }
    }
}
