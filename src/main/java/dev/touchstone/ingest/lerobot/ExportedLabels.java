package dev.touchstone.ingest.lerobot;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The labels of a LeRobot dataset that Touchstone exported, read back from its columns (docs/release/formats.md):
 * SARM's sparse and dense subtask columns become the phases of the definitions info.json's touchstone.subtasks
 * names, with their start and end times; runs of a further phase column's class index become segments from the
 * first frame of the run to the first frame after it (the episode's last frame for a run that reaches it); a
 * {@code language_events} row of style {@code event} an event at its frame's time; and the episode table's
 * {@code labels/<key>} columns episode-level values. The result is the episode's ground truth in
 * the label format of the workspace ({@code {"source", "schema", "labels": [...]}}), so it can seed gold answers.
 * Times are on the import's clock (the first row at 0), as the export wrote them.
 */
final class ExportedLabels {

    private final LeRobotInfo info;
    private final String episodeKey;
    private final List<LeRobotInfo.FrameLabel> columns;
    private final int[] runClass;
    private final long[] runStart;
    private final ArrayNode labels = LeRobotInfo.JSON.createArrayNode();
    private long lastTime;
    private int count;

    ExportedLabels(LeRobotInfo info, String episodeKey) {
        this.info = info;
        this.episodeKey = episodeKey;
        this.columns = List.copyOf(info.frameLabels().values());
        this.runClass = new int[columns.size()];
        this.runStart = new long[columns.size()];
        java.util.Arrays.fill(runClass, -1);
    }

    List<LeRobotInfo.FrameLabel> columns() {
        return columns;
    }

    /**
     * One row's label cells, in {@link #columns()} order, and its language_events rows as JSON (or null), at time
     * {@code t} (nanoseconds).
     */
    void row(long t, Object[] cells, String languageEvents) {
        if (languageEvents != null && !languageEvents.isBlank()) {
            for (tools.jackson.databind.JsonNode event : LeRobotInfo.JSON.readTree(languageEvents)) {
                LeRobotInfo.EventClass cls = "event".equals(event.path("style").asString(""))
                        ? info.events().get(event.path("content").asString("")) : null;
                if (cls != null) {
                    labels.addObject().put("kind", "event").put("id", id(cls.definition() + "/" + cls.eventClass(), t))
                            .put("definition", cls.definition()).put("classKey", cls.eventClass()).put("time", t);
                }
            }
        }
        for (int c = 0; c < columns.size(); c++) {
            LeRobotInfo.FrameLabel column = columns.get(c);
            Object cell = cells[c];
            if ("phase".equals(column.type())) {
                int cls = cell instanceof Number n ? n.intValue() : -1;
                if (cls != runClass[c]) {
                    closeRun(c, t);
                    runClass[c] = cls >= 0 && cls < column.classes().size() ? cls : -1;
                    runStart[c] = t;
                }
            } else if ("event".equals(column.type()) && Boolean.TRUE.equals(cell)) {
                ObjectNode event = labels.addObject().put("kind", "event").put("id", id(column.column(), t))
                        .put("definition", column.definition()).put("classKey", column.eventClass());
                event.put("time", t);
            }
        }
        lastTime = t;
        count++;
    }

    private void closeRun(int c, long end) {
        if (runClass[c] >= 0 && end > runStart[c]) {
            LeRobotInfo.FrameLabel column = columns.get(c);
            labels.addObject().put("kind", "phase").put("id", id(column.column(), runStart[c]))
                    .put("definition", column.definition()).put("track", "main")
                    .put("classKey", column.classes().get(runClass[c])).put("start", runStart[c]).put("end", end);
        }
        runClass[c] = -1;
    }

    /** The ground truth JSON, or null when the dataset carries no Touchstone labels. */
    String finish(Map<String, Object> episodeValues, Map<String, List<LeRobotEpisode.Subtask>> subtasks) {
        if (!info.isTouchstoneExport()) {
            return null;
        }
        for (int c = 0; c < columns.size(); c++) {
            closeRun(c, lastTime);
        }
        for (Map.Entry<String, List<LeRobotEpisode.Subtask>> entry : subtasks.entrySet()) {
            LeRobotInfo.SubtaskDefinition definition = info.subtasks().get(entry.getKey());
            for (LeRobotEpisode.Subtask subtask : entry.getValue()) {
                String classKey = definition == null ? null : definition.classOf(subtask.name());
                long start = Math.round(subtask.start() * 1e9);
                long end = Math.round(subtask.end() * 1e9);
                if (classKey != null && end > start) {
                    labels.addObject().put("kind", "phase").put("id", id(entry.getKey() + "_subtask", start))
                            .put("definition", definition.definition()).put("track", "main")
                            .put("classKey", classKey).put("start", start).put("end", end);
                }
            }
        }
        for (LeRobotInfo.EpisodeLabel label : info.episodeLabels().values()) {
            Object value = episodeValues.get(label.column());
            if (value == null) {
                continue;
            }
            ObjectNode node = LeRobotInfo.JSON.createObjectNode().put("kind", "value")
                    .put("id", id(label.column(), 0)).put("definition", label.definition());
            node.putNull("segment");
            ArrayNode classes = node.putArray("classes");
            switch (label.type()) {
                case "category" -> {
                    if (value instanceof List<?> list) {
                        list.forEach(v -> classes.add(String.valueOf(v)));
                    } else {
                        classes.add(value.toString());
                    }
                }
                case "verdict" -> {
                    node.put("accept", Boolean.TRUE.equals(value));
                    if (episodeValues.get(label.column() + "/reasons") instanceof List<?> reasons) {
                        reasons.forEach(v -> classes.add(String.valueOf(v)));
                    }
                }
                case "rating", "number" -> {
                    if (value instanceof Number n) {
                        node.put("number", n.doubleValue());
                    }
                }
                case "text" -> node.put("text", value.toString());
                default -> {
                    continue;
                }
            }
            labels.add(node);
        }
        ObjectNode root = LeRobotInfo.JSON.createObjectNode();
        root.put("source", "Touchstone release exported as LeRobot " + info.version());
        root.put("schema", info.touchstoneSchema());
        root.put("frames", count);
        root.set("labels", labels);
        return LeRobotInfo.JSON.writeValueAsString(root);
    }

    private String id(String column, long t) {
        return UUID.nameUUIDFromBytes((episodeKey + "/" + column + "/" + t).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
