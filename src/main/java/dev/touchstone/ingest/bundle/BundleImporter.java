package dev.touchstone.ingest.bundle;

import dev.touchstone.dataset.DepthFormat;
import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.StreamDataException;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.TactileLayout;
import dev.touchstone.dataset.pointcloud.PointCloud;
import dev.touchstone.ingest.EpisodeImporter;
import dev.touchstone.ingest.EpisodeSource;
import dev.touchstone.ingest.ImportFormatException;
import dev.touchstone.ingest.ImportProgress;
import dev.touchstone.ingest.pointcloud.PcdReader;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Imports Touchstone's native episode bundle (docs/formats/bundle.md): a folder with {@code manifest.json}, or a
 * folder of such folders (one episode each). Every file is checked against the manifest before or while it is
 * read (presence, dtype and shape, one timestamp per sample, strictly increasing time, no NaN) and problems fail
 * with the file, the stream and the problem named. Files are streamed: one row or frame in memory at a time.
 */
@Component
public class BundleImporter implements EpisodeImporter {

    public static final String FORMAT = BundleManifest.FORMAT;
    /** Timestamps of a video are handed to the recorder whole; ten hours at 60 fps is far above any episode. */
    private static final int MAX_VIDEO_FRAMES = 10 * 3600 * 60;
    private static final long MAX_GROUND_TRUTH_BYTES = 16L << 20;
    /** How many samples between progress checkpoints: frequent enough to cancel quickly, rare enough to be free. */
    private static final int CHECKPOINT_EVERY = 2000;

    /**
     * What to read.
     *
     * @param video false to skip video streams (noted in the import report), for installations or tests that
     *              cannot transcode video
     */
    public record Options(boolean video) {
        public static final Options ALL = new Options(true);
        public static final Options WITHOUT_VIDEO = new Options(false);
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean accepts(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return false;
        }
        return BundleManifest.looksLikeBundle(path) || !bundleFolders(path).isEmpty();
    }

    @Override
    public List<EpisodeSource> episodes(Path path) throws IOException {
        if (Files.isRegularFile(path.resolve(BundleManifest.FILE))) {
            return List.of(source(path, path.getFileName().toString()));
        }
        List<Path> bundles = bundleFolders(path);
        if (bundles.isEmpty()) {
            throw new ImportFormatException(path.getFileName().toString(), "neither a bundle (no manifest.json) nor a "
                    + "folder of bundles");
        }
        List<EpisodeSource> sources = new ArrayList<>();
        for (Path bundle : bundles) {
            sources.add(source(bundle, path.getFileName() + "/" + bundle.getFileName()));
        }
        return sources;
    }

    private static EpisodeSource source(Path bundle, String displayPath) throws IOException {
        BundleManifest manifest = BundleManifest.read(bundle, displayPath);
        long bytes;
        try (Stream<Path> files = Files.walk(bundle, 3)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        return new EpisodeSource(bundle, displayPath, manifest.name(), "", bytes);
    }

    /** Sub-folders holding a manifest, sorted by name so that episodes import in a stable order. */
    private static List<Path> bundleFolders(Path folder) throws IOException {
        List<Path> bundles = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(folder, Files::isDirectory)) {
            for (Path child : children) {
                if (BundleManifest.looksLikeBundle(child)) {
                    bundles.add(child);
                }
            }
        }
        bundles.sort(null);
        return bundles;
    }

    @Override
    public void read(EpisodeSource episode, EpisodeRecorder recorder, ImportProgress progress) throws IOException {
        read(episode, recorder, progress, Options.ALL);
    }

    /** The manifest's {@code episode.metadata} with the bundle's version, which the manifest cannot override. */
    private static Map<String, String> metadata(BundleManifest manifest) {
        Map<String, String> metadata = new java.util.LinkedHashMap<>(manifest.metadata());
        metadata.put("bundleVersion", String.valueOf(BundleManifest.VERSION));
        return metadata;
    }

    public void read(EpisodeSource episode, EpisodeRecorder recorder, ImportProgress progress, Options options)
            throws IOException {
        Path bundle = episode.path();
        String display = episode.displayPath();
        BundleManifest manifest = BundleManifest.read(bundle, display);
        EpisodeDescription description = new EpisodeDescription(manifest.name(), manifest.robot(), manifest.task(),
                manifest.operator(), manifest.recordedAt(), display, FORMAT, metadata(manifest),
                groundTruth(bundle, display, manifest));
        recorder.describe(description);
        // Every file is checked to exist before the first sample is written, so a missing file fails fast.
        for (BundleManifest.Stream stream : manifest.streams()) {
            for (String file : List.of(stream.data(), stream.timestamps())) {
                if (!Files.exists(bundle.resolve(file))) {
                    throw new StreamDataException(display + "/" + file, stream.name(), "file is missing");
                }
            }
        }
        int count = manifest.streams().size();
        for (int i = 0; i < count; i++) {
            BundleManifest.Stream stream = manifest.streams().get(i);
            StreamReader reader = new StreamReader(bundle, display, stream, progress, (double) i / count,
                    1.0 / count);
            progress.checkpoint((double) i / count, "reading " + stream.name());
            switch (stream.kind()) {
                case SIGNAL, TACTILE -> reader.signal(recorder);
                case DEPTH -> reader.depth(recorder);
                case POINTCLOUD -> reader.pointCloud(recorder);
                case VIDEO -> {
                    if (options.video()) {
                        reader.video(recorder);
                    } else {
                        recorder.note("Video stream '" + stream.name() + "' (" + stream.data()
                                + ") was not imported: video was switched off for this import");
                    }
                }
            }
        }
        progress.checkpoint(1, "read " + count + " streams");
    }

    private static String groundTruth(Path bundle, String display, BundleManifest manifest) throws IOException {
        if (manifest.groundTruth() == null) {
            return null;
        }
        Path file = bundle.resolve(manifest.groundTruth());
        String where = display + "/" + manifest.groundTruth();
        try {
            if (Files.size(file) > MAX_GROUND_TRUTH_BYTES) {
                throw new ImportFormatException(where, "ground truth larger than " + MAX_GROUND_TRUTH_BYTES + " bytes");
            }
            String text = Files.readString(file);
            if (!BundleManifest.JSON.readTree(text).isObject()) {
                throw new ImportFormatException(where, "ground truth must be a JSON object");
            }
            return text;
        } catch (NoSuchFileException e) {
            throw new ImportFormatException(where, "ground truth file named in the manifest is missing");
        } catch (JacksonException e) {
            throw new ImportFormatException(where, "ground truth is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Reads one stream; holds what every error message needs to name. */
    private static final class StreamReader {
        private final Path bundle;
        private final String display;
        private final BundleManifest.Stream stream;
        private final ImportProgress progress;
        private final double progressStart;
        private final double progressShare;

        StreamReader(Path bundle, String display, BundleManifest.Stream stream, ImportProgress progress,
                     double progressStart, double progressShare) {
            this.bundle = bundle;
            this.display = display;
            this.stream = stream;
            this.progress = progress;
            this.progressStart = progressStart;
            this.progressShare = progressShare;
        }

        private String where(String file) {
            return display + "/" + file;
        }

        private StreamSource source() {
            return new StreamSource(where(stream.data()), stream.kind().id());
        }

        private StreamDataException problem(String file, String problem) {
            return new StreamDataException(where(file), stream.name(), problem);
        }

        private NpyReader open(String file) throws IOException {
            try {
                return NpyReader.open(bundle.resolve(file), where(file));
            } catch (ImportFormatException e) {
                // Re-thrown as stream data so that the message names the stream as well as the file.
                throw new StreamDataException(where(file), stream.name(), stripFile(e.getMessage(), where(file)), e);
            }
        }

        private static String stripFile(String message, String file) {
            return message.startsWith(file + ": ") ? message.substring(file.length() + 2) : message;
        }

        private NpyReader timestamps(long expectedRows) throws IOException {
            NpyReader ts = open(stream.timestamps());
            if (ts.dtype() != NpyDtype.INT64 || ts.shape().length != 1) {
                ts.close();
                throw problem(stream.timestamps(), "timestamps must be a one-dimensional int64 array of nanoseconds, "
                        + "found " + ts.dtype().descr() + " " + ts.shapeText());
            }
            if (expectedRows >= 0 && ts.rows() != expectedRows) {
                ts.close();
                throw problem(stream.timestamps(), ts.rows() + " timestamps for " + expectedRows + " samples in "
                        + stream.data());
            }
            return ts;
        }

        /** Checks one timestamp against the previous one; returns it. */
        private long time(long previous, long t, long index) {
            if (t < 0) {
                throw problem(stream.timestamps(), "timestamp " + index + " is negative (" + t + " ns); times are "
                        + "nanoseconds from the episode start");
            }
            if (index > 0 && t <= previous) {
                throw problem(stream.timestamps(), "timestamps go backwards or repeat at sample " + index + " ("
                        + previous + " ns, then " + t + " ns)");
            }
            return t;
        }

        private void checkpoint(long index, long total) {
            if (index % CHECKPOINT_EVERY == 0) {
                progress.checkpoint(progressStart + progressShare * index / Math.max(1, total),
                        "reading " + stream.name());
            }
        }

        void signal(EpisodeRecorder recorder) throws IOException {
            try (NpyReader data = open(stream.data())) {
                int channels = stream.channels().size();
                // A single channel may come as a plain (n,) array, which is how numpy users save one series.
                boolean shapeFits = data.shape().length >= 2 || (data.shape().length == 1 && channels == 1);
                if (!data.dtype().floating() || !shapeFits || data.rowLength() != channels) {
                    throw problem(stream.data(), "expected float32 or float64 of shape (n, " + channels + ") for "
                            + channels + " channels, found " + data.dtype().descr() + " " + data.shapeText());
                }
                EpisodeRecorder.SignalStreamWriter writer = stream.kind() == BundleManifest.Kind.TACTILE
                        ? recorder.tactile(stream.name(), source(), stream.channels(),
                        new TactileLayout(stream.pads()))
                        : recorder.signal(stream.name(), source(), stream.channels());
                try (NpyReader ts = timestamps(data.rows())) {
                    double[] row = new double[channels];
                    long previous = 0;
                    for (long i = 0; i < data.rows(); i++) {
                        checkpoint(i, data.rows());
                        previous = time(previous, ts.nextLong(), i);
                        data.next(row);
                        for (int c = 0; c < channels; c++) {
                            if (Double.isNaN(row[c])) {
                                throw problem(stream.data(), "NaN at sample " + i + " in channel '"
                                        + stream.channels().get(c).name() + "'");
                            }
                        }
                        writer.append(previous, row);
                    }
                }
            }
        }

        void depth(EpisodeRecorder recorder) throws IOException {
            BundleManifest.Depth d = stream.depth();
            try (NpyReader data = open(stream.data())) {
                long[] shape = data.shape();
                if (data.dtype() != NpyDtype.UINT16 || shape.length != 3 || shape[1] != d.height()
                        || shape[2] != d.width()) {
                    throw problem(stream.data(), "expected uint16 of shape (n, " + d.height() + ", " + d.width()
                            + ") as the manifest's depth size says, found " + data.dtype().descr() + " "
                            + data.shapeText());
                }
                EpisodeRecorder.DepthStreamWriter writer = recorder.depth(stream.name(), source(),
                        new DepthFormat(d.width(), d.height(), d.metersPerUnit(), d.fx(), d.fy(), d.cx(), d.cy()));
                try (NpyReader ts = timestamps(data.rows())) {
                    short[] frame = new short[d.width() * d.height()];
                    long previous = 0;
                    for (long i = 0; i < data.rows(); i++) {
                        progress.checkpoint(progressStart + progressShare * i / data.rows(), "reading "
                                + stream.name());
                        previous = time(previous, ts.nextLong(), i);
                        data.next(frame);
                        writer.append(previous, frame.clone());
                    }
                }
            }
        }

        void pointCloud(EpisodeRecorder recorder) throws IOException {
            Path folder = bundle.resolve(stream.data());
            if (!Files.isDirectory(folder)) {
                throw problem(stream.data(), "a point-cloud stream's data must be a folder of 000000.pcd, 000001.pcd,"
                        + " ...");
            }
            long files;
            try (Stream<Path> list = Files.list(folder)) {
                files = list.filter(p -> p.getFileName().toString().endsWith(".pcd")).count();
            }
            EpisodeRecorder.PointCloudStreamWriter writer = recorder.pointCloud(stream.name(), source());
            try (NpyReader ts = timestamps(files)) {
                long previous = 0;
                for (long i = 0; i < files; i++) {
                    progress.checkpoint(progressStart + progressShare * i / files, "reading " + stream.name());
                    previous = time(previous, ts.nextLong(), i);
                    String name = stream.data() + "/" + frameName(i);
                    Path file = bundle.resolve(name);
                    if (!Files.isRegularFile(file)) {
                        throw problem(name, "frame " + i + " is missing (frames are numbered from 000000.pcd "
                                + "without holes)");
                    }
                    PointCloud cloud;
                    try {
                        cloud = PcdReader.read(file);
                    } catch (IOException e) {
                        throw new StreamDataException(where(name), stream.name(), "not a readable PCD file: "
                                + e.getMessage(), e);
                    }
                    writer.append(previous, cloud);
                }
            }
        }

        void video(EpisodeRecorder recorder) throws IOException {
            long[] times;
            try (NpyReader ts = timestamps(-1)) {
                if (ts.rows() == 0 || ts.rows() > MAX_VIDEO_FRAMES) {
                    throw problem(stream.timestamps(), ts.rows() + " frame timestamps; expected 1 to "
                            + MAX_VIDEO_FRAMES);
                }
                times = ts.readAllLongs(MAX_VIDEO_FRAMES);
            }
            for (int i = 0; i < times.length; i++) {
                time(i == 0 ? 0 : times[i - 1], times[i], i);
            }
            if (!Files.isRegularFile(bundle.resolve(stream.data()))) {
                throw problem(stream.data(), "video file is missing");
            }
            recorder.video(stream.name(), source(), bundle.resolve(stream.data()), times, times[0]);
        }
    }

    /** The file name of point-cloud frame {@code index} inside its folder. */
    public static String frameName(long index) {
        return String.format("%06d.pcd", index);
    }
}
