package dev.touchstone.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Video streams: probing, keeping or transcoding, and the per-frame timestamp index (stored as a frame index whose
 * offsets and lengths are 0). Each method returns a {@link PendingStream} whose {@code finish()} produces
 * {@code video.mp4} (browser-playable: H.264, AV1 or VP9, first frame at media time 0) and {@code frames.tsfi}.
 */
final class VideoStreams {

    /** What Chromium (and the other browsers we target) decode in MP4; HEVC is missing on Linux builds. */
    private static final Set<String> PLAYABLE = Set.of("h264", "av1", "vp9");
    /** H.264 beyond 8-bit 4:2:0 (High 10, 4:2:2, 4:4:4) does not play in browsers. */
    private static final Set<String> PLAYABLE_H264_PIXELS = Set.of("yuv420p", "yuvj420p");
    static final Duration TRANSCODE_TIMEOUT = Duration.ofHours(2);

    private final Path workDirectory;

    VideoStreams(Path workDirectory) {
        this.workDirectory = workDirectory;
    }

    PendingStream file(String name, StreamSource source, Path file, long[] frameTimestamps, long startNanos)
            throws IOException {
        PendingStream owner = new Naming(name, source);
        if (!Files.isRegularFile(file)) {
            throw owner.problem("the video file " + file + " does not exist");
        }
        VideoProbe probe;
        try {
            probe = VideoProbe.probe(file, workDirectory);
        } catch (VideoProbe.VideoException e) {
            throw owner.problem(e.getMessage(), e);
        }
        long[] relative = new long[probe.frames()];
        for (int i = 0; i < relative.length; i++) {
            relative[i] = probe.relativeNanos(i);
        }
        long[] timestamps;
        if (frameTimestamps != null) {
            if (frameTimestamps.length != probe.frames()) {
                throw owner.problem("the video has " + probe.frames() + " frames but " + frameTimestamps.length
                        + " frame timestamps were given");
            }
            timestamps = frameTimestamps.clone();
        } else {
            timestamps = new long[relative.length];
            for (int i = 0; i < relative.length; i++) {
                timestamps[i] = startNanos + relative[i];
            }
        }
        checkIncreasing(owner, timestamps);

        Path video = Files.createTempFile(workDirectory, "video-", ".mp4");
        Path index = Files.createTempFile(workDirectory, "video-", ".tsfi");
        boolean playable = PLAYABLE.contains(probe.codec())
                && (!probe.codec().equals("h264") || PLAYABLE_H264_PIXELS.contains(probe.pixelFormat()));
        String fileName = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean mp4Name = fileName.endsWith(".mp4") || fileName.endsWith(".m4v");
        boolean transcoded = false;
        if (playable && probe.isMp4Family() && mp4Name && probe.pts()[0] == 0) {
            Files.copy(file, video, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } else if (playable) {
            // -c copy keeps every compressed frame; by default ffmpeg moves the first presented frame to 0 (with
            // B-frames the first decoded one then has a negative dts, which MP4 expresses with an edit list;
            // -avoid_negative_ts make_zero would instead push the first frame later)
            ffmpeg(owner, "remux", List.of("-i", file.toString(), "-map", "0:V:0", "-an", "-sn", "-dn",
                    "-c", "copy", "-movflags", "+faststart", video.toString()));
        } else {
            transcode(owner, file, video, List.of());
            transcoded = true;
        }
        return VideoFile.of(owner, video, index, timestamps, relative, probe.codec(), transcoded, workDirectory);
    }

    /**
     * Encodes to the proxy format: H.264 8-bit 4:2:0 with a keyframe every 15 frames, so seeking anywhere decodes
     * at most 14 frames; every input timestamp is kept (passthrough: no frames dropped or duplicated to reach a
     * constant rate).
     */
    void transcode(PendingStream owner, Path input, Path output, List<String> inputOptions) throws IOException {
        List<String> arguments = new ArrayList<>(inputOptions);
        arguments.addAll(List.of("-i", input.toString(), "-map", "0:V:0", "-an", "-sn", "-dn",
                // yuv420p needs even sizes; pad by one pixel rather than scale, so pixels stay where they were
                "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2",
                "-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-g", "15", "-pix_fmt", "yuv420p",
                "-fps_mode", "passthrough", "-movflags", "+faststart",
                output.toString()));
        ffmpeg(owner, "transcode", arguments);
    }

    private void ffmpeg(PendingStream owner, String what, List<String> arguments) throws IOException {
        VideoProcess.Result result;
        try {
            result = VideoProcess.run(VideoProcess.ffmpeg(arguments.toArray(String[]::new)), workDirectory, null,
                    TRANSCODE_TIMEOUT);
        } catch (IOException e) {
            throw owner.problem("cannot " + what + " the video: " + e.getMessage(), e);
        }
        if (!result.ok()) {
            throw owner.problem("cannot " + what + " the video: " + result.reason());
        }
    }

    private static void checkIncreasing(PendingStream owner, long[] timestamps) {
        for (int i = 0; i < timestamps.length; i++) {
            if (timestamps[i] < 0) {
                throw owner.problem("frame " + i + " is at " + timestamps[i] + " ns, before the episode start");
            }
            if (i > 0 && timestamps[i] <= timestamps[i - 1]) {
                throw owner.problem("frame timestamps do not increase at frame " + i + ": " + timestamps[i]
                        + " ns after " + timestamps[i - 1] + " ns");
            }
        }
    }

    @SuppressWarnings("unchecked") // VideoImages is both; the generic signature only spares callers a cast
    <T extends PendingStream & EpisodeRecorder.ImageStreamWriter> T images(String name, StreamSource source)
            throws IOException {
        return (T) new VideoImages(name, source, this, workDirectory);
    }

    <T extends PendingStream & EpisodeRecorder.VideoPacketWriter> T packets(String name, StreamSource source,
                                                                            String codec) throws IOException {
        throw new UnsupportedOperationException("video packet import is not built yet");
    }

    /**
     * Names a stream in errors before its real pending stream exists (and lets a finished stream build its
     * {@link VideoFile} without counting its timestamps twice).
     */
    static final class Naming extends PendingStream {

        Naming(String name, StreamSource source) {
            super(name, StreamKind.VIDEO, source);
        }

        @Override
        Stored finish() {
            throw new IllegalStateException("not a stream");
        }

        @Override
        void abandon() {
        }
    }
}
