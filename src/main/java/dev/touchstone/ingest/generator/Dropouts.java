package dev.touchstone.ingest.generator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Where an episode loses samples, as real recordings do (a USB camera stalls, a bus drops packets). A share of the
 * episodes (Realism#dropout, half by default) have one or two streams with a gap; the ground truth lists them so that gap detection can be
 * checked against it.
 */
final class Dropouts {

    /** A time window [start, end) in seconds whose nominal samples are missing. */
    record Window(double start, double end) {
    }

    private static final List<String> CANDIDATES = List.of("left_arm/joints", "right_hand/joints",
            "left_wrist/force_torque", "right_wrist/force_torque", "right_hand/tactile", "torso/imu", "head_camera",
            "wrist_camera", "head_depth", "head_lidar");

    private final Map<String, Window> windows = new LinkedHashMap<>();

    Dropouts(long seed, double duration, double share) {
        SplittableRandom random = new SplittableRandom(seed ^ 0xD209_0L);
        // Compared as "not below 1 - share" so that the default share of one half keeps the seeds it always had.
        if (random.nextDouble() < 1 - share) {
            return;
        }
        int count = 1 + random.nextInt(2);
        for (int i = 0; i < count; i++) {
            String stream = CANDIDATES.get(random.nextInt(CANDIDATES.size()));
            boolean frames = stream.endsWith("camera") || stream.endsWith("depth") || stream.endsWith("lidar");
            double length = frames ? 0.15 + 0.25 * random.nextDouble() : 0.05 + 0.25 * random.nextDouble();
            double start = duration * (0.1 + 0.8 * random.nextDouble());
            windows.putIfAbsent(stream, new Window(start, Math.min(duration, start + length)));
        }
    }

    Window of(String stream) {
        return windows.get(stream);
    }

    Map<String, Window> windows() {
        return windows;
    }
}
