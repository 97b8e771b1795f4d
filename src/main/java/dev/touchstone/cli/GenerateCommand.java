package dev.touchstone.cli;

import dev.touchstone.ingest.generator.EpisodeGenerator;
import dev.touchstone.ingest.generator.GeneratorOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code generate --out DIR --episodes N --seed S [--duration SECONDS] [--small]}: writes N synthetic episodes as
 * bundles {@code DIR/episode_0000 ...} (a folder the bundle importer takes as a whole), printing one line per
 * episode. Exits 0, or 2 with one line starting with {@code generate:} on stderr. Needs ffmpeg, not Spring.
 */
public final class GenerateCommand {

    static final int OK = 0;
    static final int FAILED = 2;
    static final int MAX_EPISODES = 10_000;
    private static final String USAGE = "usage: generate --out DIR --episodes N --seed S [--duration SECONDS] "
            + "[--small]";

    private GenerateCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path outDir = null;
        Integer episodes = null;
        Long seed = null;
        Double duration = null;
        boolean small = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--small" -> small = true;
                    case "--out", "--episodes", "--seed", "--duration" -> {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(arg + " needs a value");
                        }
                        String value = args[++i];
                        switch (arg) {
                            case "--out" -> outDir = Path.of(value);
                            case "--episodes" -> episodes = parseInt(arg, value);
                            case "--seed" -> seed = parseLong(arg, value);
                            default -> duration = parseDouble(arg, value);
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
                }
            }
            if (outDir == null || episodes == null || seed == null) {
                throw new IllegalArgumentException("--out, --episodes and --seed are required");
            }
            if (episodes < 1 || episodes > MAX_EPISODES) {
                throw new IllegalArgumentException("--episodes must be 1-" + MAX_EPISODES);
            }
        } catch (IllegalArgumentException e) {
            err.println("generate: " + e.getMessage());
            err.println(USAGE);
            return FAILED;
        }
        GeneratorOptions options;
        try {
            options = small ? GeneratorOptions.small() : GeneratorOptions.defaults();
            if (duration != null) {
                options = options.withDuration(duration);
            }
        } catch (IllegalArgumentException e) {
            err.println("generate: " + e.getMessage());
            return FAILED;
        }
        EpisodeGenerator generator = new EpisodeGenerator(options);
        try {
            Files.createDirectories(outDir);
            for (int i = 0; i < episodes; i++) {
                String name = String.format("episode_%04d", i);
                Path bundle = outDir.resolve(name);
                if (Files.exists(bundle) && !isEmptyDirectory(bundle)) {
                    throw new IOException(bundle + " already exists; choose an empty --out folder");
                }
                EpisodeGenerator.Result result = generator.generate(bundle, name,
                        EpisodeGenerator.episodeSeed(seed, i));
                out.printf(Locale.ROOT, "%d/%d %s %s %.1f MB in %.1f s%n", i + 1, episodes, result.bundle(),
                        result.outcome(), result.bytes() / 1e6, result.took().toMillis() / 1000.0);
                out.flush();
            }
            return OK;
        } catch (IOException | RuntimeException e) {
            err.println("generate: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return FAILED;
        }
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static int parseInt(String arg, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(arg + " must be an integer, got '" + value + "'");
        }
    }

    private static long parseLong(String arg, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(arg + " must be an integer, got '" + value + "'");
        }
    }

    private static double parseDouble(String arg, String value) {
        try {
            double d = Double.parseDouble(value);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(arg + " must be a number of seconds, got '" + value + "'");
        }
    }
}
