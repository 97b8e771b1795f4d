package dev.touchstone.dataset;

import dev.touchstone.dataset.frames.FrameIndex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A finished browser-playable video in the work directory with the episode time of each of its frames. Video work
 * is done when the stream is added (the source file may be a temporary one the importer deletes afterwards), so
 * finishing only writes the timestamp index.
 */
final class VideoFile extends PendingStream {

    private final Path video;
    private final Path index;
    private final long[] timestamps;
    private final Map<String, Object> properties;

    VideoFile(String name, StreamSource source, Path video, Path index, long[] timestamps,
              Map<String, Object> properties) {
        super(name, StreamKind.VIDEO, source);
        this.video = video;
        this.index = index;
        this.timestamps = timestamps;
        this.properties = properties;
        for (long t : timestamps) {
            time(t);
        }
    }

    /**
     * Checks that the stored video presents exactly the expected frames at the expected media times (first frame at
     * 0, every later one within 1 ms of the source's spacing), then describes it.
     *
     * @param expectedRelativeNanos media time of each frame relative to the first, as the source presents them
     */
    static VideoFile of(PendingStream owner, Path video, Path index, long[] timestamps,
                        long[] expectedRelativeNanos, String sourceCodec, boolean transcoded, Path workDirectory)
            throws IOException {
        VideoProbe stored;
        try {
            stored = VideoProbe.probe(video, workDirectory);
        } catch (VideoProbe.VideoException e) {
            throw owner.problem("the stored video cannot be read back: " + e.getMessage(), e);
        }
        if (stored.frames() != timestamps.length) {
            throw owner.problem("the stored video has " + stored.frames() + " frames, expected "
                    + timestamps.length + " (ffmpeg dropped or duplicated frames)");
        }
        if (stored.firstPtsNanos() != 0) {
            throw owner.problem("the stored video starts at media time " + stored.firstPtsNanos()
                    + " ns instead of 0");
        }
        for (int i = 0; i < timestamps.length; i++) {
            long drift = Math.abs(stored.relativeNanos(i) - expectedRelativeNanos[i]);
            if (drift > 1_000_000) {
                throw owner.problem("frame " + i + " of the stored video is at " + stored.relativeNanos(i)
                        + " ns, expected " + expectedRelativeNanos[i] + " ns (more than 1 ms off)");
            }
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("codec", stored.codec());
        properties.put("width", stored.width());
        properties.put("height", stored.height());
        properties.put("transcoded", transcoded);
        properties.put("sourceCodec", sourceCodec);
        properties.put("frames", timestamps.length);
        properties.put("mediaStartNanos", 0L);
        return new VideoFile(owner.name, owner.source, video, index, timestamps, properties);
    }

    @Override
    Stored finish() throws IOException {
        try {
            FrameIndex.writeTimestamps(index, timestamps);
        } catch (IllegalArgumentException e) {
            throw problem(e.getMessage());
        }
        return new Stored(video, "video.mp4", index, "frames.tsfi", List.of(), properties);
    }

    @Override
    void abandon() {
        try {
            Files.deleteIfExists(video);
        } catch (IOException ignored) {
            // the work directory is deleted anyway
        }
    }
}
