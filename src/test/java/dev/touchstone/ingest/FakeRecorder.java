package dev.touchstone.ingest;

import dev.touchstone.dataset.DepthFormat;
import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeSummary;
import dev.touchstone.dataset.StreamDataException;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.TactileLayout;
import dev.touchstone.dataset.pointcloud.PointCloud;
import dev.touchstone.dataset.signal.SignalChannel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory recorder for importer tests: keeps what an importer hands over and enforces the contract rules the
 * real recorder enforces (unique stream names, strictly increasing time, no NaN, channel count), so importers are
 * tested against the contract without storage or the video pipeline.
 */
public final class FakeRecorder implements EpisodeRecorder {

    public EpisodeDescription description;
    public final List<String> notes = new ArrayList<>();
    public final Map<String, Recorded> streams = new LinkedHashMap<>();

    public static final class Recorded {
        public final String kind;
        public final StreamSource source;
        public final List<SignalChannel> channels;
        public final String codec;
        public final List<Long> times = new ArrayList<>();
        public final List<double[]> values = new ArrayList<>();
        public final List<PointCloud> clouds = new ArrayList<>();
        /** Images: encoding ("encoded" for JPEG/PNG), width, height; video: key frame flags. */
        public final List<String> frames = new ArrayList<>();
        public final List<byte[]> payloads = new ArrayList<>();

        Recorded(String kind, StreamSource source, List<SignalChannel> channels, String codec) {
            this.kind = kind;
            this.source = source;
            this.channels = channels == null ? List.of() : List.copyOf(channels);
            this.codec = codec;
        }

        void time(String name, long time) {
            if (!times.isEmpty() && time <= times.getLast()) {
                throw new StreamDataException(source, name, "time " + time + " after " + times.getLast());
            }
            if (time < 0) {
                throw new StreamDataException(source, name, "negative time " + time);
            }
            times.add(time);
        }
    }

    @Override
    public void describe(EpisodeDescription description) {
        this.description = description;
    }

    private Recorded add(String name, Recorded recorded) {
        if (streams.containsKey(name)) {
            throw new StreamDataException(recorded.source, name, "duplicate stream name");
        }
        streams.put(name, recorded);
        return recorded;
    }

    @Override
    public SignalStreamWriter signal(String name, StreamSource source, List<SignalChannel> channels) {
        Recorded r = add(name, new Recorded("signal", source, channels, null));
        return new SignalStreamWriter() {
            @Override
            public void append(long timestampNanos, double... values) {
                if (values.length != r.channels.size()) {
                    throw new StreamDataException(source, name, values.length + " values for "
                            + r.channels.size() + " channels");
                }
                for (double v : values) {
                    if (Double.isNaN(v)) {
                        throw new StreamDataException(source, name, "NaN");
                    }
                }
                r.time(name, timestampNanos);
                r.values.add(values.clone());
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
        Recorded r = add(name, new Recorded("pointcloud", source, null, null));
        return (time, cloud) -> {
            r.time(name, time);
            r.clouds.add(cloud);
        };
    }

    @Override
    public DepthStreamWriter depth(String name, StreamSource source, DepthFormat format) {
        Recorded r = add(name, new Recorded("depth", source, null, null));
        return (time, depth) -> r.time(name, time);
    }

    @Override
    public void video(String name, StreamSource source, Path file, long[] frameTimestamps, long startNanos) {
        add(name, new Recorded("video", source, null, null));
    }

    @Override
    public ImageStreamWriter images(String name, StreamSource source) {
        Recorded r = add(name, new Recorded("images", source, null, null));
        return new ImageStreamWriter() {
            @Override
            public void appendEncoded(long timestampNanos, byte[] image) {
                r.time(name, timestampNanos);
                r.frames.add("encoded");
                r.payloads.add(image);
            }

            @Override
            public void appendRaw(long timestampNanos, int width, int height, String encoding, int step,
                                  byte[] pixels) {
                if ((long) step * height > pixels.length) {
                    throw new StreamDataException(source, name, "image smaller than step x height");
                }
                r.time(name, timestampNanos);
                r.frames.add(encoding + " " + width + "x" + height);
                r.payloads.add(pixels);
            }
        };
    }

    @Override
    public VideoPacketWriter videoPackets(String name, StreamSource source, String codec) {
        Recorded r = add(name, new Recorded("videoPackets", source, null, codec));
        return (time, packet, keyFrame) -> {
            r.time(name, time);
            r.frames.add(keyFrame ? "key" : "delta");
            r.payloads.add(packet);
        };
    }

    @Override
    public void note(String message) {
        notes.add(message);
    }

    @Override
    public EpisodeSummary commit() {
        throw new UnsupportedOperationException("importers must not commit");
    }

    @Override
    public void close() {
    }
}
