package dev.touchstone.browser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Touchstone as an operator runs it: the production jar ({@code target/touchstone.jar}, built by the {@code package}
 * phase before the browser tests) in a process of its own, with its embedded PostgreSQL and its data folder. The
 * crash suite kills it with SIGKILL, as the kernel or a supervisor would, and starts it again on the same folder.
 */
final class ProductionServer implements AutoCloseable {

    private static final Pattern DATABASE_PORT = Pattern.compile("embedded PostgreSQL on 127\\.0\\.0\\.1:(\\d+)");

    private final Path dataDirectory;
    private final int port;
    private final Map<String, String> environment;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private Path log;
    private int starts;

    ProductionServer(Path dataDirectory, int port, Map<String, String> environment) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.environment = environment;
    }

    static Path jar() {
        Path jar = Path.of("target", "touchstone.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The crash suite runs the production jar " + jar
                    + "; build it first (./mvnw -Pproduction package, which verify does before the browser tests)");
        }
        return jar;
    }

    /** Starts the jar and waits until readiness answers UP; returns how long that took. */
    Duration start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        starts++;
        log = dataDirectory.resolveSibling("server-" + starts + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx1g", "-jar", jar().toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("TOUCHSTONE_DATA_DIR", dataDirectory.toString());
        env.putAll(environment);
        long began = System.nanoTime();
        process = builder.start();
        Duration limit = Duration.ofSeconds(180);
        while (!ready()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The server exited (" + process.exitValue() + ") before it was ready:\n"
                        + tail());
            }
            if (System.nanoTime() - began > limit.toNanos()) {
                throw new IllegalStateException("The server was not ready within " + limit + ":\n" + tail());
            }
            Thread.sleep(200);
        }
        return Duration.ofNanos(System.nanoTime() - began);
    }

    boolean ready() {
        return status("/actuator/health/readiness") == 200;
    }

    int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGKILL of the JVM alone: its embedded PostgreSQL is left running, as after a real crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** The PID of the embedded PostgreSQL's postmaster (first line of its postmaster.pid). */
    long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postgres").resolve("postmaster.pid"))
                .getFirst().trim());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    /** A connection to the embedded database as the running server logged it, for assertions on stored state. */
    Connection database() throws IOException, SQLException {
        Matcher matcher = DATABASE_PORT.matcher(Files.readString(log));
        if (!matcher.find()) {
            throw new IllegalStateException("The server log does not name its embedded database:\n" + tail());
        }
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + matcher.group(1) + "/postgres",
                "postgres", "postgres");
    }

    String tail() {
        try {
            var lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The log's warnings, errors and ended sessions (at most 60 lines), then its last 20 lines. */
    String notableLines() {
        try {
            var lines = Files.readAllLines(log);
            var notable = lines.stream().filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")
                    || line.contains("Ending the session")).limit(60).toList();
            return String.join("\n", notable) + "\n...\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    String logText() throws IOException {
        return Files.readString(log);
    }

    /** Stops it as an operator would (SIGTERM), so that the embedded PostgreSQL stops with it. */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        // A test that ends on a kill leaves the orphaned postmaster to the next start; nothing starts next here.
        try {
            ProcessHandle.of(postmasterPid()).ifPresent(ProcessHandle::destroy);
        } catch (IOException | RuntimeException e) {
            // no postmaster.pid: the database stopped with the server
        }
    }

    static Map<String, String> env(String... pairs) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
