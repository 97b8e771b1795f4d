package dev.touchstone.ingest.bundle;

import dev.touchstone.dataset.DepthFormat;
import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeSummary;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.TactileLayout;
import dev.touchstone.dataset.signal.SignalChannel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link EpisodeRecorder} that keeps what an importer hands it as summaries (counts, first and last time, a
 * few values), so importer tests can check streams without storage. Refuses non-increasing time like the real one.
 */
public class CapturingRecorder implements EpisodeRecorder {

    /** What arrived for one stream. */
    public static final class Captured {
        public final String name;
        public final String kind;
        public final StreamSource source;
        public final List<SignalChannel> channels;
        public TactileLayout layout;
        public DepthFormat depth;
        public Path videoFile;
        public long[] videoTimestamps;
        public long count;
        public long first = -1;
        public long last = -1;
        /** Per sample: the sum of all values (signals), or point count (clouds), or non-zero pixels (depth). */
        public final List<Double> values = new ArrayList<>();
        public final List<Long> times = new ArrayList<>();
        public boolean intensity;

        Captured(String name, String kind, StreamSource source, List<SignalChannel> channels) {
            this.name = name;
            this.kind = kind;
            this.source = source;
            this.channels = channels;
        }

        void sample(long t, double value) {
            if (count > 0 && t <= last) {
                throw new IllegalStateException(name + ": time went from " + last + " to " + t);
            }
            if (first < 0) {
                first = t;
            }
            last = t;
            count++;
            times.add(t);
            values.add(value);
        }

        /** Samples per second over the stream's span. */
        public double rateHz() {
            return (count - 1) / ((last - first) / 1e9);
        }
    }

    public EpisodeDescription description;
    public final Map<String, Captured> streams = new LinkedHashMap<>();
    public final List<String> notes = new ArrayList<>();
    public final List<double[]> firstRows = new ArrayList<>();
    public boolean closed;

    private Captured add(String name, String kind, StreamSource source, List<SignalChannel> channels) {
        Captured c = new Captured(name, kind, source, List.copyOf(channels));
        if (streams.putIfAbsent(name, c) != null) {
            throw new IllegalStateException("stream " + name + " added twice");
        }
        return c;
    }

    @Override
    public void describe(EpisodeDescription description) {
        this.description = description;
    }

    @Override
    public SignalStreamWriter signal(String name, StreamSource source, List<SignalChannel> channels) {
        return writer(add(name, "signal", source, channels));
    }

    @Override
    public SignalStreamWriter tactile(String name, StreamSource source, List<SignalChannel> taxels,
                                      TactileLayout layout) {
        Captured c = add(name, "tactile", source, taxels);
        c.layout = layout;
        return writer(c);
    }

    private SignalStreamWriter writer(Captured c) {
        return new SignalStreamWriter() {
            @Override
            public void append(long timestampNanos, double... values) {
                if (values.length != c.channels.size()) {
                    throw new IllegalStateException(c.name + ": " + values.length + " values for "
                            + c.channels.size() + " channels");
                }
                if (c.count == 0) {
                    firstRows.add(values.clone());
                }
                double sum = 0;
                for (double v : values) {
                    if (Double.isNaN(v)) {
                        throw new IllegalStateException(c.name + ": NaN reached the recorder");
                    }
                    sum += v;
                }
                c.sample(timestampNanos, sum);
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
    public PointCloudStreamWriter pointCloud(String name, StreamSource source) {
        Captured c = add(name, "pointcloud", source, List.of());
        return (t, cloud) -> {
            c.intensity |= cloud.hasIntensity();
            c.sample(t, cloud.pointCount());
        };
    }

    @Override
    public DepthStreamWriter depth(String name, StreamSource source, DepthFormat format) {
        Captured c = add(name, "depth", source, List.of());
        c.depth = format;
        return (t, depth) -> {
            if (depth.length != format.pixels()) {
                throw new IllegalStateException(name + ": frame of " + depth.length + " pixels");
            }
            int valid = 0;
            for (short d : depth) {
                valid += d != 0 ? 1 : 0;
            }
            c.sample(t, valid);
        };
    }

    @Override
    public void video(String name, StreamSource source, Path file, long[] frameTimestamps, long startNanos) {
        Captured c = add(name, "video", source, List.of());
        c.videoFile = file;
        c.videoTimestamps = frameTimestamps.clone();
        for (long t : frameTimestamps) {
            c.sample(t, 0);
        }
    }

    @Override
    public ImageStreamWriter images(String name, StreamSource source) {
        throw new UnsupportedOperationException("bundles have no image sequences");
    }

    @Override
    public VideoPacketWriter videoPackets(String name, StreamSource source, String codec) {
        throw new UnsupportedOperationException("bundles have no video packets");
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
        closed = true;
    }
}
