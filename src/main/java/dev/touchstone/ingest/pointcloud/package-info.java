/**
 * Point clouds from robot recordings: readers for PCD ({@link dev.touchstone.ingest.pointcloud.PcdReader}: ascii,
 * binary, binary_compressed) and PLY ({@link dev.touchstone.ingest.pointcloud.PlyReader}: ascii and both binary byte
 * orders) that turn a file into one {@link dev.touchstone.dataset.pointcloud.PointCloud}, and the compact frame format
 * ({@link dev.touchstone.dataset.pointcloud.PointCloudFrame}, documented in {@code docs/formats/pointcloud-frame.md})
 * in which episodes store point-cloud frames and the media endpoint serves them to the browser.
 * <p>
 * Plain Java without Spring or I/O libraries, so that the import pipeline, command-line tools and tests can use it
 * alike. A file that cannot be read fails with a {@link dev.touchstone.dataset.pointcloud.PointCloudFormatException}
 * naming the file and what is wrong with it; readers never read past the bytes they were given and check sizes
 * declared in headers before allocating for them, so a corrupt header cannot exhaust memory.
 */
@org.springframework.modulith.NamedInterface("pointcloud")
package dev.touchstone.ingest.pointcloud;
