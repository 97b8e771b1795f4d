package dev.touchstone.release;

import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.release.lerobot.LeRobotDataset;
import dev.touchstone.storage.BlobStore;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * A release as a LeRobot v3.0 dataset folder (docs/release/formats.md): every release item (an accepted task: a
 * whole episode or a window of one) becomes one LeRobot episode, written by {@link LeRobotDataset}. This class
 * only joins the release's frozen rows to the dataset writer and hands each episode's frames to the COCO export,
 * whose boxes point into the dataset's videos.
 */
final class LeRobotExport {

    static final String FILE = ReleaseFile.LEROBOT;
    private static final TypeReference<List<Label>> LABELS = new TypeReference<>() {
    };

    private final JsonMapper json;
    private final CocoExport coco;
    private final LeRobotDataset dataset;

    LeRobotExport(Path root, JsonMapper json, BlobStore blobs, EpisodeStore episodes, UUID organizationId,
                  String projectName, LabelSchema schema, List<LabelSchema.Definition> included, CocoExport coco)
            throws IOException {
        this(root, json, blobs, episodes, organizationId, projectName, schema, included, coco, null);
    }

    /** @param mapping observation.state and action; null for the defaults from the first episode's streams */
    LeRobotExport(Path root, JsonMapper json, BlobStore blobs, EpisodeStore episodes, UUID organizationId,
                  String projectName, LabelSchema schema, List<LabelSchema.Definition> included, CocoExport coco,
                  LeRobotMapping mapping) throws IOException {
        this.json = json;
        this.coco = coco;
        this.dataset = new LeRobotDataset(root, json, blobs, episodes, organizationId, projectName, schema, included,
                mapping);
    }

    /**
     * One release item as the next LeRobot episode: the task's window (or the whole episode) cut to the episode's
     * accepted trim, if any (its labels were clipped to the trim by {@link TrimClip}).
     */
    void add(ReleaseRepository.ItemRow item) throws IOException {
        List<Label> labels = item.labels() == null ? List.of() : json.readValue(item.labels(), LABELS);
        Long start = item.windowStartNs();
        Long end = item.windowEndNs();
        if (item.trimStartNs() != null) {
            long from = Math.max(start == null ? 0 : start, item.trimStartNs());
            long to = end == null ? item.trimEndNs() : Math.min(end, item.trimEndNs());
            // A window wholly outside the trim keeps its own range (its labels are all clipped away).
            if (to > from) {
                start = from;
                end = to;
            }
        }
        LeRobotDataset.Written written = dataset.add(new LeRobotDataset.Item(item.taskId(), item.episodeId(),
                item.episodeName(), start, end, labels));
        if (coco != null && coco.hasBoxes()) {
            coco.add(written.episodeIndex(), written.episodeName(), item.taskId().toString(), written.times(),
                    written.fps(), labels, written.videoOf(), written.sizeOf());
        }
    }

    /** Videos whose frames were already on the grid, stream-copied instead of re-encoded. */
    int copiedVideos() {
        return dataset.copiedVideos();
    }

    /**
     * Finishes the dataset: the last data file, the episodes table, tasks, stats and info.json.
     *
     * @return the dataset folder
     */
    Path finish() throws IOException {
        return dataset.finish();
    }
}
