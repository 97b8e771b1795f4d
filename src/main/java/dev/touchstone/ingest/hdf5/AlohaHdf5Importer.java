package dev.touchstone.ingest.hdf5;

import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.StreamDataException;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.ingest.EpisodeImporter;
import dev.touchstone.ingest.EpisodeSource;
import dev.touchstone.ingest.ImportCancelledException;
import dev.touchstone.ingest.ImportFormatException;
import dev.touchstone.ingest.ImportProgress;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ALOHA / ACT episodes: one HDF5 file per episode with {@code /observations/qpos} [T, D], {@code /observations/qvel},
 * optionally {@code /observations/effort}, {@code /action} and one {@code /observations/images/<camera>}
 * [T, H, W, 3] uint8 dataset per camera. The layout and the timing rule are documented in
 * docs/formats/hdf5-aloha.md.
 *
 * <p>Memory stays bounded: signals are read in blocks of rows and images one frame at a time through jhdf's
 * slicing, never as whole datasets (an ALOHA episode's cameras are several GB uncompressed).
 */
@Component
public class AlohaHdf5Importer implements EpisodeImporter {

    public static final String FORMAT = "hdf5-aloha";

    /** ACT records both its simulated and its real episodes at 50 Hz (DT = 0.02 s). */
    static final double ACT_RATE_HZ = 50;

    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1A, '\n'};
    private static final int ROW_BLOCK = 4096;

    /** The joint order of ALOHA's two 6-DoF arms with grippers, as its recording scripts write qpos. */
    static final List<String> ALOHA_JOINTS = List.of(
            "left_waist", "left_shoulder", "left_elbow", "left_forearm_roll", "left_wrist_angle",
            "left_wrist_rotate", "left_gripper",
            "right_waist", "right_shoulder", "right_elbow", "right_forearm_roll", "right_wrist_angle",
            "right_wrist_rotate", "right_gripper");

    private record SignalSpec(String path, String stream, String unit, boolean required) {
    }

    private static final List<SignalSpec> SIGNALS = List.of(
            new SignalSpec("/observations/qpos", "qpos", "rad", true),
            new SignalSpec("/observations/qvel", "qvel", "rad/s", false),
            new SignalSpec("/observations/effort", "effort", "", false),
            new SignalSpec("/action", "action", "rad", false));

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean accepts(Path path) throws IOException {
        String name = path.getFileName().toString().toLowerCase();
        if (!Files.isRegularFile(path) || !(name.endsWith(".hdf5") || name.endsWith(".h5"))) {
            return false;
        }
        byte[] head = new byte[SIGNATURE.length];
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(head, 0, head.length) == head.length && Arrays.equals(head, SIGNATURE);
        }
    }

    @Override
    public List<EpisodeSource> episodes(Path path) throws IOException {
        String fileName = path.getFileName().toString();
        String stem = fileName.substring(0, fileName.lastIndexOf('.'));
        return List.of(new EpisodeSource(path, fileName, stem, "", Files.size(path)));
    }

    @Override
    public void read(EpisodeSource episode, EpisodeRecorder recorder, ImportProgress progress) throws IOException {
        String file = episode.displayPath();
        progress.checkpoint(0, "opening " + file);
        try (HdfFile hdf = new HdfFile(episode.path())) {
            new Reader(file, hdf, recorder, progress).read(episode.name());
        } catch (HdfException e) {
            throw new ImportFormatException(file, "not a readable HDF5 file: " + e.getMessage(), e);
        } catch (StreamDataException | ImportCancelledException e) {
            throw e;
        } catch (RuntimeException e) {
            // jhdf reports damage in structures it trusts not only as HdfException but as whatever its parsing hits
            // (IllegalArgumentException, buffer underflows, bad indexes): fuzzing found several. Those are format
            // errors of the file; the same exception from this package's own code is a bug and stays one.
            if (thrownByJhdf(e)) {
                throw new ImportFormatException(file, "not a readable HDF5 file: " + e, e);
            }
            throw e;
        }
    }

    private static boolean thrownByJhdf(Throwable e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            String type = frame.getClassName();
            if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")) {
                continue;
            }
            return type.startsWith("io.jhdf.");
        }
        return false;
    }

    private static final class Reader {
        private final String file;
        private final HdfFile hdf;
        private final EpisodeRecorder recorder;
        private final ImportProgress progress;

        Reader(String file, HdfFile hdf, EpisodeRecorder recorder, ImportProgress progress) {
            this.file = file;
            this.hdf = hdf;
            this.recorder = recorder;
            this.progress = progress;
        }

        void read(String name) throws IOException {
            Dataset qpos = dataset("/observations/qpos");
            if (qpos == null) {
                throw new ImportFormatException(file, "not an ALOHA episode: /observations/qpos missing");
            }
            long frames = rows(qpos);
            Map<SignalSpec, Dataset> signals = new LinkedHashMap<>();
            for (SignalSpec spec : SIGNALS) {
                Dataset dataset = dataset(spec.path());
                if (dataset != null) {
                    checkRows(dataset, frames);
                    signals.put(spec, dataset);
                }
            }
            // Sorted: group member order depends on how the file was written, stream order should not.
            Map<String, Dataset> cameras = new java.util.TreeMap<>();
            if (Numbers.node(hdf, "/observations/images") instanceof Group images) {
                for (Node node : images) {
                    if (node instanceof Dataset camera) {
                        checkRows(camera, frames);
                        cameras.put(node.getName(), camera);
                    } else {
                        recorder.note(file + ": " + node.getPath() + " skipped, it is not a dataset");
                    }
                }
            }
            noteOthers(signals, cameras);

            long[] times = Timing.timestamps(file, hdf, frames, recorder);
            Map<String, String> metadata = new LinkedHashMap<>();
            Attribute sim = hdf.getAttribute("sim");
            if (sim != null) {
                metadata.put("aloha.sim", String.valueOf(sim.getData()));
            }
            metadata.put("aloha.frames", Long.toString(frames));
            recorder.describe(EpisodeDescription.of(name, file, FORMAT).withRobot("aloha").withMetadata(metadata));

            long total = signals.size() * frames + cameras.size() * frames;
            long[] done = {0};
            for (Map.Entry<SignalSpec, Dataset> entry : signals.entrySet()) {
                readSignal(entry.getKey(), entry.getValue(), times, total, done);
            }
            for (Map.Entry<String, Dataset> entry : cameras.entrySet()) {
                Images.read(file, entry.getKey(), entry.getValue(), times, recorder, progress, total, done);
            }
            progress.checkpoint(1.0, "read " + file);
        }

        private Dataset dataset(String path) throws ImportFormatException {
            Node node = Numbers.node(hdf, path);
            if (node == null) {
                return null;
            }
            if (!(node instanceof Dataset dataset)) {
                throw new ImportFormatException(file, path + " is a " + node.getType() + ", not a dataset");
            }
            return dataset;
        }

        private long rows(Dataset dataset) throws ImportFormatException {
            long[] dims = dataset.getDimensionsAsLong();
            if (dims.length == 0 || dataset.isScalar() || dataset.isEmpty()) {
                throw new ImportFormatException(file, dataset.getPath() + " has no rows (shape "
                        + Arrays.toString(dims) + ")");
            }
            return dims[0];
        }

        private void checkRows(Dataset dataset, long frames) throws ImportFormatException {
            long rows = rows(dataset);
            if (rows != frames) {
                throw new ImportFormatException(file, dataset.getPath() + " has " + rows + " rows but "
                        + "/observations/qpos has " + frames + ": every dataset of an episode needs one row per "
                        + "time step");
            }
        }

        /** Datasets outside the ALOHA layout are listed, so nothing in the file is lost without a word. */
        private void noteOthers(Map<SignalSpec, Dataset> signals, Map<String, Dataset> cameras) {
            List<String> known = new ArrayList<>();
            signals.values().forEach(d -> known.add(d.getPath()));
            cameras.values().forEach(d -> known.add(d.getPath()));
            known.addAll(List.of("/observations/timestamp", "/timestamp", "/compress_len"));
            List<String> others = new ArrayList<>();
            collect(hdf, known, others);
            for (String other : others) {
                recorder.note(file + ": " + other + " skipped, it is not part of the ALOHA layout");
            }
        }

        private static void collect(Group group, List<String> known, List<String> others) {
            for (Node node : group) {
                if (node instanceof Group child) {
                    collect(child, known, others);
                } else if (node instanceof Dataset && !known.contains(normalise(node.getPath()))) {
                    others.add(normalise(node.getPath()));
                }
            }
        }

        private void readSignal(SignalSpec spec, Dataset dataset, long[] times, long total, long[] done)
                throws IOException {
            long[] dims = dataset.getDimensionsAsLong();
            if (dims.length > 2) {
                throw new ImportFormatException(file, spec.path() + " has shape " + Arrays.toString(dims)
                        + ", a signal needs [T, D] or [T]");
            }
            int width = dims.length == 2 ? Math.toIntExact(dims[1]) : 1;
            if (width < 1 || width > 4096) {
                throw new ImportFormatException(file, spec.path() + " has " + width + " columns");
            }
            StreamSource source = new StreamSource(file, spec.path());
            List<SignalChannel> channels = channels(dataset, spec, width);
            EpisodeRecorder.SignalStreamWriter writer = recorder.signal(spec.stream(), source, channels);
            long frames = dims[0];
            for (long row = 0; row < frames; row += ROW_BLOCK) {
                int count = (int) Math.min(ROW_BLOCK, frames - row);
                Object block = dims.length == 2
                        ? dataset.getData(new long[] {row, 0}, new int[] {count, width})
                        : dataset.getData(new long[] {row}, new int[] {count});
                double[][] values = Numbers.rows(block, count, width, file, spec.path());
                for (int i = 0; i < count; i++) {
                    for (int c = 0; c < width; c++) {
                        if (!Double.isFinite(values[i][c])) {
                            throw new StreamDataException(source, spec.stream(), "value " + values[i][c]
                                    + " at row " + (row + i) + ", channel " + channels.get(c).name());
                        }
                    }
                    writer.append(times[(int) (row + i)], values[i]);
                }
                done[0] += count;
                progress.checkpoint((double) done[0] / total, "reading " + spec.path());
            }
        }

        private List<SignalChannel> channels(Dataset dataset, SignalSpec spec, int width)
                throws ImportFormatException {
            List<String> names = null;
            for (String attribute : List.of("names", "joint_names", "channel_names")) {
                Attribute named = dataset.getAttribute(attribute);
                if (named != null) {
                    names = Numbers.strings(named.getData());
                    if (names == null || names.size() != width) {
                        throw new ImportFormatException(file, spec.path() + " attribute '" + attribute
                                + "' should list " + width + " channel names, but is " + named.getData());
                    }
                    break;
                }
            }
            if (names == null) {
                boolean aloha = width == ALOHA_JOINTS.size();
                names = new ArrayList<>();
                for (int i = 0; i < width; i++) {
                    names.add(aloha ? ALOHA_JOINTS.get(i) : spec.stream() + "[" + i + "]");
                }
            }
            List<SignalChannel> channels = new ArrayList<>();
            for (String channel : names) {
                // ALOHA normalises gripper positions to 0..1, so they have no physical unit.
                String unit = channel.endsWith("gripper") ? "" : spec.unit();
                channels.add(new SignalChannel(channel, unit));
            }
            return channels;
        }
    }

    /** jhdf writes paths of groups with a trailing slash and sometimes a doubled leading one. */
    static String normalise(String path) {
        String result = path.replaceAll("/+", "/");
        return result.length() > 1 && result.endsWith("/") ? result.substring(0, result.length() - 1) : result;
    }
}
