package dev.touchstone.dataset;

import dev.touchstone.dataset.pointcloud.PointCloud;
import dev.touchstone.dataset.signal.SignalChannel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes one episode: an importer describes it, adds its streams and appends their samples; {@link #commit()} then
 * makes it visible in one step. Closing a recorder that was not committed deletes everything it wrote, so a failed
 * or cancelled import leaves nothing behind.
 * <p>
 * Timestamps are int64 nanoseconds from the episode start, as the recording gives them (native, not resampled),
 * and must increase strictly within a stream. Violations (backwards time, NaN, a frame of the wrong size) throw a
 * {@link StreamDataException} naming the file, the stream and the problem. Not thread-safe: one importer thread per
 * recorder.
 */
public interface EpisodeRecorder extends AutoCloseable {

    /** Sets what is known about the episode; required before {@link #commit()}. */
    void describe(EpisodeDescription description);

    /** A multi-channel numeric stream (joints, force-torque, IMU). NaN values are refused. */
    SignalStreamWriter signal(String name, StreamSource source, List<SignalChannel> channels) throws IOException;

    /** Taxel arrays: one channel per taxel, pads in the order of the layout. */
    SignalStreamWriter tactile(String name, StreamSource source, List<SignalChannel> taxels, TactileLayout layout)
            throws IOException;

    /** Point-cloud frames. */
    PointCloudStreamWriter pointCloud(String name, StreamSource source) throws IOException;

    /** 16-bit depth frames. */
    DepthStreamWriter depth(String name, StreamSource source, DepthFormat format) throws IOException;

    /**
     * A video file (any container and codec ffmpeg reads). Kept as is when the browser plays it, otherwise
     * transcoded to a short-GOP H.264 proxy; its start is normalised so that the first frame is at media time 0.
     *
     * @param file            the file; not modified, not deleted
     * @param frameTimestamps the episode time of each frame in decoding-presentation order, or null to take the
     *                        file's own per-frame timestamps (shifted so the first frame is at
     *                        {@code startNanos})
     * @param startNanos      episode time of the first frame when {@code frameTimestamps} is null
     */
    void video(String name, StreamSource source, Path file, long[] frameTimestamps, long startNanos)
            throws IOException;

    /**
     * A camera delivered as single images (JPEG/PNG bytes, or raw pixels); encoded to a short-GOP H.264 video
     * with the given per-image timestamps when the stream is finished.
     */
    ImageStreamWriter images(String name, StreamSource source) throws IOException;

    /**
     * Compressed video packets as they were recorded (e.g. foxglove.CompressedVideo: h264/h265 Annex B, vp9, av1),
     * one access unit per call; muxed (or transcoded when the browser cannot play the codec) at finish.
     */
    VideoPacketWriter videoPackets(String name, StreamSource source, String codec) throws IOException;

    /** A sentence for the import report, e.g. a channel that was skipped and why. */
    void note(String message);

    /** Finishes every stream, stores everything and makes the episode visible; returns it. */
    EpisodeSummary commit() throws IOException;

    /** Deletes everything written unless {@link #commit()} succeeded. */
    @Override
    void close();

    interface SignalStreamWriter {
        /** One sample: a value per channel, in channel order. */
        void append(long timestampNanos, double... values) throws IOException;

        void append(long timestampNanos, float... values) throws IOException;
    }

    interface PointCloudStreamWriter {
        void append(long timestampNanos, PointCloud cloud) throws IOException;
    }

    interface DepthStreamWriter {
        /** Row-major 16-bit depth values ({@code width * height}), unsigned as stored in the short. */
        void append(long timestampNanos, short[] depth) throws IOException;
    }

    interface ImageStreamWriter {
        /** An encoded image (JPEG or PNG, recognised by its bytes). */
        void appendEncoded(long timestampNanos, byte[] image) throws IOException;

        /**
         * Raw pixels as ROS sensor_msgs/Image describes them.
         *
         * @param encoding rgb8, bgr8, rgba8, bgra8, mono8 or mono16
         */
        void appendRaw(long timestampNanos, int width, int height, String encoding, int step, byte[] pixels)
                throws IOException;
    }

    interface VideoPacketWriter {
        void append(long timestampNanos, byte[] packet, boolean keyFrame) throws IOException;
    }
}
