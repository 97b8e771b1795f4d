package dev.touchstone.ingest.hdf5;

import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.ingest.ImportFormatException;
import dev.touchstone.ingest.ImportProgress;
import io.jhdf.api.Dataset;

import java.io.IOException;
import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * One camera of an ALOHA episode, read frame by frame. [T, H, W, 3] datasets are raw RGB; [T, N] uint8 datasets
 * are what ALOHA's recorder writes with {@code compress=True}: each row a JPEG padded with zeros to the longest.
 */
final class Images {

    private Images() {
    }

    static void read(String file, String camera, Dataset dataset, long[] times, EpisodeRecorder recorder,
                     ImportProgress progress, long total, long[] done) throws IOException {
        String path = AlohaHdf5Importer.normalise(dataset.getPath());
        long[] dims = dataset.getDimensionsAsLong();
        boolean raw = dims.length == 4 && dims[3] == 3;
        boolean encoded = dims.length == 2;
        if (!raw && !encoded) {
            throw new ImportFormatException(file, path + " has shape " + Arrays.toString(dims) + ", a camera needs "
                    + "[T, H, W, 3] (RGB) or [T, N] (JPEG bytes)");
        }
        if (raw && (dims[1] < 1 || dims[2] < 1 || dims[1] * dims[2] > 64L * 1024 * 1024)) {
            throw new ImportFormatException(file, path + " has frames of " + dims[2] + "x" + dims[1] + " pixels");
        }
        if (encoded && (dims[1] < 1 || dims[1] > 256L * 1024 * 1024)) {
            throw new ImportFormatException(file, path + " has rows of " + dims[1] + " bytes");
        }
        EpisodeRecorder.ImageStreamWriter writer = recorder.images(camera, new StreamSource(file, path));
        int frames = times.length;
        for (int frame = 0; frame < frames; frame++) {
            if (raw) {
                int height = (int) dims[1];
                int width = (int) dims[2];
                Object data = dataset.getData(new long[] {frame, 0, 0, 0}, new int[] {1, height, width, 3});
                byte[] pixels = new byte[height * width * 3];
                fill(Array.get(data, 0), pixels, new int[] {0}, file, path);
                writer.appendRaw(times[frame], width, height, "rgb8", width * 3, pixels);
            } else {
                int length = (int) dims[1];
                Object data = dataset.getData(new long[] {frame, 0}, new int[] {1, length});
                byte[] bytes = new byte[length];
                fill(Array.get(data, 0), bytes, new int[] {0}, file, path);
                writer.appendEncoded(times[frame], withoutPadding(bytes));
            }
            done[0]++;
            if (frame % 16 == 0) {
                progress.checkpoint((double) done[0] / total, "reading " + path + " frame " + frame);
            }
        }
    }

    /** Copies a nested array of (possibly widened) unsigned bytes into {@code out} in row-major order. */
    private static void fill(Object nested, byte[] out, int[] at, String file, String path)
            throws ImportFormatException {
        switch (nested) {
            case byte[] b -> {
                System.arraycopy(b, 0, out, at[0], b.length);
                at[0] += b.length;
            }
            case short[] s -> {
                for (short v : s) {
                    out[at[0]++] = (byte) v;
                }
            }
            case int[] n -> {
                for (int v : n) {
                    out[at[0]++] = (byte) v;
                }
            }
            case Object[] rows -> {
                for (Object row : rows) {
                    fill(row, out, at, file, path);
                }
            }
            default -> throw new ImportFormatException(file, path + " holds " + nested.getClass().getSimpleName()
                    + " values, a camera needs uint8");
        }
    }

    /** The zeros ALOHA pads each JPEG with; a JPEG ends with FFD9, so trailing zeros after it are padding. */
    static byte[] withoutPadding(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return end == bytes.length ? bytes : Arrays.copyOf(bytes, end);
    }
}
