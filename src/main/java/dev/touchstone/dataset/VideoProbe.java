package dev.touchstone.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What ffprobe says about the first real video stream of a file (attached cover pictures excluded): codec, size,
 * and the presentation timestamp of every frame. Timestamps come from the packet list, which ffprobe reads without
 * decoding (about 0.1 s for a few hundred frames, against several times that for {@code -show_frames}); packets
 * come in decoding order, so they are sorted into presentation order. Timestamps stay in integer time-base units
 * until converted, so no rounding accumulates over long videos.
 */
record VideoProbe(String formatName, String codec, String pixelFormat, int width, int height, long timeBaseNum,
                  long timeBaseDen, long[] pts, long declaredFrames) {

    static final Duration TIMEOUT = Duration.ofMinutes(5);

    int frames() {
        return pts.length;
    }

    /** Presentation time of frame i relative to the first frame, in nanoseconds. */
    long relativeNanos(int frame) {
        return toNanos(pts[frame] - pts[0]);
    }

    long firstPtsNanos() {
        return toNanos(pts[0]);
    }

    private long toNanos(long ticks) {
        // a double keeps 53 bits: below 1 ns of error for any video shorter than days
        return Math.round(ticks * 1_000_000_000.0 * timeBaseNum / timeBaseDen);
    }

    boolean isMp4Family() {
        return formatName.startsWith("mov,mp4");
    }

    /**
     * Probes the file.
     *
     * @throws VideoException when it is not a readable video; the message is ffprobe's reason
     */
    static VideoProbe probe(Path file, Path workDirectory) throws IOException {
        Path out = Files.createTempFile(workDirectory, "probe-", ".txt");
        try {
            VideoProcess.Result result = VideoProcess.run(List.of(VideoProcess.FFPROBE, "-hide_banner",
                    "-loglevel", "error", "-select_streams", "V:0",
                    "-show_entries", "format=format_name:stream=codec_name,pix_fmt,width,height,time_base,nb_frames"
                            + ":packet=pts,dts,flags",
                    "-of", "compact", file.toString()), workDirectory, out, TIMEOUT);
            if (!result.ok()) {
                throw new VideoException("not a readable video: " + result.reason(file, file.getFileName().toString()));
            }
            return parse(out, result.stderrTail());
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static VideoProbe parse(Path out, String stderr) throws IOException {
        String format = "";
        String codec = null;
        String pixelFormat = "";
        int width = 0;
        int height = 0;
        long num = 0;
        long den = 0;
        long declared = -1;
        long[] pts = new long[1024];
        int count = 0;
        try (BufferedReader reader = Files.newBufferedReader(out, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                String[] fields = line.split("\\|");
                switch (fields[0]) {
                    case "packet" -> {
                        String p = value(fields, "pts");
                        String flags = value(fields, "flags");
                        if (flags != null && flags.contains("D")) {
                            // cut away by an edit list: never presented
                            continue;
                        }
                        if (p == null || p.equals("N/A")) {
                            p = value(fields, "dts");
                        }
                        if (p == null || p.equals("N/A")) {
                            throw new VideoException("frame " + count + " has no timestamp (a raw elementary "
                                    + "stream? put it in a container such as MP4 first)");
                        }
                        if (count == pts.length) {
                            pts = Arrays.copyOf(pts, count * 2);
                        }
                        pts[count++] = Long.parseLong(p);
                    }
                    case "stream" -> {
                        codec = value(fields, "codec_name");
                        pixelFormat = String.valueOf(value(fields, "pix_fmt"));
                        width = parseInt(value(fields, "width"));
                        height = parseInt(value(fields, "height"));
                        String[] tb = String.valueOf(value(fields, "time_base")).split("/");
                        if (tb.length == 2) {
                            num = Long.parseLong(tb[0]);
                            den = Long.parseLong(tb[1]);
                        }
                        String nb = value(fields, "nb_frames");
                        declared = nb == null || nb.equals("N/A") ? -1 : Long.parseLong(nb);
                    }
                    case "format" -> format = String.valueOf(value(fields, "format_name"));
                    default -> {
                    }
                }
            }
        } catch (NumberFormatException e) {
            throw new VideoException("ffprobe printed an unexpected value: " + e.getMessage());
        }
        if (codec == null) {
            throw new VideoException("the file has no video stream (container: " + format + ")");
        }
        if (num <= 0 || den <= 0) {
            throw new VideoException("the video stream has no usable time base");
        }
        if (count == 0) {
            String reason = stderr.isBlank() ? "" : ": " + stderr.strip().lines().reduce((a, b) -> b).orElse("");
            throw new VideoException("the video stream has no frames (truncated file?)" + reason);
        }
        if (declared > 0 && count < declared) {
            throw new VideoException("the file is truncated: the container declares " + declared
                    + " frames but only " + count + " can be read");
        }
        long[] sorted = Arrays.copyOf(pts, count);
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                throw new VideoException("frames " + (i - 1) + " and " + i + " have the same timestamp " + sorted[i]
                        + " (" + num + "/" + den + " s units)");
            }
        }
        return new VideoProbe(format, codec, pixelFormat, width, height, num, den, sorted, declared);
    }

    private static String value(String[] fields, String key) {
        String prefix = key + "=";
        for (int i = 1; i < fields.length; i++) {
            if (fields[i].startsWith(prefix)) {
                return fields[i].substring(prefix.length());
            }
        }
        return null;
    }

    private static int parseInt(String value) {
        return value == null || value.equals("N/A") ? 0 : Integer.parseInt(value);
    }

    /** The file is not a usable video; the caller adds file and stream names. */
    static final class VideoException extends IOException {
        VideoException(String message) {
            super(message);
        }
    }
}
