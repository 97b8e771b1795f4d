package dev.touchstone.dataset.pointcloud;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One point cloud in the shape the player draws and the frame format stores, whatever file it came from.
 * <ul>
 *   <li>{@code xyz}: interleaved x, y, z of every point, {@code 3 * pointCount} floats.</li>
 *   <li>{@code intensity}: one float per point, or {@code null} when the source had no intensity. Values are as in the
 *       file (sensors disagree on the range), not normalized.</li>
 *   <li>{@code rgb}: three bytes per point (red, green, blue, unsigned), or {@code null} when the source had no colour.
 *       Bytes rather than packed ints because that is what the frame format stores and what three.js takes directly
 *       as a normalized {@code Uint8Array} colour attribute; {@link #rgbAt(int)} gives the packed 0xRRGGBB form.</li>
 *   <li>{@code sourceFields}: the field (PCD) or vertex property (PLY) names of the file in file order, including
 *       the ones that were read past (normals, histograms, padding), so a caller can see what else the file had.</li>
 *   <li>{@code droppedPoints}: points of the file that are not in the cloud because a coordinate was NaN or
 *       infinite. PCD marks invalid points (no return from the sensor) that way; they cannot be drawn and would make
 *       the bounds meaningless, so readers drop them. The consequence is that the row/column structure of an
 *       organized (image-shaped) PCD cloud is not kept.</li>
 * </ul>
 * The arrays are not copied (clouds have millions of points); nothing in this package changes them after building a
 * cloud, and callers must not either. {@code equals} compares the array contents.
 */
public record PointCloud(int pointCount, float[] xyz, float[] intensity, byte[] rgb, List<String> sourceFields,
                         Bounds bounds, int droppedPoints) {

    public PointCloud {
        Objects.requireNonNull(xyz, "xyz");
        Objects.requireNonNull(bounds, "bounds");
        sourceFields = List.copyOf(sourceFields);
        if (pointCount < 0 || droppedPoints < 0) {
            throw new IllegalArgumentException("negative point count " + pointCount + " or dropped count "
                    + droppedPoints);
        }
        if (xyz.length != 3L * pointCount) {
            throw new IllegalArgumentException(xyz.length + " xyz values for " + pointCount + " points");
        }
        if (intensity != null && intensity.length != pointCount) {
            throw new IllegalArgumentException(intensity.length + " intensities for " + pointCount + " points");
        }
        if (rgb != null && rgb.length != 3L * pointCount) {
            throw new IllegalArgumentException(rgb.length + " colour bytes for " + pointCount + " points");
        }
    }

    /** A cloud whose count and bounds are taken from the arrays. */
    public static PointCloud of(float[] xyz, float[] intensity, byte[] rgb, List<String> sourceFields,
                                int droppedPoints) {
        if (xyz.length % 3 != 0) {
            throw new IllegalArgumentException("xyz length " + xyz.length + " is not a multiple of 3");
        }
        return new PointCloud(xyz.length / 3, xyz, intensity, rgb, sourceFields, Bounds.of(xyz), droppedPoints);
    }

    public boolean hasIntensity() {
        return intensity != null;
    }

    public boolean hasRgb() {
        return rgb != null;
    }

    public float x(int point) {
        return xyz[3 * point];
    }

    public float y(int point) {
        return xyz[3 * point + 1];
    }

    public float z(int point) {
        return xyz[3 * point + 2];
    }

    /** The colour of one point as 0xRRGGBB; only for clouds that have colour. */
    public int rgbAt(int point) {
        if (rgb == null) {
            throw new IllegalStateException("this cloud has no colour");
        }
        return (rgb[3 * point] & 0xFF) << 16 | (rgb[3 * point + 1] & 0xFF) << 8 | rgb[3 * point + 2] & 0xFF;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PointCloud that
                && pointCount == that.pointCount && droppedPoints == that.droppedPoints
                && Arrays.equals(xyz, that.xyz) && Arrays.equals(intensity, that.intensity)
                && Arrays.equals(rgb, that.rgb) && sourceFields.equals(that.sourceFields)
                && bounds.equals(that.bounds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(pointCount, droppedPoints, Arrays.hashCode(xyz), Arrays.hashCode(intensity),
                Arrays.hashCode(rgb), sourceFields, bounds);
    }

    /** Without the arrays: a cloud printed in a log or a failed assertion must stay readable. */
    @Override
    public String toString() {
        return "PointCloud[" + pointCount + " points" + (hasIntensity() ? ", intensity" : "")
                + (hasRgb() ? ", rgb" : "")
                + ", fields " + sourceFields + ", " + bounds + ", " + droppedPoints + " dropped]";
    }

    /**
     * The axis-aligned box around all points. An empty cloud has all six values 0, so that the frame header never
     * carries infinities.
     */
    public record Bounds(float minX, float minY, float minZ, float maxX, float maxY, float maxZ) {

        public static final Bounds EMPTY = new Bounds(0, 0, 0, 0, 0, 0);

        public static Bounds of(float[] xyz) {
            if (xyz.length < 3) {
                return EMPTY;
            }
            float minX = Float.POSITIVE_INFINITY, minY = Float.POSITIVE_INFINITY, minZ = Float.POSITIVE_INFINITY;
            float maxX = Float.NEGATIVE_INFINITY, maxY = Float.NEGATIVE_INFINITY, maxZ = Float.NEGATIVE_INFINITY;
            for (int i = 0; i + 2 < xyz.length; i += 3) {
                minX = Math.min(minX, xyz[i]);
                maxX = Math.max(maxX, xyz[i]);
                minY = Math.min(minY, xyz[i + 1]);
                maxY = Math.max(maxY, xyz[i + 1]);
                minZ = Math.min(minZ, xyz[i + 2]);
                maxZ = Math.max(maxZ, xyz[i + 2]);
            }
            return new Bounds(minX, minY, minZ, maxX, maxY, maxZ);
        }
    }
}
