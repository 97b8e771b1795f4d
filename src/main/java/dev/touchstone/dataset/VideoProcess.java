package dev.touchstone.dataset;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs ffmpeg or ffprobe as an argument list (never a shell). Output goes to files, not pipes, so a chatty tool can
 * never block on a full pipe buffer and memory stays flat however much it prints; stdin is closed so a tool that
 * waits for input fails instead of hanging. A run that exceeds its time limit is killed with its children.
 */
final class VideoProcess {

    /** Overridable so machines with ffmpeg elsewhere (or a newer build) can point at it. */
    static final String FFMPEG = System.getProperty("touchstone.ffmpeg", "ffmpeg");
    static final String FFPROBE = System.getProperty("touchstone.ffprobe", "ffprobe");

    private static final int STDERR_TAIL = 1500;

    record Result(int exitCode, String stderrTail) {

        boolean ok() {
            return exitCode == 0;
        }

        /**
         * The last few distinct stderr lines: ffmpeg often prints the cause ("moov atom not found") before the
         * generic consequence ("Invalid data found when processing input").
         */
        String reason() {
            java.util.LinkedHashSet<String> lines = new java.util.LinkedHashSet<>();
            for (String line : stderrTail.strip().split("\n")) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("Conversion failed")) {
                    lines.remove(line);
                    lines.add(line);
                }
            }
            List<String> all = new ArrayList<>(lines);
            return all.isEmpty() ? "exit code " + exitCode
                    : String.join("; ", all.subList(Math.max(0, all.size() - 3), all.size()));
        }

        /** The reason with a local path replaced by a name, so messages do not reveal server paths. */
        String reason(Path file, String name) {
            return reason().replace(file.toString(), name);
        }
    }

    private VideoProcess() {
    }

    static List<String> ffmpeg(String... arguments) {
        List<String> command = new ArrayList<>(List.of(FFMPEG, "-hide_banner", "-nostdin", "-loglevel", "error",
                "-y"));
        command.addAll(List.of(arguments));
        return command;
    }

    /**
     * Runs the command; stdout goes to {@code stdout} (or is discarded when null).
     *
     * @throws IOException when the tool cannot be started or runs out of time
     */
    static Result run(List<String> command, Path workDirectory, Path stdout, Duration timeout) throws IOException {
        Path stderr = Files.createTempFile(workDirectory, "ffmpeg-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(stderr.toFile())
                .redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD
                        : ProcessBuilder.Redirect.to(stdout.toFile()));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot run " + command.getFirst() + " (is ffmpeg installed? "
                    + "scripts/ensure-ffmpeg.sh installs it): " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new IOException(command.getFirst() + " did not finish within " + timeout.toSeconds()
                        + " s and was stopped");
            }
            return new Result(process.exitValue(), tail(stderr));
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new IOException(command.getFirst() + " was interrupted", e);
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path file) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int n = (int) Math.min(length, STDERR_TAIL);
            byte[] bytes = new byte[n];
            in.seek(length - n);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
