package dev.touchstone.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class GenerateCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return GenerateCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void generatesNumberedBundlesAndReportsEachEpisode() {
        int code = run("--out", dir.toString(), "--episodes", "1", "--seed", "3", "--small", "--duration", "8");
        assertThat(code).as(err()).isZero();
        assertThat(dir.resolve("episode_0000/manifest.json")).isRegularFile();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("1/1 ").contains("episode_0000").contains(" MB in ");
    }

    @Test
    void badArgumentsExitNonZeroWithTheReasonAndTheUsage() {
        assertThat(run("--episodes", "1", "--seed", "3")).isEqualTo(GenerateCommand.FAILED);
        assertThat(err()).startsWith("generate: --out, --episodes and --seed are required").contains("usage:");
        err.reset();
        assertThat(run("--out", dir.toString(), "--episodes", "many", "--seed", "3")).isEqualTo(2);
        assertThat(err()).startsWith("generate: --episodes must be an integer, got 'many'");
        err.reset();
        assertThat(run("--out", dir.toString(), "--episodes", "1", "--seed", "3", "--duration", "1")).isEqualTo(2);
        assertThat(err()).startsWith("generate: duration must be 5-600 seconds");
        err.reset();
        assertThat(run("--out", dir.toString(), "--episodes", "1", "--seed", "3", "--fast")).isEqualTo(2);
        assertThat(err()).startsWith("generate: unknown argument '--fast'");
        err.reset();
        assertThat(run("--out")).isEqualTo(2);
        assertThat(err()).startsWith("generate: --out needs a value");
    }

    @Test
    void refusesToWriteIntoAnExistingEpisode() throws Exception {
        Files.createDirectories(dir.resolve("episode_0000"));
        Files.writeString(dir.resolve("episode_0000/keep.txt"), "mine");
        assertThat(run("--out", dir.toString(), "--episodes", "1", "--seed", "3", "--small")).isEqualTo(2);
        assertThat(err()).contains("already exists");
        assertThat(dir.resolve("episode_0000/keep.txt")).hasContent("mine");
    }

    @Test
    void aMissingFfmpegSaysHowToInstallIt() {
        String previous = System.getProperty("touchstone.ffmpeg");
        System.setProperty("touchstone.ffmpeg", dir.resolve("no-such-ffmpeg").toString());
        try {
            assertThat(run("--out", dir.resolve("out").toString(), "--episodes", "1", "--seed", "3", "--small",
                    "--duration", "5")).isEqualTo(2);
            assertThat(err()).startsWith("generate: cannot run ").contains("install ffmpeg (scripts/ensure-ffmpeg.sh)");
            assertThat(dir.resolve("out/episode_0000")).doesNotExist();
        } finally {
            if (previous == null) {
                System.clearProperty("touchstone.ffmpeg");
            } else {
                System.setProperty("touchstone.ffmpeg", previous);
            }
        }
    }
}
