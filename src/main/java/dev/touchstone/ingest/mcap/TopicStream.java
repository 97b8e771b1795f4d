package dev.touchstone.ingest.mcap;

import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.StreamDataException;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.pointcloud.PointCloud;
import dev.touchstone.dataset.signal.SignalChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One MCAP topic being written into its Touchstone stream: turns each decoded message into the recorder's terms.
 * The layout (joint names, image encoding) is fixed by the first message; later messages must keep it.
 */
abstract class TopicStream {

    final String file;
    final String name;
    final StreamSource source;
    long last;
    long count;

    private TopicStream(String file, String topic, String name) {
        this.file = file;
        this.name = name;
        this.source = new StreamSource(file, topic);
    }

    abstract void append(long time, DecodedMessage message) throws IOException;

    /** Says in the report what was changed on the way in (points dropped, images skipped). */
    void finish(EpisodeRecorder recorder) {
    }

    StreamDataException problem(String problem) {
        return new StreamDataException(source, name, problem);
    }

    static TopicStream open(String file, String topic, String name, DecodedMessage first, EpisodeRecorder recorder)
            throws IOException {
        return switch (first) {
            case DecodedMessage.JointState state -> new Joints(file, topic, name, state, recorder);
            case DecodedMessage.WrenchStamped ignored -> new Fixed(file, topic, name, recorder.signal(name,
                    new StreamSource(file, topic), channels(
                            "force.x", "N", "force.y", "N", "force.z", "N",
                            "torque.x", "N·m", "torque.y", "N·m", "torque.z", "N·m")));
            case DecodedMessage.Imu ignored -> new Fixed(file, topic, name, recorder.signal(name,
                    new StreamSource(file, topic), channels(
                            "orientation.x", "", "orientation.y", "", "orientation.z", "", "orientation.w", "",
                            "angular_velocity.x", "rad/s", "angular_velocity.y", "rad/s",
                            "angular_velocity.z", "rad/s", "linear_acceleration.x", "m/s²",
                            "linear_acceleration.y", "m/s²", "linear_acceleration.z", "m/s²")));
            case DecodedMessage.PointCloud ignored -> new Points(file, topic, name,
                    recorder.pointCloud(name, new StreamSource(file, topic)));
            case DecodedMessage.Image ignored -> new Images(file, topic, name, recorder);
            case DecodedMessage.CompressedImage ignored -> new Images(file, topic, name, recorder);
            case DecodedMessage.CompressedVideo video -> new Video(file, topic, name,
                    recorder.videoPackets(name, new StreamSource(file, topic), video.format()), video.format());
        };
    }

    private static List<SignalChannel> channels(String... namesAndUnits) {
        List<SignalChannel> channels = new ArrayList<>();
        for (int i = 0; i < namesAndUnits.length; i += 2) {
            channels.add(new SignalChannel(namesAndUnits[i], namesAndUnits[i + 1]));
        }
        return channels;
    }

    /** JointState: channels per joint for the arrays the first message fills. */
    static final class Joints extends TopicStream {
        private final List<String> names;
        private final boolean position;
        private final boolean velocity;
        private final boolean effort;
        private final EpisodeRecorder.SignalStreamWriter writer;
        private final double[] sample;

        Joints(String file, String topic, String name, DecodedMessage.JointState first, EpisodeRecorder recorder)
                throws IOException {
            super(file, topic, name);
            this.names = first.names();
            if (names.isEmpty()) {
                throw problem("the first JointState names no joints");
            }
            if (Set.copyOf(names).size() != names.size()) {
                throw problem("the joint names repeat: " + names);
            }
            int joints = names.size();
            this.position = first.position().length == joints;
            this.velocity = first.velocity().length == joints;
            this.effort = first.effort().length == joints;
            List<SignalChannel> channels = new ArrayList<>();
            for (String joint : names) {
                if (position) {
                    channels.add(new SignalChannel(joint + "/position", "rad"));
                }
                if (velocity) {
                    channels.add(new SignalChannel(joint + "/velocity", "rad/s"));
                }
                if (effort) {
                    channels.add(new SignalChannel(joint + "/effort", "N·m"));
                }
            }
            if (channels.isEmpty()) {
                throw problem("the first JointState has " + joints + " joints but no position, velocity or effort "
                        + "array of that length");
            }
            this.writer = recorder.signal(name, source, channels);
            this.sample = new double[channels.size()];
        }

        @Override
        void append(long time, DecodedMessage message) throws IOException {
            DecodedMessage.JointState state = (DecodedMessage.JointState) message;
            if (!state.names().equals(names)) {
                throw problem("the joint names changed at " + time + " ns: " + state.names() + " instead of "
                        + names);
            }
            int joints = names.size();
            check(position, state.position(), "position", time);
            check(velocity, state.velocity(), "velocity", time);
            check(effort, state.effort(), "effort", time);
            int k = 0;
            for (int j = 0; j < joints; j++) {
                if (position) {
                    sample[k++] = state.position()[j];
                }
                if (velocity) {
                    sample[k++] = state.velocity()[j];
                }
                if (effort) {
                    sample[k++] = state.effort()[j];
                }
            }
            for (int i = 0; i < sample.length; i++) {
                if (Double.isNaN(sample[i])) {
                    throw problem("value NaN at " + time + " ns in channel " + i + " (" + channelName(i) + ")");
                }
            }
            writer.append(time, sample.clone());
        }

        private String channelName(int index) {
            int perJoint = (position ? 1 : 0) + (velocity ? 1 : 0) + (effort ? 1 : 0);
            return names.get(index / perJoint);
        }

        private void check(boolean present, double[] values, String array, long time) {
            int expected = present ? names.size() : 0;
            // An array the first message left empty may stay empty; one it filled must stay filled.
            if (values.length != expected && !(!present && values.length == 0)) {
                throw problem("the " + array + " array has " + values.length + " values at " + time
                        + " ns, but the stream has " + expected + " (set by its first message)");
            }
        }
    }

    /** WrenchStamped and Imu: a fixed set of channels. */
    static final class Fixed extends TopicStream {
        private final EpisodeRecorder.SignalStreamWriter writer;

        Fixed(String file, String topic, String name, EpisodeRecorder.SignalStreamWriter writer) {
            super(file, topic, name);
            this.writer = writer;
        }

        @Override
        void append(long time, DecodedMessage message) throws IOException {
            double[] values = switch (message) {
                case DecodedMessage.WrenchStamped w -> new double[] {w.force().x(), w.force().y(), w.force().z(),
                        w.torque().x(), w.torque().y(), w.torque().z()};
                case DecodedMessage.Imu imu -> new double[] {imu.orientation().x(), imu.orientation().y(),
                        imu.orientation().z(), imu.orientation().w(), imu.angularVelocity().x(),
                        imu.angularVelocity().y(), imu.angularVelocity().z(), imu.linearAcceleration().x(),
                        imu.linearAcceleration().y(), imu.linearAcceleration().z()};
                default -> throw problem("a " + message.getClass().getSimpleName() + " message on a signal topic");
            };
            for (double value : values) {
                if (Double.isNaN(value)) {
                    throw problem("a NaN value at " + time + " ns");
                }
            }
            writer.append(time, values);
        }
    }

    /** PointCloud2: invalid (NaN or infinite) points of non-dense clouds are dropped and counted. */
    static final class Points extends TopicStream {
        private final EpisodeRecorder.PointCloudStreamWriter writer;
        private long dropped;

        Points(String file, String topic, String name, EpisodeRecorder.PointCloudStreamWriter writer) {
            super(file, topic, name);
            this.writer = writer;
        }

        @Override
        void append(long time, DecodedMessage message) throws IOException {
            PointCloud cloud = convert((DecodedMessage.PointCloud) message);
            dropped += cloud.droppedPoints();
            writer.append(time, cloud);
        }

        @Override
        void finish(EpisodeRecorder recorder) {
            if (dropped > 0) {
                recorder.note(source + ": dropped " + dropped + " invalid (NaN or infinite) points in " + count
                        + " clouds");
            }
        }

        static PointCloud convert(DecodedMessage.PointCloud message) {
            int n = message.pointCount();
            float[] xyz = message.xyz();
            int valid = 0;
            for (int i = 0; i < n; i++) {
                if (finite(xyz, i)) {
                    valid++;
                }
            }
            float[] keptXyz = valid == n ? xyz : new float[3 * valid];
            float[] intensity = message.intensity() == null ? null
                    : valid == n ? message.intensity() : new float[valid];
            byte[] rgb = message.rgb() == null ? null : new byte[3 * valid];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (!finite(xyz, i)) {
                    continue;
                }
                if (valid != n) {
                    System.arraycopy(xyz, 3 * i, keptXyz, 3 * k, 3);
                    if (intensity != null) {
                        intensity[k] = message.intensity()[i];
                    }
                }
                if (rgb != null) {
                    int color = message.rgb()[i];
                    rgb[3 * k] = (byte) (color >> 16);
                    rgb[3 * k + 1] = (byte) (color >> 8);
                    rgb[3 * k + 2] = (byte) color;
                }
                k++;
            }
            List<String> fields = message.fields().stream().map(DecodedMessage.PointField::name).toList();
            return PointCloud.of(keptXyz, intensity, rgb, fields, n - valid);
        }

        private static boolean finite(float[] xyz, int point) {
            return Float.isFinite(xyz[3 * point]) && Float.isFinite(xyz[3 * point + 1])
                    && Float.isFinite(xyz[3 * point + 2]);
        }
    }

    /**
     * Image and CompressedImage. Raw encodings the recorder cannot take (bayer, 32FC1, ...) skip the whole topic
     * with a note rather than failing the episode: the other sensors are still worth labeling.
     */
    static final class Images extends TopicStream {
        private static final Set<String> RAW_ENCODINGS = Set.of("rgb8", "bgr8", "rgba8", "bgra8", "mono8",
                "mono16");

        private final EpisodeRecorder recorder;
        private EpisodeRecorder.ImageStreamWriter writer;
        private String skipped;
        private long skippedCount;
        private String encoding;

        Images(String file, String topic, String name, EpisodeRecorder recorder) {
            super(file, topic, name);
            this.recorder = recorder;
        }

        @Override
        void append(long time, DecodedMessage message) throws IOException {
            if (skipped != null) {
                skippedCount++;
                return;
            }
            switch (message) {
                case DecodedMessage.CompressedImage image -> writer().appendEncoded(time, bytes(image.data()));
                case DecodedMessage.Image image -> appendRaw(time, image);
                default -> throw problem("a " + message.getClass().getSimpleName() + " message on an image topic");
            }
        }

        private void appendRaw(long time, DecodedMessage.Image image) throws IOException {
            if (encoding == null) {
                if (!RAW_ENCODINGS.contains(image.encoding())) {
                    skipped = "image encoding '" + image.encoding() + "' is not supported (supported: "
                            + String.join(", ", RAW_ENCODINGS.stream().sorted().toList()) + ")";
                    skippedCount = 1;
                    return;
                }
                encoding = image.encoding();
            } else if (!encoding.equals(image.encoding())) {
                throw problem("the image encoding changed at " + time + " ns from " + encoding + " to "
                        + image.encoding());
            }
            if (image.width() <= 0 || image.height() <= 0 || image.width() > 65_535 || image.height() > 65_535
                    || image.step() > Integer.MAX_VALUE || image.step() * image.height() > image.data().remaining()) {
                throw problem("an image of " + image.width() + "x" + image.height() + " with step " + image.step()
                        + " does not fit its " + image.data().remaining() + " data bytes at " + time + " ns");
            }
            byte[] pixels = bytes(image.data());
            if (image.bigEndian() && encoding.equals("mono16")) {
                // The recorder takes 16-bit pixels little-endian, as nearly every camera driver sends them.
                for (int i = 0; i + 1 < pixels.length; i += 2) {
                    byte high = pixels[i];
                    pixels[i] = pixels[i + 1];
                    pixels[i + 1] = high;
                }
            }
            writer().appendRaw(time, (int) image.width(), (int) image.height(), encoding, (int) image.step(),
                    pixels);
        }

        private EpisodeRecorder.ImageStreamWriter writer() throws IOException {
            if (writer == null) {
                writer = recorder.images(name, source);
            }
            return writer;
        }

        @Override
        void finish(EpisodeRecorder recorder) {
            if (skipped != null) {
                recorder.note(source + ": skipped " + skippedCount + " images, " + skipped);
            }
        }
    }

    /** foxglove.CompressedVideo: packets go on as recorded; key frames are recognised from the bitstream. */
    static final class Video extends TopicStream {
        private final EpisodeRecorder.VideoPacketWriter writer;
        private final String format;

        Video(String file, String topic, String name, EpisodeRecorder.VideoPacketWriter writer, String format) {
            super(file, topic, name);
            this.writer = writer;
            this.format = format;
        }

        @Override
        void append(long time, DecodedMessage message) throws IOException {
            DecodedMessage.CompressedVideo video = (DecodedMessage.CompressedVideo) message;
            if (!format.equals(video.format())) {
                throw problem("the video format changed at " + time + " ns from " + format + " to "
                        + video.format());
            }
            byte[] packet = bytes(video.data());
            writer.append(time, packet, KeyFrames.isKeyFrame(format, packet));
        }
    }

    static byte[] bytes(ByteBuffer data) {
        byte[] copy = new byte[data.remaining()];
        data.duplicate().get(copy);
        return copy;
    }
}
