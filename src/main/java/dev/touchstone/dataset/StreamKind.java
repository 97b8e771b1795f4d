package dev.touchstone.dataset;

/** What a stream holds; decides how it is stored and which player view shows it. */
public enum StreamKind {
    /** An RGB camera, stored as a browser-playable video with a per-frame timestamp index. */
    VIDEO,
    /** A depth camera: 16-bit frames with intrinsics, stored as a frame pack. */
    DEPTH,
    /** LiDAR or depth-derived point clouds, stored as a frame pack of point-cloud frames. */
    POINTCLOUD,
    /** Multi-channel numbers (joints, force-torque, IMU), stored as a signal file with a min/max pyramid. */
    SIGNAL,
    /** Fingertip taxel arrays: a signal file whose channels are taxels, plus the pad layout. */
    TACTILE
}
