package dev.touchstone;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The frontend's unit tests ({@code src/test/frontend/**}{@code /*.test.ts}: pure modules such as
 * {@code labeling/server-outage.ts}) in Node's own test runner, so that they run with every {@code mvn test}. Node 24
 * runs TypeScript by stripping its types, so no npm package is needed. The test files live outside
 * {@code src/main/frontend} because the Vaadin build type-checks everything there, and Node's test API has no types
 * in it. {@code ts-imports.ts} is preloaded so that the sources' own imports ({@code './label-model.js'}) find the
 * {@code .ts} files, as the Vite build does. Node is the one {@code scripts/toolchain.sh} puts on the PATH (as for the
 * frontend build); without it this test fails and says so.
 */
class FrontendUnitTest {

    private static final Path TESTS = Path.of("src", "test", "frontend");

    @Test
    void frontendUnitTestsPass() throws Exception {
        List<String> files;
        try (Stream<Path> walk = Files.walk(TESTS)) {
            files = walk.filter(p -> p.getFileName().toString().endsWith(".test.ts")).map(Path::toString).sorted()
                    .toList();
        }
        assertThat(files).as("test files under " + TESTS.toAbsolutePath()).isNotEmpty();
        String tsImports = TESTS.resolve("ts-imports.ts").toUri().toString();
        List<String> command = new ArrayList<>(List.of(TestFrontend.node(), "--import", tsImports, "--test",
                "--test-reporter=spec"));
        command.addAll(files);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("node --test finished").isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        assertThat(output).as(output).containsPattern("pass [1-9]").contains("fail 0");
    }
}
