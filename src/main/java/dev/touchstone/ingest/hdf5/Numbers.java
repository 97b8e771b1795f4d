package dev.touchstone.ingest.hdf5;

import dev.touchstone.ingest.ImportFormatException;
import io.jhdf.HdfFile;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfInvalidPathException;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns what jhdf returns (nested Java arrays whose element type follows the dataset: byte, short, int, long, float,
 * double; unsigned types widened) into the plain shapes the importer needs.
 */
final class Numbers {

    private Numbers() {
    }

    static Node node(HdfFile hdf, String path) {
        try {
            return hdf.getByPath(path);
        } catch (HdfInvalidPathException e) {
            return null;
        }
    }

    /** A [count, width] or [count] block as rows of doubles. */
    static double[][] rows(Object block, int count, int width, String file, String path)
            throws ImportFormatException {
        double[][] rows = new double[count][];
        if (Array.getLength(block) != count) {
            throw new ImportFormatException(file, path + ": read " + Array.getLength(block) + " rows, expected "
                    + count);
        }
        for (int i = 0; i < count; i++) {
            Object row = Array.get(block, i);
            if (row.getClass().isArray()) {
                rows[i] = flat(row, file, path);
                if (rows[i].length != width) {
                    throw new ImportFormatException(file, path + ": row of " + rows[i].length + " values, expected "
                            + width);
                }
            } else {
                rows[i] = new double[] {number(row, file, path)};
            }
        }
        return rows;
    }

    /** A one-dimensional numeric array as doubles. */
    static double[] flat(Object array, String file, String path) throws ImportFormatException {
        return switch (array) {
            case double[] d -> d.clone();
            case float[] f -> {
                double[] out = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    out[i] = f[i];
                }
                yield out;
            }
            case long[] l -> {
                double[] out = new double[l.length];
                for (int i = 0; i < l.length; i++) {
                    out[i] = l[i];
                }
                yield out;
            }
            case int[] n -> {
                double[] out = new double[n.length];
                for (int i = 0; i < n.length; i++) {
                    out[i] = n[i];
                }
                yield out;
            }
            case short[] s -> {
                double[] out = new double[s.length];
                for (int i = 0; i < s.length; i++) {
                    out[i] = s[i];
                }
                yield out;
            }
            case byte[] b -> {
                double[] out = new double[b.length];
                for (int i = 0; i < b.length; i++) {
                    out[i] = b[i];
                }
                yield out;
            }
            default -> throw new ImportFormatException(file, path + " holds " + array.getClass().getSimpleName()
                    + " values, not numbers");
        };
    }

    /** A one-dimensional integer array as longs, without the rounding a detour through double would cause. */
    static long[] integers(Object array) {
        return switch (array) {
            case long[] l -> l.clone();
            case int[] n -> {
                long[] out = new long[n.length];
                for (int i = 0; i < n.length; i++) {
                    out[i] = n[i];
                }
                yield out;
            }
            case short[] s -> {
                long[] out = new long[s.length];
                for (int i = 0; i < s.length; i++) {
                    out[i] = s[i];
                }
                yield out;
            }
            default -> null;
        };
    }

    private static double number(Object value, String file, String path) throws ImportFormatException {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        throw new ImportFormatException(file, path + " holds " + value.getClass().getSimpleName()
                + " values, not numbers");
    }

    /** A string attribute's values, or null when it does not hold strings. */
    static List<String> strings(Object data) {
        if (data instanceof String single) {
            return List.of(single);
        }
        if (data != null && data.getClass().isArray() && !data.getClass().getComponentType().isPrimitive()) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < Array.getLength(data); i++) {
                if (!(Array.get(data, i) instanceof String value)) {
                    return null;
                }
                values.add(value);
            }
            return values;
        }
        return null;
    }

    /** A scalar numeric attribute (jhdf may hand scalars over as one-element arrays). */
    static Double scalar(Object data) {
        if (data instanceof Number number) {
            return number.doubleValue();
        }
        if (data != null && data.getClass().isArray() && Array.getLength(data) == 1
                && Array.get(data, 0) instanceof Number number) {
            return number.doubleValue();
        }
        return null;
    }
}
