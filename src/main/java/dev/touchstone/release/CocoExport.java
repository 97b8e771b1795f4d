package dev.touchstone.release;

import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelType;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * COCO detection files for the release's 2D boxes, one per camera ({@code coco-<camera>.json}). The images are the
 * frames of the LeRobot export of the same release (episode, frame index, time and video file are on every image),
 * and a box track has an annotation on every such frame from its first to its last keyframe, interpolated as the
 * workspace shows it. Images and annotations go to temporary files while the release is walked and are joined into
 * one JSON object at the end, so memory holds nothing per box.
 */
final class CocoExport {

    static final String PREFIX = ReleaseFile.COCO_PREFIX;

    private final Path work;
    private final JsonMapper json;
    private final Map<String, Integer> categories = new LinkedHashMap<>();
    private final Map<String, String[]> categoryNames = new LinkedHashMap<>();
    private final Map<String, CameraFile> cameras = new LinkedHashMap<>();
    private final Map<String, Object> info;
    private long nextImage = 1;
    private long nextAnnotation = 1;

    private final class CameraFile {
        final Path images;
        final Path annotations;
        final OutputStream imageStream;
        final OutputStream annotationStream;
        final JsonGenerator imageOut;
        final JsonGenerator annotationOut;

        CameraFile() throws IOException {
            images = Files.createTempFile(work, "coco-images-", ".tmp");
            annotations = Files.createTempFile(work, "coco-annotations-", ".tmp");
            imageStream = Files.newOutputStream(images);
            annotationStream = Files.newOutputStream(annotations);
            imageOut = json.createGenerator(imageStream);
            annotationOut = json.createGenerator(annotationStream);
        }
    }

    CocoExport(Path work, JsonMapper json, List<LabelSchema.Definition> included, Map<String, Object> info) {
        this.work = work;
        this.json = json;
        this.info = info;
        for (LabelSchema.Definition d : included) {
            if (d.type() == LabelType.BOX2D) {
                for (LabelSchema.LabelClass c : d.classes()) {
                    int id = categories.size() + 1;
                    categories.put(d.key() + "/" + c.key(), id);
                    categoryNames.put(d.key() + "/" + c.key(), new String[]{c.key(), d.key(), c.name()});
                }
            }
        }
    }

    boolean hasBoxes() {
        return !categories.isEmpty();
    }

    /**
     * The boxes of one exported episode.
     *
     * @param times        episode time of each LeRobot frame
     * @param fps          the LeRobot dataset's frame rate
     * @param videoOf      the camera's video file in the LeRobot export, by camera name (may lack a camera)
     * @param sizeOf       width and height of each camera's images
     */
    void add(int episodeIndex, String episodeName, String taskId, long[] times, int fps, List<Label> labels,
             Map<String, String> videoOf, Map<String, int[]> sizeOf) throws IOException {
        Map<String, List<Label.BoxTrack>> byCamera = new LinkedHashMap<>();
        for (Label label : labels) {
            if (label instanceof Label.BoxTrack track && !track.keyframes().isEmpty()
                    && categories.containsKey(track.definition() + "/" + track.classKey())) {
                byCamera.computeIfAbsent(track.stream(), c -> new ArrayList<>()).add(track);
            }
        }
        for (Map.Entry<String, List<Label.BoxTrack>> entry : byCamera.entrySet()) {
            String camera = entry.getKey();
            CameraFile file = cameras.get(camera);
            if (file == null) {
                file = new CameraFile();
                cameras.put(camera, file);
            }
            int[] size = sizeOf.getOrDefault(camera, new int[]{0, 0});
            TreeSet<Integer> frames = new TreeSet<>();
            for (Label.BoxTrack track : entry.getValue()) {
                long first = track.keyframes().getFirst().time();
                long last = track.keyframes().getLast().time();
                for (int k = 0; k < times.length; k++) {
                    if (times[k] >= first && times[k] <= last) {
                        frames.add(k);
                    }
                }
            }
            Map<Integer, Long> imageIds = new LinkedHashMap<>();
            for (int k : frames) {
                long id = nextImage++;
                imageIds.put(k, id);
                JsonGenerator out = file.imageOut;
                out.writeStartObject();
                out.writeNumberProperty("id", id);
                out.writeStringProperty("file_name", String.format("%s/episode_%06d/frame_%06d.jpg", camera,
                        episodeIndex, k));
                out.writeNumberProperty("width", size[0]);
                out.writeNumberProperty("height", size[1]);
                out.writeNumberProperty("episode_index", episodeIndex);
                out.writeNumberProperty("frame_index", k);
                out.writeNumberProperty("timestamp", (double) k / fps);
                out.writeNumberProperty("episode_time_ns", times[k]);
                out.writeStringProperty("episode_name", episodeName);
                out.writeStringProperty("task_id", taskId);
                out.writeStringProperty("video", videoOf.get(camera));
                out.writeEndObject();
                out.writeRaw('\n');
            }
            for (Label.BoxTrack track : entry.getValue()) {
                int category = categories.get(track.definition() + "/" + track.classKey());
                long first = track.keyframes().getFirst().time();
                long last = track.keyframes().getLast().time();
                for (Map.Entry<Integer, Long> image : imageIds.entrySet()) {
                    long t = times[image.getKey()];
                    if (t < first || t > last) {
                        continue;
                    }
                    Label.BoxKey box = Label.boxAt(track.keyframes(), t);
                    double x = Math.max(0, box.x());
                    double y = Math.max(0, box.y());
                    double right = size[0] > 0 ? Math.min(size[0], box.x() + box.width()) : box.x() + box.width();
                    double bottom = size[1] > 0 ? Math.min(size[1], box.y() + box.height()) : box.y() + box.height();
                    double w = right - x;
                    double h = bottom - y;
                    if (w <= 0 || h <= 0) {
                        continue;
                    }
                    boolean keyframe = track.keyframes().stream().anyMatch(key -> key.time() == t);
                    JsonGenerator out = file.annotationOut;
                    out.writeStartObject();
                    out.writeNumberProperty("id", nextAnnotation++);
                    out.writeNumberProperty("image_id", image.getValue());
                    out.writeNumberProperty("category_id", category);
                    out.writeName("bbox");
                    out.writeStartArray();
                    out.writeNumber(round(x));
                    out.writeNumber(round(y));
                    out.writeNumber(round(w));
                    out.writeNumber(round(h));
                    out.writeEndArray();
                    out.writeNumberProperty("area", round(w * h));
                    out.writeNumberProperty("iscrowd", 0);
                    out.writeStringProperty("track_id", track.trackId());
                    out.writeName("attributes");
                    out.writeStartObject();
                    out.writeStringProperty("track_id", track.trackId());
                    out.writeStringProperty("definition", track.definition());
                    out.writeBooleanProperty("keyframe", keyframe);
                    out.writeEndObject();
                    out.writeEndObject();
                    out.writeRaw('\n');
                }
            }
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static String fileName(String camera) {
        return PREFIX + camera.replaceAll("[^A-Za-z0-9._-]", "_") + ".json";
    }

    /** Writes one COCO file per camera with boxes into {@code folder}; returns them. */
    List<Path> finish(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, CameraFile> entry : cameras.entrySet()) {
            CameraFile file = entry.getValue();
            file.imageOut.close();
            file.imageStream.close();
            file.annotationOut.close();
            file.annotationStream.close();
            Path out = folder.resolve(fileName(entry.getKey()));
            try (OutputStream stream = Files.newOutputStream(out)) {
                // the head goes through its own buffer: closing a generator closes the stream it writes to
                java.io.ByteArrayOutputStream headBytes = new java.io.ByteArrayOutputStream();
                try (JsonGenerator head = json.createGenerator(headBytes)) {
                    head.writeStartObject();
                    Map<String, Object> cameraInfo = new LinkedHashMap<>(info);
                    cameraInfo.put("camera", entry.getKey());
                    head.writePOJOProperty("info", cameraInfo);
                    head.writeName("licenses");
                    head.writeStartArray();
                    head.writeEndArray();
                    head.writeName("categories");
                    head.writeStartArray();
                    for (Map.Entry<String, Integer> category : categories.entrySet()) {
                        String[] names = categoryNames.get(category.getKey());
                        head.writeStartObject();
                        head.writeNumberProperty("id", category.getValue());
                        head.writeStringProperty("name", names[0]);
                        head.writeStringProperty("supercategory", names[1]);
                        head.writeStringProperty("display_name", names[2]);
                        head.writeEndObject();
                    }
                    head.writeEndArray();
                    head.writeName("images");
                    head.writeStartArray();
                    head.writeEndArray();
                }
                // everything up to the "images" name; the streamed arrays follow it
                String text = headBytes.toString(java.nio.charset.StandardCharsets.UTF_8);
                byte[] bytes = text.substring(0, text.lastIndexOf("\"images\":") + 9)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                stream.write(bytes);
                copyAsArray(file.images, stream);
                stream.write(",\"annotations\":".getBytes());
                copyAsArray(file.annotations, stream);
                stream.write("}\n".getBytes());
            }
            Files.delete(file.images);
            Files.delete(file.annotations);
            files.add(out);
        }
        return files;
    }

    /** Copies a file of one JSON value per line as a JSON array. */
    private static void copyAsArray(Path lines, OutputStream out) throws IOException {
        out.write('[');
        boolean first = true;
        byte[] buffer = new byte[1 << 16];
        boolean lineStart = true;
        try (InputStream in = Files.newInputStream(lines)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                int from = 0;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        out.write(buffer, from, i - from);
                        from = i + 1;
                        lineStart = true;
                    } else if (lineStart) {
                        out.write(buffer, from, i - from);
                        from = i;
                        if (!first) {
                            out.write(',');
                        }
                        first = false;
                        lineStart = false;
                    }
                }
                out.write(buffer, from, n - from);
            }
        }
        out.write(']');
    }
}
