package dev.touchstone.dataset;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Sample files and ffmpeg-made fixtures for video tests. */
public final class VideoTestFiles {

    private VideoTestFiles() {
    }

    /** A file of the shared samples folder; skips the test when the folder is not on this machine. */
    public static Path sample(String relative) {
        Path file = Path.of("..", "shared", "samples").resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(file),
                "shared sample " + file.toAbsolutePath().normalize() + " is absent: skipping this conformance test");
        return file;
    }

    /** Runs ffmpeg to build a fixture, failing the test with ffmpeg's output if it does not work. */
    public static void ffmpeg(Path workDirectory, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error",
                "-y"));
        command.addAll(List.of(arguments));
        Path log = Files.createTempFile(workDirectory, "fixture-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("ffmpeg fixture took too long: " + command);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("ffmpeg fixture failed: " + command + "\n" + Files.readString(log));
        }
    }

    /** A synthetic clip of the given frame count and rate from ffmpeg's test source. */
    public static Path clip(Path directory, String name, int frames, int fps, String... codecOptions)
            throws IOException, InterruptedException {
        Path file = directory.resolve(name);
        List<String> arguments = new ArrayList<>(List.of("-f", "lavfi", "-i",
                "testsrc=size=64x48:rate=" + fps, "-frames:v", String.valueOf(frames)));
        arguments.addAll(List.of(codecOptions));
        arguments.add(file.toString());
        ffmpeg(directory, arguments.toArray(String[]::new));
        return file;
    }
}
