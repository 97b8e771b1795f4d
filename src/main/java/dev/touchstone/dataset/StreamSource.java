package dev.touchstone.dataset;

import java.util.Objects;

/**
 * Where a stream came from, so that errors and the episode page can name it.
 *
 * @param file   the file as the user knows it (a path relative to what was imported, or an upload's name)
 * @param detail the place inside the file: an MCAP topic, an HDF5 dataset path, a parquet column; may be empty
 */
public record StreamSource(String file, String detail) {

    public StreamSource {
        Objects.requireNonNull(file, "file");
        detail = detail == null ? "" : detail;
    }

    public static StreamSource of(String file) {
        return new StreamSource(file, "");
    }

    @Override
    public String toString() {
        return detail.isEmpty() ? file : file + " (" + detail + ")";
    }
}
