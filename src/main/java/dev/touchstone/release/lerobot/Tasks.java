package dev.touchstone.release.lerobot;

import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelType;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LeRobot's language tasks (meta/tasks.parquet): the episode's descriptions (episode-level text labels) first, so
 * the annotated description is the task its frames' task_index points to, then the task the recording came with, or
 * the project name when it has neither, so every frame has a task_index.
 */
final class Tasks {

    private final LabelSchema schema;
    private final String projectName;
    private final Map<String, Integer> tasks = new LinkedHashMap<>();

    Tasks(LabelSchema schema, String projectName) {
        this.schema = schema;
        this.projectName = projectName;
    }

    /** The episode's tasks, each given an index the first time it is seen. */
    List<String> of(EpisodeDetail detail, List<Label> labels) {
        List<String> episodeTasks = new ArrayList<>();
        for (Label label : labels) {
            if (label instanceof Label.Value v && v.segment() == null && v.text() != null && !v.text().isBlank()
                    && schema.definition(v.definition()).map(d -> d.type() == LabelType.TEXT).orElse(false)) {
                episodeTasks.add(v.text().strip());
            }
        }
        String recorded = detail.episode().task().strip();
        if (!recorded.isEmpty() && !episodeTasks.contains(recorded)) {
            episodeTasks.add(recorded);
        }
        if (episodeTasks.isEmpty()) {
            episodeTasks.add(projectName);
        }
        for (String task : episodeTasks) {
            tasks.putIfAbsent(task, tasks.size());
        }
        return episodeTasks;
    }

    int index(String task) {
        return tasks.get(task);
    }

    int size() {
        return tasks.size();
    }

    void write(Path root, JsonMapper json) throws IOException {
        Path jsonLines = root.resolve("tasks.jsonl.tmp");
        try (OutputStream stream = Files.newOutputStream(jsonLines);
             JsonGenerator out = json.createGenerator(stream)) {
            for (Map.Entry<String, Integer> task : tasks.entrySet()) {
                out.writeStartObject();
                out.writeStringProperty("task", task.getKey());
                out.writeNumberProperty("task_index", task.getValue());
                out.writeEndObject();
                out.writeRaw('\n');
            }
        }
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("task", "VARCHAR");
        columns.put("task_index", "BIGINT");
        Parquet.write(jsonLines, root.resolve("meta/tasks.parquet"), columns, null);
        Files.delete(jsonLines);
    }
}
