package dev.touchstone.ingest.lerobot;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One episode as the metadata places it.
 *
 * @param dataFile the parquet file holding its rows (alone in v2.1, with other episodes in v3.0)
 * @param videos   per video feature the file and, in v3.0, the time range of this episode in it
 * @param givenName     the episode's name in a Touchstone export ({@code touchstone/episode_name}), or null
 * @param episodeLabels a Touchstone export's episode-level label columns ({@code labels/<key>}) by column
 * @param subtasks      SARM's subtask columns by prefix (sparse, dense), as a Touchstone export wrote them
 */
record LeRobotEpisode(int index, List<String> tasks, long length, Path dataFile, String dataDisplay,
                      Map<String, VideoPart> videos, String givenName, Map<String, Object> episodeLabels,
                      Map<String, List<Subtask>> subtasks) {

    LeRobotEpisode(int index, List<String> tasks, long length, Path dataFile, String dataDisplay,
                   Map<String, VideoPart> videos) {
        this(index, tasks, length, dataFile, dataDisplay, videos, null, Map.of(), Map.of());
    }

    /** One subtask: its name and start and end in seconds from the episode's first frame. */
    record Subtask(String name, double start, double end) {
    }

    /**
     * @param fromSeconds start of the episode in the file; NaN when the file holds only this episode
     */
    record VideoPart(Path file, String display, double fromSeconds, double toSeconds) {

        boolean whole() {
            return Double.isNaN(fromSeconds);
        }
    }

    /** The name a Touchstone export gave the episode, else LeRobot's episode_000012. */
    String name() {
        return givenName != null && !givenName.isBlank() ? givenName : String.format("episode_%06d", index);
    }
}
