/**
 * Point clouds as Touchstone stores them: {@link dev.touchstone.dataset.pointcloud.PointCloud} (float32 xyz plus
 * optional intensity and RGB) and its compact frame encoding {@link dev.touchstone.dataset.pointcloud.PointCloudFrame}
 * (documented in {@code docs/formats/pointcloud-frame.md}), which the media endpoints serve to the player as is.
 * The readers of PCD and PLY files live in the ingest module and produce these.
 */
@org.springframework.modulith.NamedInterface("pointcloud")
package dev.touchstone.dataset.pointcloud;
