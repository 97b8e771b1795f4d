package dev.touchstone.proposal;

import dev.touchstone.dataset.signal.SignalReader;
import dev.touchstone.dataset.signal.SignalWriter;
import dev.touchstone.ingest.bundle.BundleManifest;
import dev.touchstone.ingest.bundle.NpyReader;
import dev.touchstone.ingest.generator.EpisodeGenerator;
import dev.touchstone.ingest.generator.GeneratorOptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A generated episode (EpisodeGenerator, small options) whose signal and tactile streams were written as stored
 * signal files ({@link SignalWriter}, as the importer stores them) and opened with {@link SignalReader}, plus its
 * ground truth. Only the signal streams are generated ({@code EpisodeGenerator.generateSignals}); the bundle is
 * deleted once they are converted.
 */
final class GeneratedEpisode implements AutoCloseable {

    record Phase(String label, long startNanos, long endNanos) {
    }

    record Event(String label, String hand, long timeNanos) {
    }

    /** A disturbance from the ground truth (hesitation, regrasp, slow_operator, sensor_noise, dropout). */
    record Disturbance(String kind, long startNanos, long endNanos, String where) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    final long seed;
    final long durationNanos;
    final String outcome;
    final List<Phase> phases;
    final List<Event> events;
    final List<String> dropouts;
    final List<Disturbance> disturbances;
    final StoredSignals signals;
    private final List<FileChannel> open;

    private GeneratedEpisode(long seed, long durationNanos, String outcome, List<Phase> phases, List<Event> events,
                             List<String> dropouts, List<Disturbance> disturbances, StoredSignals signals,
                             List<FileChannel> open) {
        this.seed = seed;
        this.durationNanos = durationNanos;
        this.outcome = outcome;
        this.phases = phases;
        this.events = events;
        this.dropouts = dropouts;
        this.disturbances = disturbances;
        this.signals = signals;
        this.open = open;
    }

    /** Small options with the generator's default disturbances (Realism.defaults()). */
    static GeneratedEpisode generate(Path folder, long seed) throws IOException {
        return generate(folder, seed, GeneratorOptions.small());
    }

    static GeneratedEpisode generate(Path folder, long seed, GeneratorOptions options) throws IOException {
        Path bundle = folder.resolve("bundle");
        // Only the signals: the proposers read nothing else, and cameras, depth and LiDAR are most of the time.
        new EpisodeGenerator(options).generateSignals(bundle, "episode", seed);
        BundleManifest manifest = BundleManifest.read(bundle, "bundle");
        Path stored = Files.createDirectories(folder.resolve("stored"));
        Map<String, SignalReader> readers = new LinkedHashMap<>();
        List<FileChannel> open = new ArrayList<>();
        for (BundleManifest.Stream stream : manifest.streams()) {
            if (stream.kind() != BundleManifest.Kind.SIGNAL && stream.kind() != BundleManifest.Kind.TACTILE) {
                continue;
            }
            Path file = stored.resolve(stream.name().replace('/', '_') + ".tssg");
            try (NpyReader data = NpyReader.open(bundle.resolve(stream.data()), stream.data());
                 NpyReader times = NpyReader.open(bundle.resolve(stream.timestamps()), stream.timestamps());
                 OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
                 SignalWriter writer = SignalWriter.create(out, stream.channels())) {
                double[] row = new double[data.rowLength()];
                while (data.hasNext()) {
                    data.next(row);
                    writer.append(times.nextLong(), row);
                }
                writer.finish();
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            open.add(channel);
            readers.put(stream.name(), SignalReader.open(channel));
        }
        JsonNode truth = JSON.readTree(Files.readString(bundle.resolve("ground_truth.json")));
        deleteTree(bundle);
        List<Phase> phases = new ArrayList<>();
        for (JsonNode p : truth.path("phases")) {
            phases.add(new Phase(p.path("label").asString(), p.path("startNanos").asLong(),
                    p.path("endNanos").asLong()));
        }
        List<Event> events = new ArrayList<>();
        for (JsonNode e : truth.path("events")) {
            events.add(new Event(e.path("label").asString(), e.path("hand").asString(""),
                    e.path("timeNanos").asLong()));
        }
        List<String> dropouts = new ArrayList<>();
        for (JsonNode d : truth.path("dropouts")) {
            dropouts.add(d.path("stream").asString());
        }
        List<Disturbance> disturbances = new ArrayList<>();
        for (JsonNode d : truth.path("disturbances")) {
            disturbances.add(new Disturbance(d.path("kind").asString(), d.path("startNanos").asLong(),
                    d.path("endNanos").asLong(), d.path("stream").asString(d.path("sensor").asString(""))));
        }
        return new GeneratedEpisode(seed, truth.path("durationNanos").asLong(), truth.path("outcome").asString(),
                List.copyOf(phases), List.copyOf(events), List.copyOf(dropouts), List.copyOf(disturbances),
                new StoredSignals(readers), open);
    }

    /** The kinds of disturbance this episode has, "clean" when none (dropouts included). */
    List<String> disturbanceKinds() {
        List<String> kinds = disturbances.stream().map(Disturbance::kind).distinct().sorted().toList();
        return kinds.isEmpty() ? List.of("clean") : kinds;
    }

    /** Ground-truth event times of one label (generator naming, e.g. contact_on), optionally of one hand. */
    double[] eventSeconds(String label, String hand) {
        return events.stream().filter(e -> e.label().equals(label) && (hand == null || e.hand().equals(hand)))
                .mapToDouble(e -> e.timeNanos() / 1e9).toArray();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (FileChannel channel : open) {
            channel.close();
        }
    }
}
