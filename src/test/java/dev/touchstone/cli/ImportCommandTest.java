package dev.touchstone.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Argument handling of the import command; the import itself is tested through SystemImports (ImportJobTest). */
class ImportCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ImportCommand.run(args, Object.class, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void missingArgumentsExitTwoWithUsage() {
        assertThat(run("--org", "acme", "x.mcap")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("needs --org, --dataset")
                .contains("Usage: java -jar touchstone.jar import");
    }

    @Test
    void unknownOptionsExitTwo() {
        assertThat(run("--org", "acme", "--dataset", "d", "--fast", "x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown option --fast");
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Exit codes");
    }
}
