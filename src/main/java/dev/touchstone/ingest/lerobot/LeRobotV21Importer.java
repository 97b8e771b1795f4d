package dev.touchstone.ingest.lerobot;

import dev.touchstone.ingest.ImportFormatException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** LeRobot v2.1: one parquet file and one MP4 per camera for each episode, listed in meta/episodes.jsonl. */
@Component
public class LeRobotV21Importer extends LeRobotImporter {

    public LeRobotV21Importer() {
        super("v2.1");
    }

    @Override
    List<LeRobotEpisode> listEpisodes(Path folder, String display, LeRobotInfo info) throws IOException {
        String listDisplay = display + "/meta/episodes.jsonl";
        Path list = folder.resolve("meta").resolve("episodes.jsonl");
        if (!Files.isRegularFile(list)) {
            throw new ImportFormatException(listDisplay, "is missing: v2.1 datasets list their episodes there");
        }
        List<LeRobotEpisode> episodes = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(list, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = LeRobotInfo.JSON.readTree(line);
                } catch (JacksonException e) {
                    throw new ImportFormatException(listDisplay, "line " + number + " is not JSON: "
                            + e.getOriginalMessage());
                }
                int index = node.path("episode_index").asInt(-1);
                long length = node.path("length").asLong(-1);
                if (index < 0 || length < 0) {
                    throw new ImportFormatException(listDisplay, "line " + number
                            + " needs episode_index and length");
                }
                List<String> tasks = new ArrayList<>();
                node.path("tasks").forEach(task -> tasks.add(task.asString("")));
                int chunk = index / info.chunksSize();
                String data = info.format(info.dataPath(), LeRobotImporter.values("episode_chunk", chunk,
                        "episode_index", index));
                Map<String, LeRobotEpisode.VideoPart> videos = new LinkedHashMap<>();
                for (String key : info.videoKeys()) {
                    String video = info.format(info.videoPath(), LeRobotImporter.values("episode_chunk", chunk,
                            "episode_index", index, "video_key", key));
                    videos.put(key, new LeRobotEpisode.VideoPart(folder.resolve(video), display + "/" + video,
                            Double.NaN, Double.NaN));
                }
                episodes.add(new LeRobotEpisode(index, tasks, length, folder.resolve(data), display + "/" + data,
                        videos));
            }
        }
        return episodes;
    }
}
