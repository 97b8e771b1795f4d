package dev.touchstone.ingest;

import dev.touchstone.dataset.DepthFormat;
import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeSummary;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.TactileLayout;
import dev.touchstone.dataset.signal.SignalChannel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory recorder for importer unit tests: keeps what the importer described and handed over so tests can
 * check the mapping without a database. Video files are copied, because importers may hand over temporary files
 * they delete once the call returns. Only for small fixtures; the real path is covered by a Spring test.
 */
public final class CapturingRecorder implements EpisodeRecorder {

    public record Video(String name, StreamSource source, Path copy, long[] frameTimestamps, long startNanos) {
    }

    public record Signal(String name, StreamSource source, List<SignalChannel> channels, List<Long> timestamps,
                         List<double[]> samples) {
    }

    private final Path directory;
    public EpisodeDescription description;
    public final Map<String, Video> videos = new LinkedHashMap<>();
    public final Map<String, Signal> signals = new LinkedHashMap<>();
    public final List<String> notes = new ArrayList<>();

    public CapturingRecorder(Path directory) {
        this.directory = directory;
    }

    @Override
    public void describe(EpisodeDescription description) {
        this.description = description;
    }

    @Override
    public SignalStreamWriter signal(String name, StreamSource source, List<SignalChannel> channels) {
        Signal signal = new Signal(name, source, List.copyOf(channels), new ArrayList<>(), new ArrayList<>());
        signals.put(name, signal);
        return new SignalStreamWriter() {
            @Override
            public void append(long timestampNanos, double... values) {
                signal.timestamps().add(timestampNanos);
                signal.samples().add(values.clone());
            }

            @Override
            public void append(long timestampNanos, float... values) {
                double[] widened = new double[values.length];
                for (int i = 0; i < values.length; i++) {
                    widened[i] = values[i];
                }
                append(timestampNanos, widened);
            }
        };
    }

    @Override
    public SignalStreamWriter tactile(String name, StreamSource source, List<SignalChannel> taxels,
                                      TactileLayout layout) {
        return signal(name, source, taxels);
    }

    @Override
    public PointCloudStreamWriter pointCloud(String name, StreamSource source) {
        throw new UnsupportedOperationException("not captured");
    }

    @Override
    public DepthStreamWriter depth(String name, StreamSource source, DepthFormat format) {
        throw new UnsupportedOperationException("not captured");
    }

    @Override
    public void video(String name, StreamSource source, Path file, long[] frameTimestamps, long startNanos)
            throws IOException {
        Path copy = Files.createTempFile(directory, "captured-", ".video");
        Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        videos.put(name, new Video(name, source, copy, frameTimestamps == null ? null : frameTimestamps.clone(),
                startNanos));
    }

    @Override
    public ImageStreamWriter images(String name, StreamSource source) {
        throw new UnsupportedOperationException("not captured");
    }

    @Override
    public VideoPacketWriter videoPackets(String name, StreamSource source, String codec) {
        throw new UnsupportedOperationException("not captured");
    }

    @Override
    public void note(String message) {
        notes.add(message);
    }

    @Override
    public EpisodeSummary commit() {
        throw new UnsupportedOperationException("importers do not commit");
    }

    @Override
    public void close() {
    }
}
