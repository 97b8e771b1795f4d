package dev.touchstone.ingest.mcap;

/** The kind of Touchstone stream a channel becomes when imported. */
public enum StreamKind {
    /** Numeric time series: joint states, forces and torques, IMU readings. */
    SIGNAL,
    /** Compressed video frames (h264, h265, vp9, av1). */
    VIDEO,
    /** 3D points. */
    POINTCLOUD,
    /** Individual images, raw or compressed (jpeg, png). */
    IMAGE,
    /** Not imported; the mapping's note says why, so the import report can list the channel. */
    UNSUPPORTED
}
