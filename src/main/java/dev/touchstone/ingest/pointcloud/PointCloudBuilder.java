package dev.touchstone.ingest.pointcloud;

import dev.touchstone.dataset.pointcloud.PointCloud;
import dev.touchstone.dataset.pointcloud.PointCloudFormatException;
import dev.touchstone.dataset.pointcloud.PointCloudFrame;

import java.util.Arrays;
import java.util.List;

/**
 * Collects the points a reader decodes and applies the rules every reader shares: points with a non-finite
 * coordinate are dropped and counted, colour is kept as r,g,b bytes. Sized up front from the declared point count,
 * which readers check against the file size first, so a lying header cannot make it allocate gigabytes.
 */
final class PointCloudBuilder {

    private final float[] xyz;
    private final float[] intensity;
    private final byte[] rgb;
    private final List<String> sourceFields;
    private int count;
    private int dropped;

    PointCloudBuilder(int capacity, boolean withIntensity, boolean withRgb, List<String> sourceFields) {
        this.xyz = new float[Math.multiplyExact(capacity, 3)];
        this.intensity = withIntensity ? new float[capacity] : null;
        this.rgb = withRgb ? new byte[Math.multiplyExact(capacity, 3)] : null;
        this.sourceFields = sourceFields;
    }

    /** Adds one point; {@code intensityValue} and {@code packedRgb} (0xRRGGBB) are ignored when not collected. */
    void add(float x, float y, float z, float intensityValue, int packedRgb) {
        if (!Float.isFinite(x) || !Float.isFinite(y) || !Float.isFinite(z)) {
            dropped++;
            return;
        }
        int at = 3 * count;
        xyz[at] = x;
        xyz[at + 1] = y;
        xyz[at + 2] = z;
        if (intensity != null) {
            intensity[count] = intensityValue;
        }
        if (rgb != null) {
            rgb[at] = (byte) (packedRgb >>> 16);
            rgb[at + 1] = (byte) (packedRgb >>> 8);
            rgb[at + 2] = (byte) packedRgb;
        }
        count++;
    }

    PointCloud build() {
        boolean full = 3 * count == xyz.length;
        return PointCloud.of(full ? xyz : Arrays.copyOf(xyz, 3 * count),
                intensity == null || full ? intensity : Arrays.copyOf(intensity, count),
                rgb == null || full ? rgb : Arrays.copyOf(rgb, 3 * count),
                sourceFields, dropped);
    }
}
