package dev.touchstone.release.lerobot;

import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.StoredStream;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamKind;
import dev.touchstone.dataset.frames.DepthFrames;
import dev.touchstone.dataset.frames.FrameIndex;
import dev.touchstone.media.BlobChannel;
import dev.touchstone.storage.BlobStore;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Depth cameras as LeRobot's depth videos (observation.depth.<key>): each frame quantised to 12 bits the way
 * LeRobot's depth_utils.quantize_depth does (logarithmic, depth_min 0.01 m, depth_max 10 m, shift 3.5 m, the
 * defaults of configs/video.py), encoded losslessly as HEVC gray12le (the fastest preset: lossless output is the
 * same at every preset, only its size differs), so LeRobot's dequantize_depth gives back millimetres within half a
 * quantum. Frame k holds the latest depth frame at or before its time (the first before the
 * camera starts), as the RGB videos do.
 */
final class DepthVideos {

    static final double DEPTH_MIN = 0.01;
    static final double DEPTH_MAX = 10.0;
    static final double SHIFT = 3.5;
    static final int QMAX = 4095;

    private final Path root;
    private final BlobStore blobs;
    private final Features features;

    DepthVideos(Path root, BlobStore blobs, Features features) {
        this.root = root;
        this.blobs = blobs;
        this.features = features;
    }

    /**
     * The 12-bit code of a depth in millimetres: (ln(d + shift) - ln(min + shift)) / (ln(max + shift) - ln(min +
     * shift)) * 4095, rounded half to even and clipped, all in millimetres. A pixel without depth (0) gets code 0.
     */
    static int quantize(double millimetres) {
        double shift = SHIFT * 1000;
        double low = Math.log(DEPTH_MIN * 1000 + shift);
        double high = Math.log(DEPTH_MAX * 1000 + shift);
        double norm = (Math.log(millimetres + shift) - low) / (high - low);
        return (int) Math.max(0, Math.min(QMAX, Math.rint(norm * QMAX)));
    }

    /** The inverse, as dequantize_depth computes it: the millimetres a code stands for. */
    static double dequantize(int code) {
        double shift = SHIFT * 1000;
        double low = Math.log(DEPTH_MIN * 1000 + shift);
        double high = Math.log(DEPTH_MAX * 1000 + shift);
        return Math.exp(low + (double) code / QMAX * (high - low)) - shift;
    }

    void write(EpisodeDetail detail, Map<UUID, StoredStream> stored, long[] times, int episodeIndex, Notes notes)
            throws IOException {
        for (Features.Depth depth : features.depths) {
            Path out = root.resolve(DatasetPaths.videoPath(depth.key(), episodeIndex));
            Files.createDirectories(out.getParent());
            Optional<StreamInfo> info = Features.stream(detail, depth.stream(), StreamKind.DEPTH);
            StoredStream s = info.map(i -> stored.get(i.id())).orElse(null);
            if (s == null || s.indexBlobKey() == null) {
                notes.once("Episode " + detail.episode().name() + " has no depth camera '" + depth.stream()
                        + "'; its depth video is all depth_min");
            }
            encode(depth, s, times, out, notes, detail.episode().name());
        }
    }

    private void encode(Features.Depth depth, StoredStream s, long[] times, Path out, Notes notes, String episode)
            throws IOException {
        Path log = Files.createTempFile(root, "ffmpeg-depth-", ".log");
        Process process = new ProcessBuilder(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "rawvideo",
                "-pix_fmt", "gray12le", "-s", depth.width() + "x" + depth.height(), "-r",
                String.valueOf(features.fps), "-i", "-", "-an", "-c:v", "libx265", "-preset", "ultrafast",
                "-x265-params", "lossless=1:log-level=error", "-pix_fmt", "gray12le", "-tag:v", "hvc1",
                "-movflags", "+faststart", out.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            try (OutputStream pipe = new BufferedOutputStream(process.getOutputStream(), 1 << 16)) {
                frames(depth, s, times, pipe, notes, episode);
            }
            if (!process.waitFor(30, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("ffmpeg took longer than 30 minutes for " + out.getFileName());
            }
            if (process.exitValue() != 0) {
                String text = Files.readString(log);
                throw new IOException("ffmpeg could not write " + root.relativize(out) + ": "
                        + (text.length() > 500 ? text.substring(0, 500) : text).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while ffmpeg wrote " + out.getFileName(), e);
        } finally {
            process.destroy();
            Files.deleteIfExists(log);
        }
    }

    /** Writes one gray12le frame per grid point: the held depth frame's codes, little-endian 16 bits each. */
    private void frames(Features.Depth depth, StoredStream s, long[] times, OutputStream pipe, Notes notes,
                        String episode) throws IOException {
        int pixels = depth.width() * depth.height();
        byte[] blank = new byte[pixels * 2];
        if (s == null || s.indexBlobKey() == null) {
            for (int k = 0; k < times.length; k++) {
                pipe.write(blank);
            }
            return;
        }
        FrameIndex index;
        try (InputStream in = blobs.open(s.indexBlobKey())) {
            index = FrameIndex.read(in, s.indexBlobKey());
        }
        try (BlobChannel channel = BlobChannel.open(blobs, s.blobKey())) {
            int held = -1;
            byte[] codes = blank;
            int next = 0;
            for (long t : times) {
                while (next < index.size() && index.timestamp(next) <= t) {
                    next++;
                }
                int frame = index.size() == 0 ? -1 : Math.max(0, next - 1);
                if (frame != held && frame >= 0) {
                    codes = codes(read(channel, index, frame), depth, pixels, notes, episode);
                    held = frame;
                }
                pipe.write(codes);
            }
        }
    }

    private static byte[] read(BlobChannel channel, FrameIndex index, int frame) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(index.length(frame));
        channel.position(index.offset(frame));
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("Depth frame " + frame + " ends early");
            }
        }
        return buffer.array();
    }

    private static byte[] codes(byte[] stored, Features.Depth depth, int pixels, Notes notes, String episode)
            throws IOException {
        DepthFrames.DepthFrame frame = DepthFrames.decode(stored, depth.stream());
        byte[] out = new byte[pixels * 2];
        if (frame.width() != depth.width() || frame.height() != depth.height()) {
            notes.once("Episode " + episode + ": depth camera '" + depth.stream() + "' has " + frame.width() + "x"
                    + frame.height() + " frames, the dataset's are " + depth.width() + "x" + depth.height()
                    + "; those frames are all depth_min");
            return out;
        }
        double millimetresPerUnit = depth.metersPerUnit() * 1000;
        short[] values = frame.depth();
        for (int i = 0; i < pixels; i++) {
            int code = quantize(Short.toUnsignedInt(values[i]) * millimetresPerUnit);
            out[2 * i] = (byte) code;
            out[2 * i + 1] = (byte) (code >>> 8);
        }
        return out;
    }
}
