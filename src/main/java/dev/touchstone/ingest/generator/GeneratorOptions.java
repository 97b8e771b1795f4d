package dev.touchstone.ingest.generator;

import java.util.Objects;

/**
 * What to generate for each episode.
 *
 * @param durationSeconds episode length, 20-60 s is the intended range (shorter episodes squeeze the phases)
 * @param width           camera width in pixels (even: H.264 with yuv420p needs even sizes)
 * @param height          camera height in pixels (even)
 * @param depthDivisor    the depth camera has the camera size divided by this
 * @param lidarBeams      LiDAR rings (elevation steps)
 * @param lidarColumns    LiDAR azimuth steps over its 140 degree field of view
 * @param realism         how often hesitations, regrasps, slow operators, noisy sensors and dropouts happen; a slow
 *                        operator or a pause makes an episode longer than {@code durationSeconds}
 */
public record GeneratorOptions(double durationSeconds, int width, int height, int depthDivisor, int lidarBeams,
                               int lidarColumns, Realism realism) {

    public static final double MIN_SECONDS = 5;
    public static final double MAX_SECONDS = 600;

    public GeneratorOptions {
        if (!(durationSeconds >= MIN_SECONDS && durationSeconds <= MAX_SECONDS)) {
            throw new IllegalArgumentException("duration must be " + (int) MIN_SECONDS + "-" + (int) MAX_SECONDS
                    + " seconds, got " + durationSeconds);
        }
        if (width < 64 || height < 48 || width > 3840 || height > 2160 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("camera size must be even and between 64x48 and 3840x2160, got "
                    + width + "x" + height);
        }
        if (depthDivisor < 1 || width / depthDivisor < 16 || height / depthDivisor < 16) {
            throw new IllegalArgumentException("depth divisor " + depthDivisor + " leaves too small a depth image");
        }
        if (lidarBeams < 1 || lidarColumns < 1 || (long) lidarBeams * lidarColumns > 1_000_000) {
            throw new IllegalArgumentException("LiDAR of " + lidarBeams + "x" + lidarColumns + " rays is not plausible");
        }
        Objects.requireNonNull(realism, "realism");
    }

    /** With the default mix of disturbances ({@link Realism#defaults()}). */
    public GeneratorOptions(double durationSeconds, int width, int height, int depthDivisor, int lidarBeams,
                            int lidarColumns) {
        this(durationSeconds, width, height, depthDivisor, lidarBeams, lidarColumns, Realism.defaults());
    }

    /** What `generate` produces without options: 30 s at 320x240. */
    public static GeneratorOptions defaults() {
        return new GeneratorOptions(30, 320, 240, 2, 16, 240);
    }

    /** For tests and quick tries: 20 s, small images, a sparse LiDAR. */
    public static GeneratorOptions small() {
        return new GeneratorOptions(20, 128, 96, 2, 8, 120);
    }

    public GeneratorOptions withDuration(double seconds) {
        return new GeneratorOptions(seconds, width, height, depthDivisor, lidarBeams, lidarColumns, realism);
    }

    public GeneratorOptions withRealism(Realism replacement) {
        return new GeneratorOptions(durationSeconds, width, height, depthDivisor, lidarBeams, lidarColumns,
                replacement);
    }
}
