package dev.touchstone.cli;

import dev.touchstone.TouchstoneApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Argument handling of the import command, and one whole run beside a server; the import itself is tested through
 * SystemImports (ImportJobTest).
 */
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

    /**
     * The command starts the application without a web server: with SERVER_PORT held by another process (a running
     * Touchstone) it still imports. It once bound SERVER_PORT and failed with "Port 8080 was already in use".
     */
    @Test
    void importsWhileAServerHoldsTheServerPort(@TempDir Path dir) throws IOException {
        Path cloud = dir.resolve("frame.pcd");
        Files.writeString(cloud, """
                VERSION 0.7
                FIELDS x y z
                SIZE 4 4 4
                TYPE F F F
                COUNT 1 1 1
                WIDTH 3
                HEIGHT 1
                VIEWPOINT 0 0 0 1 0 0 0
                POINTS 3
                DATA ascii
                0 0 0
                1 0 0
                0 1 0.5
                """);
        Map<String, String> properties = Map.of("SERVER_PORT", "", "touchstone.data-dir", dir.resolve("data").toString(),
                "touchstone.db.ephemeral", "true", "touchstone.demo", "true");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, String> withPort = new java.util.HashMap<>(properties);
            withPort.put("SERVER_PORT", Integer.toString(server.getLocalPort()));
            withSystemProperties(withPort, () -> assertThat(ImportCommand.run(
                    new String[]{"--org", "acme", "--dataset", "Clouds", cloud.toString()},
                    TouchstoneApplication.class, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)))
                    .as("stderr: %s", err.toString(StandardCharsets.UTF_8)).isZero());
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Succeeded: 1 episodes imported");
    }

    private static void withSystemProperties(Map<String, String> properties, Runnable action) {
        Map<String, String> previous = new java.util.HashMap<>();
        properties.forEach((key, value) -> previous.put(key, System.setProperty(key, value)));
        try {
            action.run();
        } finally {
            previous.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Exit codes");
    }
}
