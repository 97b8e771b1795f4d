package dev.touchstone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Node for the tests: the frontend unit tests, and bundling test-only modules that must not ship. */
public final class TestFrontend {

    private TestFrontend() {
    }

    /**
     * Bundles a test-only TypeScript module, with what it imports from {@code src/main/frontend}, into one classic
     * script, {@code outDir/bundle.js}, for {@code page.addScriptTag}. It uses the Vite that the production frontend
     * build installed into {@code node_modules} (browser tests run after that build), so no package is added.
     */
    public static Path bundle(Path entry, Path outDir) throws IOException, InterruptedException {
        String script = """
                const { build } = await import('vite');
                await build({ configFile: false, logLevel: 'warn', root: process.cwd(), publicDir: false,
                  build: { outDir: process.argv[2], emptyOutDir: true, minify: false,
                    lib: { entry: process.argv[1], formats: ['iife'], name: 'TestBundle',
                      fileName: () => 'bundle.js' } } });
                """;
        Process process = new ProcessBuilder(node(), "--input-type=module", "-e", script,
                entry.toAbsolutePath().toString(), outDir.toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("Vite could not bundle " + entry + " (is node_modules there? the"
                    + " production frontend build installs it):\n" + output);
        }
        return outDir.resolve("bundle.js");
    }

    /** {@code node} from the PATH if it is 24 or newer, else the one scripts/toolchain.sh provisions. */
    public static String node() throws IOException, InterruptedException {
        List<String> candidates = new ArrayList<>(List.of("node"));
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "touchstone");
        if (Files.isDirectory(cache)) {
            try (Stream<Path> dirs = Files.list(cache)) {
                dirs.filter(d -> d.getFileName().toString().startsWith("node-")).sorted()
                        .map(d -> d.resolve("bin/node")).filter(Files::isExecutable).map(Path::toString)
                        .forEach(candidates::add);
            }
        }
        for (String candidate : candidates) {
            try {
                Process version = new ProcessBuilder(candidate, "--version").redirectErrorStream(true).start();
                String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (version.waitFor() == 0 && text.matches("v\\d+\\..*")
                        && Integer.parseInt(text.substring(1, text.indexOf('.'))) >= 24) {
                    return candidate;
                }
            } catch (IOException notThere) {
                // try the next
            }
        }
        throw new AssertionError("The frontend unit tests need Node 24 or newer: source scripts/toolchain.sh first "
                + "(it provisions Node into ~/.cache/touchstone)");
    }
}
