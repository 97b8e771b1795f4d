package dev.touchstone.ingest.pointcloud;

import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.StreamDataException;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.pointcloud.PointCloud;
import dev.touchstone.dataset.pointcloud.PointCloudFormatException;
import dev.touchstone.ingest.EpisodeImporter;
import dev.touchstone.ingest.EpisodeSource;
import dev.touchstone.ingest.ImportFormatException;
import dev.touchstone.ingest.ImportProgress;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Point clouds as files: a single PCD or PLY file is an episode with one frame at time 0; a folder of them is an
 * episode with one frame per file. Frame timing is documented in docs/formats/pointcloud-frame.md ("Importing").
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE) // a folder format with its own manifest (bundle, LeRobot) must be asked first
public class PointCloudImporter implements EpisodeImporter {

    public static final String FORMAT = "pointcloud";
    static final String STREAM = "points";
    static final double DEFAULT_RATE_HZ = 10;

    /** Unix time in nanoseconds has 19 digits; shorter integers are frame numbers (000042.pcd), not times. */
    private static final int MIN_NANOSECOND_DIGITS = 16;

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean accepts(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return !frames(path).isEmpty() && onlyFrames(path);
        }
        return Files.isRegularFile(path) && isFrameName(path) && looksLikePointCloud(path);
    }

    @Override
    public List<EpisodeSource> episodes(Path path) throws IOException {
        String name = path.getFileName().toString();
        if (Files.isDirectory(path)) {
            long bytes = 0;
            for (Path frame : frames(path)) {
                bytes += Files.size(frame);
            }
            return List.of(new EpisodeSource(path, name, name, "", bytes));
        }
        return List.of(new EpisodeSource(path, name, name.substring(0, name.lastIndexOf('.')), "",
                Files.size(path)));
    }

    @Override
    public void read(EpisodeSource episode, EpisodeRecorder recorder, ImportProgress progress) throws IOException {
        String display = episode.displayPath();
        Path path = episode.path();
        recorder.describe(EpisodeDescription.of(episode.name(), display, FORMAT));
        List<Frame> frames;
        if (Files.isDirectory(path)) {
            frames = timedFrames(display, path, recorder);
            if (frames.isEmpty()) {
                throw new ImportFormatException(display, "the folder holds no .pcd or .ply files");
            }
        } else {
            frames = List.of(new Frame(path, display, 0));
        }
        EpisodeRecorder.PointCloudStreamWriter writer = recorder.pointCloud(STREAM, StreamSource.of(display));
        long dropped = 0;
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            progress.checkpoint((double) i / frames.size(), "reading " + frame.display());
            PointCloud cloud;
            try {
                cloud = PointClouds.read(PointClouds.readAllBytes(frame.path()), frame.display());
            } catch (PointCloudFormatException e) {
                throw new ImportFormatException(frame.display(), e.problem(), e);
            }
            dropped += cloud.droppedPoints();
            writer.append(frame.time(), cloud);
        }
        if (dropped > 0) {
            recorder.note(display + ": dropped " + dropped + " invalid (NaN or infinite) points in "
                    + frames.size() + " frames");
        }
        progress.checkpoint(1, "read " + frames.size() + " frames");
    }

    record Frame(Path path, String display, long time) {
    }

    private static boolean isFrameName(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        return (name.endsWith(".pcd") || name.endsWith(".ply")) && !name.startsWith(".");
    }

    /** PLY starts with "ply"; a PCD header starts with a comment or one of its keywords. */
    private static boolean looksLikePointCloud(Path path) throws IOException {
        byte[] head = new byte[8];
        int read;
        try (InputStream in = Files.newInputStream(path)) {
            read = in.readNBytes(head, 0, head.length);
        }
        String start = new String(head, 0, read, StandardCharsets.US_ASCII);
        return start.startsWith("ply") || start.startsWith("#") || start.startsWith("VERSION")
                || start.startsWith("FIELDS");
    }

    /**
     * A folder is a frame sequence only when it holds nothing but frames and a timestamp table: a folder that also
     * holds recordings of other formats or subfolders is left to the import's discovery, which then imports each
     * file on its own instead of losing the others behind a note.
     */
    private static boolean onlyFrames(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(entry -> !entry.getFileName().toString().startsWith("."))
                    .allMatch(entry -> Files.isRegularFile(entry) && (isFrameName(entry)
                            || TABLES.contains(entry.getFileName().toString())));
        }
    }

    private static final List<String> TABLES = List.of("timestamps.txt", "timestamps.csv");

    private static List<Path> frames(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isRegularFile).filter(PointCloudImporter::isFrameName)
                    .sorted(Comparator.comparing(PointCloudImporter::stem, PointCloudImporter::compareNatural))
                    .toList();
        }
    }

    private static String stem(Path path) {
        String name = path.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }

    /** Numbers compare by value so that frame_9 comes before frame_10. */
    static int compareNatural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                int order = new BigDecimal(a.substring(si, i)).compareTo(new BigDecimal(b.substring(sj, j)));
                if (order != 0) {
                    return order;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static List<Frame> timedFrames(String display, Path folder, EpisodeRecorder recorder)
            throws IOException {
        List<Path> files = frames(folder);
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path other : entries.sorted().toList()) {
                String name = other.getFileName().toString();
                if (!isFrameName(other) && !name.equals("timestamps.txt") && !name.equals("timestamps.csv")
                        && !name.startsWith(".")) {
                    recorder.note(display + ": " + name + " skipped, not a .pcd or .ply frame");
                }
            }
        }
        for (String name : List.of("timestamps.txt", "timestamps.csv")) {
            Path table = folder.resolve(name);
            if (Files.isRegularFile(table)) {
                recorder.note(display + ": frame times from " + name);
                return sorted(display, fromTable(display + "/" + name, table, files, display));
            }
        }
        List<Long> fromNames = timesFromNames(files);
        if (fromNames != null) {
            recorder.note(display + ": frame times from the file names");
            List<Frame> frames = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                frames.add(frame(display, files.get(i), fromNames.get(i)));
            }
            return sorted(display, relative(frames));
        }
        recorder.note(display + ": the frames carry no times; assumed " + DEFAULT_RATE_HZ + " Hz in file-name order");
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            frames.add(frame(display, files.get(i), Math.round(i * 1e9 / DEFAULT_RATE_HZ)));
        }
        return frames;
    }

    private static Frame frame(String display, Path file, long time) {
        return new Frame(file, display + "/" + file.getFileName(), time);
    }

    /**
     * Nanoseconds for integer stems of 16+ digits, seconds for decimal stems; null when any stem is neither, since
     * a folder where only some names are times has no usable timing in them.
     */
    static List<Long> timesFromNames(List<Path> files) {
        List<Long> times = new ArrayList<>();
        for (Path file : files) {
            Long time = parseTime(stem(file), true);
            if (time == null) {
                return null;
            }
            times.add(time);
        }
        return times;
    }

    /** Integers are nanoseconds (when long enough, if {@code requireLong}), numbers with a point seconds. */
    static Long parseTime(String text, boolean requireLong) {
        if (text.matches("\\d+")) {
            if (requireLong && text.length() < MIN_NANOSECOND_DIGITS) {
                return null;
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (text.matches("\\d+\\.\\d+")) {
            BigDecimal nanos = new BigDecimal(text).movePointRight(9);
            return nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? null : nanos.longValue();
        }
        return null;
    }

    /**
     * Either one time per line in frame order, or "file,time" / "file time" lines naming each frame. Blank lines,
     * comment lines (#) and a header line without a number are skipped.
     */
    private static List<Frame> fromTable(String tableName, Path table, List<Path> files, String display)
            throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(table, StandardCharsets.UTF_8);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s*[,;\\s]\\s*");
            if (rows.isEmpty() && parseTime(parts[parts.length - 1], false) == null) {
                continue; // a header such as "file,timestamp"
            }
            if (parts.length > 2 || parseTime(parts[parts.length - 1], false) == null) {
                throw new ImportFormatException(tableName, "line " + (n + 1) + " is not \"time\" or \"file,time\" "
                        + "(integers are nanoseconds, decimals seconds): " + line);
            }
            rows.add(parts);
        }
        List<Frame> frames = new ArrayList<>();
        boolean named = !rows.isEmpty() && rows.getFirst().length == 2;
        if (named) {
            Map<String, Path> byName = new HashMap<>();
            files.forEach(file -> byName.put(file.getFileName().toString(), file));
            for (String[] row : rows) {
                Path file = byName.remove(row[0]);
                if (file == null) {
                    throw new ImportFormatException(tableName, "names " + row[0] + ", which is not a frame of the "
                            + "folder (or is named twice)");
                }
                frames.add(frame(display, file, parseTime(row[1], false)));
            }
            if (!byName.isEmpty()) {
                throw new ImportFormatException(tableName, "gives no time for " + byName.size() + " frames, e.g. "
                        + byName.keySet().stream().sorted().findFirst().orElseThrow());
            }
        } else {
            if (rows.size() != files.size()) {
                throw new ImportFormatException(tableName, "has " + rows.size() + " times for " + files.size()
                        + " frames");
            }
            for (int i = 0; i < files.size(); i++) {
                frames.add(frame(display, files.get(i), parseTime(rows.get(i)[rows.get(i).length - 1], false)));
            }
        }
        return relative(frames);
    }

    private static List<Frame> relative(List<Frame> frames) {
        long first = frames.stream().mapToLong(Frame::time).min().orElse(0);
        return frames.stream().map(f -> new Frame(f.path(), f.display(), f.time() - first)).toList();
    }

    private static List<Frame> sorted(String display, List<Frame> frames) {
        List<Frame> ordered = new ArrayList<>(frames);
        ordered.sort(Comparator.comparingLong(Frame::time));
        for (int i = 1; i < ordered.size(); i++) {
            if (ordered.get(i).time() == ordered.get(i - 1).time()) {
                throw new StreamDataException(display, STREAM, "frames " + ordered.get(i - 1).path().getFileName()
                        + " and " + ordered.get(i).path().getFileName() + " have the same time "
                        + ordered.get(i).time() + " ns");
            }
        }
        return ordered;
    }
}
