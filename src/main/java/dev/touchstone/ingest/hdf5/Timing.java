package dev.touchstone.ingest.hdf5;

import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.ingest.ImportFormatException;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;

import java.util.List;

/**
 * Where an ALOHA episode's time comes from, first match wins: a timestamp dataset, a rate attribute on the root,
 * else ACT's 50 Hz. ALOHA files usually carry no time at all, because ACT records at a fixed control rate.
 */
final class Timing {

    /** Longer than any plausible episode (a day at 500 Hz); keeps the timestamp array's size sane. */
    private static final long MAX_FRAMES = 50_000_000L;

    private Timing() {
    }

    static long[] timestamps(String file, HdfFile hdf, long frames, EpisodeRecorder recorder)
            throws ImportFormatException {
        if (frames > MAX_FRAMES) {
            throw new ImportFormatException(file, "/observations/qpos has " + frames + " rows, more than the "
                    + MAX_FRAMES + " an episode may have");
        }
        for (String path : List.of("/observations/timestamp", "/timestamp")) {
            if (Numbers.node(hdf, path) instanceof Dataset dataset) {
                return fromDataset(file, path, dataset, (int) frames, recorder);
            }
        }
        for (String name : List.of("fps", "rate", "dt")) {
            Attribute attribute = hdf.getAttribute(name);
            if (attribute == null) {
                continue;
            }
            Double value = Numbers.scalar(attribute.getData());
            if (value == null || !(value > 0) || Double.isInfinite(value)) {
                throw new ImportFormatException(file, "the file attribute '" + name + "' should be a positive "
                        + "number, but is " + attribute.getData());
            }
            double rate = name.equals("dt") ? 1 / value : value;
            recorder.note(file + ": timestamps from the file attribute " + name + " = " + value + " ("
                    + rate + " Hz)");
            return fixedRate(rate, (int) frames);
        }
        Attribute sim = hdf.getAttribute("sim");
        recorder.note(file + ": the file has no timestamps; assumed ACT's fixed rate of " + ACT_RATE + " Hz"
                + (sim == null ? "" : " (sim = " + sim.getData() + ")"));
        return fixedRate(ACT_RATE, (int) frames);
    }

    private static final double ACT_RATE = AlohaHdf5Importer.ACT_RATE_HZ;

    static long[] fixedRate(double rate, int frames) {
        long[] times = new long[frames];
        for (int i = 0; i < frames; i++) {
            times[i] = Math.round(i * 1e9 / rate);
        }
        return times;
    }

    /** Floating-point values are seconds, integers nanoseconds; both are made relative to the first row. */
    private static long[] fromDataset(String file, String path, Dataset dataset, int frames,
                                      EpisodeRecorder recorder) throws ImportFormatException {
        long[] dims = dataset.getDimensionsAsLong();
        if (dims.length != 1 || dims[0] != frames) {
            throw new ImportFormatException(file, path + " has shape " + java.util.Arrays.toString(dims)
                    + " but /observations/qpos has " + frames + " rows: it needs one timestamp per row");
        }
        Object data = dataset.getData();
        long[] times = new long[frames];
        long[] integers = Numbers.integers(data);
        if (integers != null) {
            for (int i = 0; i < frames; i++) {
                times[i] = integers[i] - integers[0];
            }
        } else {
            double[] seconds = Numbers.flat(data, file, path);
            for (int i = 0; i < frames; i++) {
                if (!Double.isFinite(seconds[i])) {
                    throw new ImportFormatException(file, path + " has the value " + seconds[i] + " at row " + i);
                }
                times[i] = Math.round((seconds[i] - seconds[0]) * 1e9);
            }
        }
        for (int i = 1; i < frames; i++) {
            if (times[i] <= times[i - 1]) {
                throw new ImportFormatException(file, path + " does not increase at row " + i + " ("
                        + times[i - 1] + " ns, then " + times[i] + " ns after the first row)");
            }
        }
        recorder.note(file + ": timestamps from " + path + " (" + (integers != null ? "nanoseconds" : "seconds")
                + ")");
        return times;
    }
}
