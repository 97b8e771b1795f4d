package dev.touchstone.ingest.video;

import dev.touchstone.ingest.ImportFormatException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Cuts one time range out of a longer video, frame-exactly, for formats that store many episodes in one file
 * (LeRobot v3.0). Copying packets would have to start at a keyframe, i.e. up to a GOP too early, so the slice is
 * re-encoded to short-GOP H.264, which the episode store then keeps as is.
 */
public final class VideoSlicer {

    private static final String FFMPEG = System.getProperty("touchstone.ffmpeg", "ffmpeg");
    private static final long TIMEOUT_MINUTES = 60;

    private VideoSlicer() {
    }

    /**
     * Writes the frames whose timestamps lie in {@code [fromSeconds, toSeconds)} to {@code output}, the first at
     * media time 0 and the rest at their original spacing.
     *
     * @param frameSeconds the nominal frame spacing; the cut points are moved half a frame earlier, so rounding of
     *                     stored float timestamps cannot drop the first frame or add the next episode's
     * @param display      names the video in errors
     */
    public static void slice(Path video, double fromSeconds, double toSeconds, double frameSeconds, Path output,
                             String display) throws IOException {
        double start = Math.max(0, fromSeconds - frameSeconds / 2);
        double duration = toSeconds - fromSeconds;
        List<String> command = List.of(FFMPEG, "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
                "-ss", seconds(start), "-i", video.toString(), "-t", seconds(duration),
                "-map", "0:V:0", "-an", "-sn", "-dn", "-vf", "setpts=PTS-STARTPTS,pad=ceil(iw/2)*2:ceil(ih/2)*2",
                "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-g", "15", "-pix_fmt", "yuv420p",
                "-fps_mode", "passthrough", "-movflags", "+faststart", output.toString());
        Path log = Files.createTempFile("touchstone-slice-", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            process.getOutputStream().close();
            boolean done;
            try {
                done = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException(display + ": cutting the video was interrupted", e);
            }
            if (!done) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IOException(display + ": cutting " + seconds(fromSeconds) + "-" + seconds(toSeconds)
                        + " s took longer than " + TIMEOUT_MINUTES + " minutes");
            }
            if (process.exitValue() != 0) {
                String reason = Files.readString(log).strip().replace(video.toString(), display);
                throw new ImportFormatException(display, "cannot cut " + seconds(fromSeconds) + "-"
                        + seconds(toSeconds) + " s out of the video: "
                        + reason.substring(Math.max(0, reason.length() - 600)));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }
}
