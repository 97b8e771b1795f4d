package dev.touchstone.ingest.lerobot;

import dev.touchstone.ingest.ImportFormatException;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * LeRobot v3.0: many episodes per parquet and per MP4 file; meta/episodes/chunk-XXX/file-XXX.parquet says which
 * data file holds each episode and which time range of each camera's file is its.
 */
@Component
public class LeRobotV30Importer extends LeRobotImporter {

    public LeRobotV30Importer() {
        super("v3.0");
    }

    @Override
    List<LeRobotEpisode> listEpisodes(Path folder, String display, LeRobotInfo info) throws IOException {
        Path metaFolder = folder.resolve("meta").resolve("episodes");
        String metaDisplay = display + "/meta/episodes/";
        List<Path> files;
        if (!Files.isDirectory(metaFolder)) {
            throw new ImportFormatException(metaDisplay, "is missing: v3.0 datasets describe their episodes there");
        }
        try (Stream<Path> walk = Files.walk(metaFolder, 2)) {
            files = walk.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new ImportFormatException(metaDisplay, "holds no parquet file");
        }
        List<LeRobotEpisode> episodes = new ArrayList<>();
        String sql = "SELECT * FROM read_parquet(?::VARCHAR[]) ORDER BY episode_index";
        try (Connection connection = Parquet.open();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("VARCHAR",
                    files.stream().map(Path::toString).toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    episodes.add(episode(rows, folder, display, metaDisplay, info));
                }
            }
        } catch (SQLException e) {
            throw Parquet.problem(metaDisplay, e);
        }
        return episodes;
    }

    private static LeRobotEpisode episode(ResultSet rows, Path folder, String display, String metaDisplay,
                                          LeRobotInfo info) throws SQLException, ImportFormatException {
        int index = (int) number(rows, "episode_index", metaDisplay, -1);
        long length = number(rows, "length", metaDisplay, index);
        List<String> tasks = new ArrayList<>();
        Object cell = rows.getObject("tasks");
        if (cell instanceof Array array) {
            for (Object task : (Object[]) array.getArray()) {
                tasks.add(String.valueOf(task));
            }
        }
        String data = info.format(info.dataPath(), LeRobotImporter.values(
                "chunk_index", number(rows, "data/chunk_index", metaDisplay, index),
                "file_index", number(rows, "data/file_index", metaDisplay, index)));
        Map<String, LeRobotEpisode.VideoPart> videos = new LinkedHashMap<>();
        List<String> videoFeatures = new ArrayList<>(info.videoKeys());
        videoFeatures.addAll(info.depthKeys());
        for (String key : videoFeatures) {
            String prefix = "videos/" + key + "/";
            String video = info.format(info.videoPath(), LeRobotImporter.values(
                    "chunk_index", number(rows, prefix + "chunk_index", metaDisplay, index),
                    "file_index", number(rows, prefix + "file_index", metaDisplay, index),
                    "video_key", key));
            double from = rows.getDouble(prefix + "from_timestamp");
            double to = rows.getDouble(prefix + "to_timestamp");
            if (!(from >= 0) || !(to > from)) {
                throw new ImportFormatException(metaDisplay, "episode " + index + " has the video range " + from
                        + "-" + to + " s for '" + key + "'");
            }
            videos.put(key, new LeRobotEpisode.VideoPart(folder.resolve(video), display + "/" + video, from, to));
        }
        String givenName = null;
        Map<String, Object> labels = new LinkedHashMap<>();
        Map<String, List<LeRobotEpisode.Subtask>> subtasks = new LinkedHashMap<>();
        if (info.isTouchstoneExport()) {
            for (String prefix : info.subtasks().keySet()) {
                subtasks.put(prefix, subtasks(rows, prefix, metaDisplay, index));
            }
            givenName = optionalText(rows, "touchstone/episode_name");
            for (String column : info.episodeLabels().keySet()) {
                Object value = optional(rows, column);
                labels.put(column, value instanceof Array array ? List.of((Object[]) array.getArray()) : value);
                Object reasons = optional(rows, column + "/reasons");
                if (reasons instanceof Array array) {
                    labels.put(column + "/reasons", List.of((Object[]) array.getArray()));
                }
            }
        }
        return new LeRobotEpisode(index, tasks, length, folder.resolve(data), display + "/" + data, videos,
                givenName, labels, subtasks);
    }

    /** SARM's {prefix}_subtask_{names,start_times,end_times} of one episode; empty when the columns are absent. */
    private static List<LeRobotEpisode.Subtask> subtasks(ResultSet rows, String prefix, String metaDisplay,
                                                         int episode) throws SQLException, ImportFormatException {
        Object[] names = array(optional(rows, prefix + "_subtask_names"));
        Object[] starts = array(optional(rows, prefix + "_subtask_start_times"));
        Object[] ends = array(optional(rows, prefix + "_subtask_end_times"));
        if (names == null) {
            return List.of();
        }
        if (starts == null || ends == null || starts.length != names.length || ends.length != names.length) {
            throw new ImportFormatException(metaDisplay, "episode " + episode + " has " + names.length + " "
                    + prefix + "_subtask_names but not as many start and end times");
        }
        List<LeRobotEpisode.Subtask> subtasks = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (!(starts[i] instanceof Number start) || !(ends[i] instanceof Number end)) {
                throw new ImportFormatException(metaDisplay, "episode " + episode + " has a subtask without a "
                        + "start or end time in " + prefix + "_subtask_start_times/end_times");
            }
            subtasks.add(new LeRobotEpisode.Subtask(String.valueOf(names[i]), start.doubleValue(),
                    end.doubleValue()));
        }
        return subtasks;
    }

    private static Object[] array(Object cell) throws SQLException {
        return cell instanceof Array array ? (Object[]) array.getArray() : null;
    }

    /** A column only Touchstone exports have; null when this dataset lacks it. */
    private static Object optional(ResultSet rows, String column) {
        try {
            return rows.getObject(column);
        } catch (SQLException e) {
            return null;
        }
    }

    private static String optionalText(ResultSet rows, String column) {
        Object value = optional(rows, column);
        return value == null ? null : value.toString();
    }

    private static long number(ResultSet rows, String column, String metaDisplay, int episode)
            throws SQLException, ImportFormatException {
        long value;
        try {
            value = rows.getLong(column);
        } catch (SQLException e) {
            throw new ImportFormatException(metaDisplay, "has no column '" + column + "'", e);
        }
        if (rows.wasNull() || value < 0) {
            throw new ImportFormatException(metaDisplay, "column '" + column + "' is missing or negative"
                    + (episode >= 0 ? " for episode " + episode : ""));
        }
        return value;
    }
}
