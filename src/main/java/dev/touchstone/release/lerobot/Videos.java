package dev.touchstone.release.lerobot;

import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.StoredStream;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamKind;
import dev.touchstone.dataset.frames.FrameIndex;
import dev.touchstone.storage.BlobStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** One video file per camera and episode, re-timed onto the frame grid by ffmpeg (or copied when already on it). */
final class Videos {

    private final Path root;
    private final BlobStore blobs;
    private final Features features;
    /** Local copies of the episode's videos (ffmpeg reads files), kept while its windows follow each other. */
    private final Map<String, Path> sources = new HashMap<>();
    private int copied;

    Videos(Path root, BlobStore blobs, Features features) {
        this.root = root;
        this.blobs = blobs;
        this.features = features;
    }

    /** Videos whose frames were already on the grid, stream-copied instead of re-encoded. */
    int copied() {
        return copied;
    }

    void write(EpisodeDetail detail, Map<UUID, StoredStream> stored, long start, int frames,
               int episodeIndex, Notes notes) throws IOException {
        for (Features.Camera camera : features.cameras) {
            Path out = root.resolve(DatasetPaths.videoPath(camera.key(), episodeIndex));
            Files.createDirectories(out.getParent());
            Optional<StreamInfo> info = Features.stream(detail, camera.stream(), StreamKind.VIDEO);
            StoredStream s = info.map(i -> stored.get(i.id())).orElse(null);
            if (s == null || s.indexBlobKey() == null) {
                notes.once("Episode " + detail.episode().name() + " has no camera '" + camera.stream() + "'; its "
                        + "video is black");
                ffmpeg(List.of("-f", "lavfi", "-i", "color=c=black:s=" + Math.max(2, camera.width()) + "x"
                        + Math.max(2, camera.height()) + ":r=" + features.fps), 0, frames, out);
                continue;
            }
            write(s, "h264".equals(info.get().properties().get("codec")), start, frames, out);
        }
    }

    private void write(StoredStream s, boolean h264, long start, int frames, Path out) throws IOException {
        long firstFrame;
        boolean copy;
        try (InputStream in = blobs.open(s.indexBlobKey())) {
            FrameIndex index = FrameIndex.read(in, s.indexBlobKey());
            firstFrame = index.size() == 0 ? 0 : index.timestamp(0);
            copy = h264 && onGrid(index.timestamps(), start, frames, features.fps);
        }
        Path source = source(s.blobKey());
        if (copy) {
            // already one H.264 frame per grid point: resampling would change nothing but cost an encode
            run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", source.toString(), "-map", "0:v:0",
                    "-c", "copy", "-an", "-movflags", "+faststart", out.toString()), out);
            copied++;
            return;
        }
        // Media time 0 is the first frame; shifting by its episode time minus the window start puts the
        // source on the export's clock, where frame k is at k / fps. A window far into the video seeks to a
        // second before it (ffmpeg then decodes from there and restarts the timestamps at the seek point, so the
        // seek is added back to the shift) instead of decoding everything before it for every window.
        double seek = Math.max(0, (start - firstFrame) / 1e9 - 1.0);
        double shift = (firstFrame - start) / 1e9 + seek;
        List<String> input = seek > 0
                ? List.of("-ss", String.format(Locale.ROOT, "%.6f", seek), "-i", source.toString())
                : List.of("-i", source.toString());
        ffmpeg(input, shift, frames, out);
    }

    private Path source(String blobKey) throws IOException {
        Path source = sources.get(blobKey);
        if (source == null) {
            source = Files.createTempFile(root, "source-", ".mp4");
            sources.put(blobKey, source);
            try (InputStream in = blobs.open(blobKey)) {
                Files.copy(in, source, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return source;
    }

    /** Whether frame k of the source is at start + k / fps (within 1 ms) for exactly the grid's frames. */
    static boolean onGrid(long[] timestamps, long start, int frames, int fps) {
        if (timestamps.length != frames) {
            return false;
        }
        for (int k = 0; k < frames; k++) {
            if (Math.abs(timestamps[k] - start - Math.round(k * 1e9 / fps)) > 1_000_000L) {
                return false;
            }
        }
        return true;
    }

    /** Re-times the input to the grid: {@code shiftSeconds} moves its timestamps onto the export's clock first. */
    private void ffmpeg(List<String> input, double shiftSeconds, int frames, Path out) throws IOException {
        int fps = features.fps;
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
        command.addAll(input);
        command.addAll(List.of("-vf", String.format(Locale.ROOT, "setpts=PTS+(%.9f)/TB,", shiftSeconds)
                        + "fps=fps=" + fps + ":start_time=0:round=up,tpad=stop_mode=clone:stop=-1",
                "-frames:v", String.valueOf(frames), "-an", "-c:v", "libx264", "-preset", "veryfast",
                "-pix_fmt", "yuv420p", "-g", String.valueOf(2 * fps), "-movflags", "+faststart", out.toString()));
        run(command, out);
    }

    private void run(List<String> command, Path out) throws IOException {
        Path log = Files.createTempFile(root, "ffmpeg-", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(30, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("ffmpeg took longer than 30 minutes for " + out.getFileName());
            }
            if (process.exitValue() != 0) {
                String text = Files.readString(log);
                throw new IOException("ffmpeg could not write " + root.relativize(out) + ": "
                        + (text.length() > 500 ? text.substring(0, 500) : text).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while ffmpeg wrote " + out.getFileName(), e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Deletes the local copies once the episode's windows are done. */
    void closeSources() throws IOException {
        for (Path source : sources.values()) {
            Files.deleteIfExists(source);
        }
        sources.clear();
    }
}
