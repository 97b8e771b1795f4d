package dev.touchstone.dataset;

import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.dataset.signal.SignalWriter;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Signal and tactile streams: a signal file (TSSG) written as samples come, with NaN and width checks. */
final class SignalStream extends PendingStream implements EpisodeRecorder.SignalStreamWriter {

    private final List<SignalChannel> channels;
    private final TactileLayout layout;
    private final Path file;
    private final OutputStream out;
    private final SignalWriter writer;

    SignalStream(String name, StreamKind kind, StreamSource source, List<SignalChannel> channels,
                 TactileLayout layout, Path file, Path tempDirectory) throws IOException {
        super(name, kind, source);
        if (channels.isEmpty()) {
            throw problem("a signal stream needs at least one channel");
        }
        if (layout != null && layout.taxels() != channels.size()) {
            throw problem("the tactile layout has " + layout.taxels() + " taxels but the stream has "
                    + channels.size() + " channels");
        }
        this.channels = List.copyOf(channels);
        this.layout = layout;
        this.file = file;
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        this.writer = SignalWriter.create(out, channels,
                new SignalWriter.Options(SignalWriter.Options.DEFAULT.chunkSize(),
                        SignalWriter.Options.DEFAULT.fanOut(), tempDirectory));
    }

    @Override
    public void append(long timestampNanos, double... values) throws IOException {
        checkWidth(values.length);
        for (int c = 0; c < values.length; c++) {
            if (!Double.isFinite(values[c])) {
                throw notFinite(c, values[c]);
            }
        }
        time(timestampNanos);
        writer.append(timestampNanos, values);
    }

    @Override
    public void append(long timestampNanos, float... values) throws IOException {
        checkWidth(values.length);
        for (int c = 0; c < values.length; c++) {
            if (!Float.isFinite(values[c])) {
                throw notFinite(c, values[c]);
            }
        }
        time(timestampNanos);
        writer.append(timestampNanos, values);
    }

    private void checkWidth(int width) {
        if (width != channels.size()) {
            throw problem("sample " + stats.samples() + " has " + width + " values, but the stream has "
                    + channels.size() + " channels");
        }
    }

    private StreamDataException notFinite(int channel, double value) {
        return problem("channel '" + channels.get(channel).name() + "' is " + value + " at sample "
                + stats.samples() + " (NaN and infinite values are refused; drop the sample or fix the recording)");
    }

    @Override
    Stored finish() throws IOException {
        if (stats.samples() == 0) {
            writer.close();
            out.close();
            throw problem("the stream has no samples");
        }
        writer.finish();
        out.close();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("channelCount", channels.size());
        if (layout != null) {
            properties.put("pads", layout.pads().stream()
                    .map(pad -> Map.of("name", pad.name(), "rows", pad.rows(), "columns", pad.columns()))
                    .toList());
        }
        List<StreamInfo.Channel> described = channels.stream()
                .map(c -> new StreamInfo.Channel(c.name(), c.unit())).toList();
        return new Stored(file, "signal.tssg", null, null, described, properties);
    }

    @Override
    void abandon() {
        try {
            writer.close();
            out.close();
        } catch (IOException ignored) {
            // the work directory is deleted anyway
        }
    }
}
