package dev.touchstone.dataset;

import dev.touchstone.dataset.frames.DepthFrames;
import dev.touchstone.dataset.frames.FramePackWriter;
import dev.touchstone.dataset.pointcloud.PointCloud;
import dev.touchstone.dataset.pointcloud.PointCloudFrame;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Point-cloud and depth streams: a frame pack (frames back to back plus a time index). */
final class FrameStream extends PendingStream
        implements EpisodeRecorder.PointCloudStreamWriter, EpisodeRecorder.DepthStreamWriter {

    private final FramePackWriter pack;
    private final Path data;
    private final Path index;
    private final DepthFormat depthFormat;
    private long maxPoints;
    private long totalPoints;
    private boolean anyIntensity;
    private boolean anyRgb;

    FrameStream(String name, StreamKind kind, StreamSource source, Path data, Path index, DepthFormat depthFormat)
            throws IOException {
        super(name, kind, source);
        this.data = data;
        this.index = index;
        this.depthFormat = depthFormat;
        this.pack = new FramePackWriter(data, index);
    }

    @Override
    public void append(long timestampNanos, PointCloud cloud) throws IOException {
        if (kind != StreamKind.POINTCLOUD) {
            throw new IllegalStateException(name + " is not a point-cloud stream");
        }
        time(timestampNanos);
        float[] xyz = cloud.xyz();
        for (int i = 0; i < cloud.pointCount() * 3; i++) {
            if (!Float.isFinite(xyz[i])) {
                throw problem("frame " + pack.count() + " at " + timestampNanos + " ns has a non-finite coordinate"
                        + " at point " + i / 3 + " (drop invalid points before storing)");
            }
        }
        maxPoints = Math.max(maxPoints, cloud.pointCount());
        totalPoints += cloud.pointCount();
        anyIntensity |= cloud.hasIntensity();
        anyRgb |= cloud.hasRgb();
        pack.append(timestampNanos, new PointCloudFrame(timestampNanos, cloud).encode());
    }

    @Override
    public void append(long timestampNanos, short[] depth) throws IOException {
        if (kind != StreamKind.DEPTH) {
            throw new IllegalStateException(name + " is not a depth stream");
        }
        if (depth.length != depthFormat.pixels()) {
            throw problem("frame " + pack.count() + " has " + depth.length + " pixels, expected "
                    + depthFormat.width() + "x" + depthFormat.height());
        }
        time(timestampNanos);
        pack.append(timestampNanos, DepthFrames.encode(timestampNanos, depthFormat.width(), depthFormat.height(),
                depth));
    }

    @Override
    Stored finish() throws IOException {
        if (stats.samples() == 0) {
            pack.close();
            throw problem("the stream has no frames");
        }
        pack.finish();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("frames", pack.count());
        if (kind == StreamKind.POINTCLOUD) {
            properties.put("maxPoints", maxPoints);
            properties.put("meanPoints", totalPoints / pack.count());
            properties.put("intensity", anyIntensity);
            properties.put("rgb", anyRgb);
        } else {
            properties.put("width", depthFormat.width());
            properties.put("height", depthFormat.height());
            properties.put("metersPerUnit", depthFormat.metersPerUnit());
            properties.put("fx", depthFormat.fx());
            properties.put("fy", depthFormat.fy());
            properties.put("cx", depthFormat.cx());
            properties.put("cy", depthFormat.cy());
        }
        return new Stored(data, "frames.bin", index, "frames.tsfi", List.of(), properties);
    }

    @Override
    void abandon() {
        try {
            pack.close();
        } catch (IOException ignored) {
            // the work directory is deleted anyway
        }
    }
}
