/**
 * Touchstone's native episode bundle (docs/formats/bundle.md): a folder with {@code manifest.json} and plain data
 * files that any tool can write (NumPy {@code .npy}, MP4, PCD), read by {@link
 * dev.touchstone.ingest.bundle.BundleImporter}; {@link dev.touchstone.ingest.bundle.NpyReader} and {@link
 * dev.touchstone.ingest.bundle.NpyWriter} stream NumPy arrays row by row.
 */
@org.springframework.modulith.NamedInterface("bundle")
package dev.touchstone.ingest.bundle;
