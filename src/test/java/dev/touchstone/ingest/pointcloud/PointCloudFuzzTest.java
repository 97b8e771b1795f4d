package dev.touchstone.ingest.pointcloud;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.touchstone.dataset.pointcloud.PointCloud;
import dev.touchstone.dataset.pointcloud.PointCloudFormatException;

/**
 * Arbitrary bytes into the PCD and PLY readers. A {@link PointCloudFormatException} naming the source is the only
 * acceptable failure; any other exception or error is a reader bug. A cloud that is returned must be consistent,
 * because the frame writer and the player trust its counts and bounds.
 *
 * <p>Without {@code JAZZER_FUZZ=1} this replays the corpus in {@code PointCloudFuzzTestInputs/} as ordinary tests.
 */
class PointCloudFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void pcd(byte[] bytes) {
        try {
            check(PcdReader.read(bytes, "fuzz.pcd"));
        } catch (PointCloudFormatException expected) {
            named(expected, "fuzz.pcd");
        }
    }

    @FuzzTest(maxDuration = "5m")
    void ply(byte[] bytes) {
        try {
            check(PlyReader.read(bytes, "fuzz.ply"));
        } catch (PointCloudFormatException expected) {
            named(expected, "fuzz.ply");
        }
    }

    private static void named(PointCloudFormatException e, String source) {
        if (!e.getMessage().startsWith(source + ": ")) {
            throw new AssertionError("a point-cloud error that does not start with the source", e);
        }
    }

    private static void check(PointCloud cloud) {
        for (float value : cloud.xyz()) {
            if (!Float.isFinite(value)) {
                throw new AssertionError("a returned cloud holds a non-finite coordinate: " + cloud);
            }
        }
    }
}
