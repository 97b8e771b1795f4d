package dev.touchstone.ingest.lerobot;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One episode as the metadata places it.
 *
 * @param dataFile the parquet file holding its rows (alone in v2.1, with other episodes in v3.0)
 * @param videos   per video feature the file and, in v3.0, the time range of this episode in it
 */
record LeRobotEpisode(int index, List<String> tasks, long length, Path dataFile, String dataDisplay,
                      Map<String, VideoPart> videos) {

    /**
     * @param fromSeconds start of the episode in the file; NaN when the file holds only this episode
     */
    record VideoPart(Path file, String display, double fromSeconds, double toSeconds) {

        boolean whole() {
            return Double.isNaN(fromSeconds);
        }
    }

    String name() {
        return String.format("episode_%06d", index);
    }
}
