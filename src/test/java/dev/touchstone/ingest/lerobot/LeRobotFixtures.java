package dev.touchstone.ingest.lerobot;

import dev.touchstone.dataset.VideoTestFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Small LeRobot datasets written the way LeRobot writes them (parquet through DuckDB, AV1 with GOP 2 like
 * LeRobot's encoder defaults, or H.264), so the importers are tested on payloads, not just metadata. Every video
 * frame shows its own number as 8 stripes (as in the shared seek-test clips), so a test can tell which frames a
 * cut kept.
 */
public final class LeRobotFixtures {

    static final int FPS = 10;
    static final String CAMERA = "observation.images.top";
    private static final String STRIPES = "geq=lum='16+219*mod(floor((N+%d)/pow(2,floor(X/16))),2)':cb=128:cr=128";

    private LeRobotFixtures() {
    }

    static String info(String version, int totalEpisodes, int totalFrames, String dataPath, String videoPath) {
        return """
                {
                  "codebase_version": "%s",
                  "robot_type": "so100",
                  "total_episodes": %d,
                  "total_frames": %d,
                  "total_tasks": 1,
                  "chunks_size": 1000,
                  "fps": %d,
                  "splits": {"train": "0:%d"},
                  "data_path": "%s",
                  "video_path": "%s",
                  "features": {
                    "observation.state": {"dtype": "float32", "shape": [3], "names": ["shoulder", "elbow", "wrist"]},
                    "action": {"dtype": "float32", "shape": [2], "names": {"motors": ["left", "right"]}},
                    "observation.effort": {"dtype": "float32", "shape": [2], "names": null},
                    "%s": {"dtype": "video", "shape": [96, 128, 3], "names": ["height", "width", "channels"],
                           "info": {"video.fps": %d.0, "video.codec": "av1"}},
                    "timestamp": {"dtype": "float32", "shape": [1], "names": null},
                    "frame_index": {"dtype": "int64", "shape": [1], "names": null},
                    "episode_index": {"dtype": "int64", "shape": [1], "names": null},
                    "index": {"dtype": "int64", "shape": [1], "names": null},
                    "task_index": {"dtype": "int64", "shape": [1], "names": null}
                  }
                }
                """.formatted(version, totalEpisodes, totalFrames, FPS, totalEpisodes, dataPath, videoPath, CAMERA,
                FPS);
    }

    /** Rows of one episode: state = (g, 2g, 3g) with g the global index, timestamps from 0 at {@code FPS}. */
    static String rows(int episode, int length, int firstGlobalIndex) {
        return ("SELECT [g * 1.0, g * 2.0, g * 3.0]::FLOAT[] AS \"observation.state\", "
                + "[g * -1.0, g * 0.5]::FLOAT[] AS \"action\", [0.25, 0.5]::FLOAT[] AS \"observation.effort\", "
                + "(i / %d.0)::FLOAT AS \"timestamp\", i::BIGINT AS frame_index, %d::BIGINT AS episode_index, "
                + "g::BIGINT AS \"index\", 0::BIGINT AS task_index "
                + "FROM (SELECT i, i + %d AS g FROM range(%d) t(i))").formatted(FPS, episode, firstGlobalIndex,
                length);
    }

    static void sql(String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    static void copy(String select, Path file) throws IOException, SQLException {
        Files.createDirectories(file.getParent());
        sql("COPY (" + select + ") TO '" + file + "' (FORMAT parquet)");
    }

    /** A 128x96 clip whose frame k shows the number {@code firstNumber + k}. */
    public static void video(Path file, int frames, int firstNumber, boolean av1) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        List<String> arguments = new ArrayList<>(List.of("-f", "lavfi", "-i",
                "color=black:size=128x96:rate=" + FPS, "-frames:v", String.valueOf(frames),
                "-vf", "format=yuv420p," + STRIPES.formatted(firstNumber)));
        if (av1) {
            arguments.addAll(List.of("-c:v", "libsvtav1", "-g", "2", "-crf", "30", "-svtav1-params", "verbosity=0"));
        } else {
            arguments.addAll(List.of("-c:v", "libx264", "-pix_fmt", "yuv420p"));
        }
        arguments.add(file.toString());
        VideoTestFiles.ffmpeg(file.getParent(), arguments.toArray(String[]::new));
    }

    /** The numbers the frames of a video show, decoded from their stripes. */
    public static List<Integer> frameNumbers(Path video, Path work) throws IOException, InterruptedException {
        Path raw = Files.createTempFile(work, "frames-", ".gray");
        VideoTestFiles.ffmpeg(work, "-i", video.toString(), "-fps_mode", "passthrough", "-f", "rawvideo",
                "-pix_fmt", "gray", raw.toString());
        byte[] bytes = Files.readAllBytes(raw);
        int frameSize = 128 * 96;
        List<Integer> numbers = new ArrayList<>();
        for (int offset = 0; offset + frameSize <= bytes.length; offset += frameSize) {
            int number = 0;
            for (int bit = 0; bit < 8; bit++) {
                if ((bytes[offset + 48 * 128 + 16 * bit + 8] & 0xFF) > 128) {
                    number |= 1 << bit;
                }
            }
            numbers.add(number);
        }
        return numbers;
    }

    /** v2.1: episodes of the given lengths, each with its own parquet and AV1 file. */
    static Path v21(Path root, int... lengths) throws Exception {
        Path folder = Files.createDirectories(root.resolve("so100_v21"));
        int total = 0;
        StringBuilder episodes = new StringBuilder();
        for (int e = 0; e < lengths.length; e++) {
            copy(rows(e, lengths[e], total), folder.resolve("data/chunk-000/episode_%06d.parquet".formatted(e)));
            video(folder.resolve("videos/chunk-000/" + CAMERA + "/episode_%06d.mp4".formatted(e)), lengths[e], 0,
                    true);
            episodes.append("{\"episode_index\": %d, \"tasks\": [\"stack the cubes\"], \"length\": %d}\n"
                    .formatted(e, lengths[e]));
            total += lengths[e];
        }
        Files.createDirectories(folder.resolve("meta"));
        Files.writeString(folder.resolve("meta/episodes.jsonl"), episodes);
        Files.writeString(folder.resolve("meta/tasks.jsonl"), "{\"task_index\": 0, \"task\": \"stack the cubes\"}\n");
        Files.writeString(folder.resolve("meta/info.json"), info("v2.1", lengths.length, total,
                "data/chunk-{episode_chunk:03d}/episode_{episode_index:06d}.parquet",
                "videos/chunk-{episode_chunk:03d}/{video_key}/episode_{episode_index:06d}.mp4"));
        return folder;
    }

    /** v3.0: all episodes in one data file and one camera file, back to back. */
    static Path v30(Path root, boolean av1, int... lengths) throws Exception {
        Path folder = Files.createDirectories(root.resolve("so100_v30"));
        int total = 0;
        List<String> data = new ArrayList<>();
        List<String> meta = new ArrayList<>();
        for (int e = 0; e < lengths.length; e++) {
            data.add(rows(e, lengths[e], total));
            String v = "videos/" + CAMERA + "/";
            meta.add(("SELECT %d::BIGINT AS episode_index, ['stack the cubes', 'then wave']::VARCHAR[] AS tasks, "
                    + "%d::BIGINT AS length, 0::BIGINT AS \"data/chunk_index\", 0::BIGINT AS \"data/file_index\", "
                    + "%d::BIGINT AS dataset_from_index, %d::BIGINT AS dataset_to_index, "
                    + "0::BIGINT AS \"%schunk_index\", 0::BIGINT AS \"%sfile_index\", "
                    + "%s::DOUBLE AS \"%sfrom_timestamp\", %s::DOUBLE AS \"%sto_timestamp\"")
                    .formatted(e, lengths[e], total, total + lengths[e], v, v, total / (double) FPS, v,
                            (total + lengths[e]) / (double) FPS, v));
            total += lengths[e];
        }
        copy(String.join(" UNION ALL ", data), folder.resolve("data/chunk-000/file-000.parquet"));
        copy(String.join(" UNION ALL ", meta), folder.resolve("meta/episodes/chunk-000/file-000.parquet"));
        video(folder.resolve("videos/" + CAMERA + "/chunk-000/file-000.mp4"), total, 0, av1);
        Files.writeString(folder.resolve("meta/info.json"), info("v3.0", lengths.length, total,
                "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet",
                "videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4"));
        return folder;
    }
}
