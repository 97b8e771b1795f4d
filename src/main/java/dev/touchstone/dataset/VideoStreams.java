package dev.touchstone.dataset;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Video streams: probing, keeping or transcoding, and the per-frame timestamp index (stored as a frame index whose
 * offsets and lengths are 0). Each method returns a {@link PendingStream} whose {@code finish()} produces
 * {@code video.mp4} (browser-playable: H.264, AV1 or VP9, first frame at media time 0) and {@code frames.tsfi}.
 */
final class VideoStreams {

    private final Path workDirectory;

    VideoStreams(Path workDirectory) {
        this.workDirectory = workDirectory;
    }

    PendingStream file(String name, StreamSource source, Path file, long[] frameTimestamps, long startNanos)
            throws IOException {
        throw new UnsupportedOperationException("video import is not built yet");
    }

    <T extends PendingStream & EpisodeRecorder.ImageStreamWriter> T images(String name, StreamSource source)
            throws IOException {
        throw new UnsupportedOperationException("image-sequence import is not built yet");
    }

    <T extends PendingStream & EpisodeRecorder.VideoPacketWriter> T packets(String name, StreamSource source,
                                                                            String codec) throws IOException {
        throw new UnsupportedOperationException("video packet import is not built yet");
    }
}
