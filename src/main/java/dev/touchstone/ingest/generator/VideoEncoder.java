package dev.touchstone.ingest.generator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Encodes raw rgb24 frames to H.264 MP4 by piping them into an ffmpeg process (argument list, no shell). Short
 * GOP so that the player can seek to any frame quickly. ffmpeg's stderr goes to a file, not a pipe, so that a
 * chatty ffmpeg can never block on a full pipe while we block writing frames to it.
 */
final class VideoEncoder implements AutoCloseable {

    /**
     * ffmpeg to use: the system property {@code touchstone.ffmpeg}, else {@code TOUCHSTONE_FFMPEG} (which
     * scripts/ensure-ffmpeg.sh honours too), else the one on the PATH.
     */
    static String ffmpeg() {
        String configured = System.getProperty("touchstone.ffmpeg", System.getenv("TOUCHSTONE_FFMPEG"));
        return configured == null || configured.isBlank() ? "ffmpeg" : configured;
    }

    private static final long FINISH_TIMEOUT_SECONDS = 120;

    private final Process process;
    private final OutputStream frames;
    private final Path stderr;
    private final Path output;
    private final int frameBytes;
    private boolean finished;

    VideoEncoder(Path output, int width, int height, int fps) throws IOException {
        this.output = output;
        this.frameBytes = width * height * 3;
        this.stderr = Files.createTempFile("touchstone-ffmpeg", ".log");
        List<String> command = List.of(ffmpeg(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", width + "x" + height, "-r", String.valueOf(fps),
                "-i", "-",
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "15", "-pix_fmt", "yuv420p",
                // Fewer moving parts in the container: no encoder version or creation time.
                "-fflags", "+bitexact", "-flags:v", "+bitexact", "-map_metadata", "-1",
                "-movflags", "+faststart", output.toString());
        try {
            process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(stderr.toFile()).start();
        } catch (IOException e) {
            Files.deleteIfExists(stderr);
            throw new FfmpegMissingException("cannot run '" + ffmpeg() + "' (" + e.getMessage() + "): install ffmpeg "
                    + "(scripts/ensure-ffmpeg.sh) or set TOUCHSTONE_FFMPEG to its path", e);
        }
        frames = process.getOutputStream();
    }

    void write(byte[] rgb24) throws IOException {
        if (rgb24.length != frameBytes) {
            throw new IllegalArgumentException(rgb24.length + " bytes for frames of " + frameBytes);
        }
        try {
            frames.write(rgb24);
        } catch (IOException e) {
            throw failure("ffmpeg stopped taking frames", e);
        }
    }

    /** Ends the input and waits for ffmpeg; throws with ffmpeg's own message when it failed. */
    void finish() throws IOException {
        finished = true;
        try {
            frames.close();
        } catch (IOException e) {
            throw failure("ffmpeg stopped taking frames", e);
        }
        try {
            if (!process.waitFor(FINISH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw failure("ffmpeg did not finish within " + FINISH_TIMEOUT_SECONDS + " s", null);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while ffmpeg encoded " + output.getFileName(), e);
        }
        if (process.exitValue() != 0) {
            throw failure("ffmpeg exited with " + process.exitValue(), null);
        }
        Files.deleteIfExists(stderr);
    }

    private IOException failure(String what, Throwable cause) throws IOException {
        process.destroyForcibly();
        String log = "";
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            log = Files.readString(stderr).strip();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // The log is only a hint in the message.
        }
        if (log.length() > 2000) {
            log = log.substring(log.length() - 2000);
        }
        return new IOException(what + " while encoding " + output.getFileName() + (log.isEmpty() ? "" : ": " + log),
                cause);
    }

    @Override
    public void close() throws IOException {
        if (!finished) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(stderr);
    }

    /** ffmpeg cannot be started at all: the fix is to install it, which the message says. */
    static final class FfmpegMissingException extends IOException {
        FfmpegMissingException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
