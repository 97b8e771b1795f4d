package dev.touchstone.release.lerobot;

/** LeRobot v3.0 file layout: files are grouped in chunks so no folder holds more than {@link #CHUNK_SIZE}. */
final class DatasetPaths {

    static final int CHUNK_SIZE = 1000;

    private DatasetPaths() {
    }

    static String dataPath(int fileIndex) {
        return String.format("data/chunk-%03d/file-%03d.parquet", fileIndex / CHUNK_SIZE, fileIndex % CHUNK_SIZE);
    }

    static String videoPath(String key, int fileIndex) {
        return String.format("videos/%s/chunk-%03d/file-%03d.mp4", key, fileIndex / CHUNK_SIZE, fileIndex % CHUNK_SIZE);
    }
}
