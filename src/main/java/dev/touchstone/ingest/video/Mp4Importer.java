package dev.touchstone.ingest.video;

import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.StreamDataException;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.ingest.EpisodeImporter;
import dev.touchstone.ingest.EpisodeSource;
import dev.touchstone.ingest.ImportFormatException;
import dev.touchstone.ingest.ImportProgress;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A plain video file as an episode with one video stream (named after the file), its frames at the file's own
 * timestamps. Accepts MP4/QuickTime and Matroska/WebM by extension and by their first bytes, so a renamed text file
 * is refused before ffmpeg sees it.
 */
@Component
public class Mp4Importer implements EpisodeImporter {

    private static final Set<String> EXTENSIONS = Set.of("mp4", "m4v", "mov", "mkv", "webm");
    /** ISO base media boxes that may open a file: ftyp in MP4, the others in old QuickTime files. */
    private static final Set<String> FIRST_BOXES = Set.of("ftyp", "moov", "mdat", "wide", "free", "skip");
    private static final byte[] EBML = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3};

    @Override
    public String format() {
        return "mp4";
    }

    @Override
    public boolean accepts(Path path) throws IOException {
        return Files.isRegularFile(path) && EXTENSIONS.contains(extension(path)) && hasVideoMagic(path);
    }

    @Override
    public List<EpisodeSource> episodes(Path path) throws IOException {
        String display = path.getFileName().toString();
        if (!Files.isRegularFile(path)) {
            throw new ImportFormatException(display, "is not a file");
        }
        if (!EXTENSIONS.contains(extension(path))) {
            throw new ImportFormatException(display, "is not a video file (expected ." + String.join(", .",
                    EXTENSIONS.stream().sorted().toList()) + ")");
        }
        if (!hasVideoMagic(path)) {
            throw new ImportFormatException(display, "does not start like an MP4, QuickTime or Matroska/WebM "
                    + "file: it is not a video or it is damaged");
        }
        return List.of(new EpisodeSource(path, display, stem(path), "", Files.size(path)));
    }

    @Override
    public void read(EpisodeSource episode, EpisodeRecorder recorder, ImportProgress progress) throws IOException {
        progress.checkpoint(0, "reading " + episode.displayPath());
        recorder.describe(EpisodeDescription.of(episode.name(), episode.displayPath(), format()));
        try {
            recorder.video(stem(episode.path()), StreamSource.of(episode.displayPath()), episode.path(), null, 0);
        } catch (StreamDataException e) {
            // ffprobe could not read it: for a single-video file that means the file itself is broken
            throw new ImportFormatException(episode.displayPath(), e.problem(), e);
        }
        progress.checkpoint(1, "stored " + episode.displayPath());
    }

    private static boolean hasVideoMagic(Path path) throws IOException {
        byte[] head = new byte[12];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 4 && head[0] == EBML[0] && head[1] == EBML[1] && head[2] == EBML[2] && head[3] == EBML[3]) {
            return true;
        }
        return n >= 8 && FIRST_BOXES.contains(new String(head, 4, 4, StandardCharsets.ISO_8859_1));
    }

    private static String extension(Path path) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String stem(Path path) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? name : name.substring(0, dot);
    }
}
