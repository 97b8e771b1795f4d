package dev.touchstone.release;

import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.DepthFormat;
import dev.touchstone.dataset.StoredStream;
import dev.touchstone.dataset.frames.DepthFrames;
import dev.touchstone.dataset.frames.FrameIndex;
import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.dataset.EpisodeSummary;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.ingest.EpisodeSource;
import dev.touchstone.ingest.ImportProgress;
import dev.touchstone.ingest.lerobot.LeRobotFixtures;
import dev.touchstone.ingest.lerobot.LeRobotV30Importer;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelSchemaJson;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.storage.BlobStore;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.KeyValue;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Type;
import org.apache.parquet.format.Util;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The LeRobot v3.0 and COCO exports of one release item against a real episode (a 100 Hz joint stream with a
 * position and a velocity channel and a gap, a teleoperation command stream, a force-torque stream, a 10 fps camera
 * whose frames show their number as stripes, starting 30 ms after the episode), read back with readers other than
 * the writer and checked column by column against LeRobot's definitions (lerobot/datasets/language.py,
 * sarm_annotations/subtask_annotation.py, docs/release/formats.md): Apache Parquet's footer structures for the
 * schema, DuckDB for the rows, ffmpeg for the video frames, Jackson for info.json and COCO. Then the dataset is
 * imported again and must give the same streams and the same labels.
 */
@TouchstoneSpringTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseExportTest {

    static final long MS = 1_000_000L;
    static final long SECOND = 1_000_000_000L;
    static final String CAMERA = "cam";
    static final String CAMERA_FEATURE = "observation.images.cam";
    static final String VIDEO = "videos/observation.images.cam/chunk-000/file-000.mp4";
    /** Joint positions go to observation.state, the rest of the stream to observation.arm.joints. */
    static final String STATE = "arm/joints";
    static final String COMMAND = "arm/teleop_command";
    static final String FORCE = "wrist/force_torque";
    static final TypeReference<List<Label>> LABELS = new TypeReference<>() {
    };

    @Autowired EpisodeStore store;
    @Autowired OrganizationProvisioning provisioning;
    @Autowired BlobStore blobs;
    @Autowired JsonMapper json;
    @Autowired LeRobotV30Importer importer;

    Path work;
    UUID organization;
    EpisodeSummary episode;
    LabelSchema schema;
    List<Label> labels;
    Path dataset;
    List<Path> cocoFiles;

    @BeforeAll
    void export(@TempDir Path setup) throws Exception {
        work = setup;
        organization = provisioning.organization("acme").orElseThrow().id();
        UUID datasetId = store.ensureDataset(organization, "export " + UUID.randomUUID(), "");
        Path video = setup.resolve("cam.mp4");
        LeRobotFixtures.video(video, 40, 0, false);
        long[] frameTimes = new long[40];
        for (int i = 0; i < 40; i++) {
            frameTimes[i] = 30 * MS + i * 100 * MS;
        }
        try (EpisodeRecorder recorder = store.record(organization, datasetId, null)) {
            recorder.describe(EpisodeDescription.of("pick 7", "pick7.mcap", "test").withTask("pick the cube")
                    .withRobot("h1"));
            EpisodeRecorder.SignalStreamWriter state = recorder.signal(STATE, StreamSource.of("pick7.mcap"),
                    List.of(new SignalChannel("x/position", "m"), new SignalChannel("y/velocity", "m/s")));
            EpisodeRecorder.SignalStreamWriter command = recorder.signal(COMMAND, StreamSource.of("pick7.mcap"),
                    List.of(new SignalChannel("x/position", "m")));
            EpisodeRecorder.SignalStreamWriter force = recorder.signal(FORCE, StreamSource.of("pick7.mcap"),
                    List.of(new SignalChannel("fz", "N")));
            for (int i = 0; i < 400; i++) {
                if (i < 150 || i > 170) {
                    // a 220 ms gap (a dropout) from 1.5 s to 1.7 s
                    state.append(i * 10 * MS, i / 100.0, -i / 100.0);
                }
                command.append(i * 10 * MS, 1 + i / 100.0);
                force.append(i * 10 * MS, 2 * i / 100.0);
            }
            recorder.video(CAMERA, StreamSource.of("pick7.mcap"), video, frameTimes, 0);
            episode = recorder.commit();
        }
        schema = LabelSchemaJson.humanoidStarter();
        labels = List.of(
                new Label.Phase(UUID.randomUUID(), "phase", "main", "reach", 0, 1550 * MS),
                new Label.Phase(UUID.randomUUID(), "phase", "main", "grasp", 1550 * MS, episode.durationNanos()),
                new Label.Event(UUID.randomUUID(), "contact", "contact-on", 2040 * MS),
                new Label.Value(UUID.randomUUID(), "grasp_outcome", null, List.of("success"), null, null, null),
                new Label.Value(UUID.randomUUID(), "quality", null, List.of("too_slow"), null, false, null),
                new Label.Value(UUID.randomUUID(), "object_mass", null, List.of(), 0.25, null, null),
                new Label.Value(UUID.randomUUID(), "demo_quality", null, List.of(), 4.0, null, null),
                new Label.Value(UUID.randomUUID(), "description", null, List.of(), null, null, "picked the red cube"),
                new Label.BoxTrack(UUID.randomUUID(), "object_box", "target", "t1", CAMERA, List.of(
                        new Label.BoxKey(SECOND, 10, 10, 20, 20), new Label.BoxKey(3 * SECOND, 30, 10, 20, 20))));
        ReleaseRepository.ItemRow item = new ReleaseRepository.ItemRow(UUID.randomUUID(), episode.id(), "pick 7",
                null, null, json.writerFor(LABELS).writeValueAsString(labels), null, "{}", "[]", false, null, null,
                OffsetDateTime.now());

        CocoExport coco = new CocoExport(work, json, schema.definitions(), Map.of("version", "1"));
        LeRobotExport export = new LeRobotExport(work.resolve("lerobot"), json, blobs, store, organization,
                "export test", schema, schema.definitions(), coco);
        export.add(item);
        dataset = export.finish();
        cocoFiles = coco.finish(work);
    }

    @Test
    void infoDeclaresLeRobotsFeatureNamesTheLanguageColumnsAndTheResamplingRule() throws IOException {
        JsonNode info = json.readTree(dataset.resolve("meta/info.json").toFile());
        assertThat(info.path("codebase_version").asString()).isEqualTo("v3.0");
        assertThat(info.path("fps").asInt()).as("the camera's rate").isEqualTo(10);
        assertThat(info.path("total_episodes").asInt()).isEqualTo(1);
        assertThat(info.path("total_frames").asLong()).isEqualTo(frames());
        assertThat(info.path("robot_type").asString()).isEqualTo("h1");
        JsonNode features = info.path("features");
        assertThat(features.propertyNames()).containsExactly("observation.state", "action",
                "observation.arm.joints", "observation.wrist.force_torque", "timestamp", "frame_index",
                "episode_index", "index", "task_index", "language_persistent", "language_events", CAMERA_FEATURE);
        assertThat(features.path("observation.state").toString()).as("joint positions are the state")
                .isEqualTo("{\"dtype\":\"float32\",\"shape\":[1],\"names\":[\"arm/joints/x/position\"],\"fps\":10}");
        assertThat(features.path("action").path("names").toString()).as("the teleoperation command is the action")
                .isEqualTo("[\"arm/teleop_command/x/position\"]");
        assertThat(features.path("observation.arm.joints").path("names").toString()).isEqualTo("[\"y/velocity\"]");
        assertThat(features.path("observation.wrist.force_torque").path("names").toString()).isEqualTo("[\"fz\"]");
        for (String language : List.of("language_persistent", "language_events")) {
            // language.py language_feature_info()
            assertThat(features.path(language).toString()).as(language)
                    .isEqualTo("{\"dtype\":\"language\",\"names\":null,\"shape\":[1]}");
        }
        JsonNode camera = features.path(CAMERA_FEATURE);
        assertThat(camera.path("dtype").asString()).isEqualTo("video");
        assertThat(camera.path("shape").toString()).isEqualTo("[96,128,3]");
        assertThat(camera.path("info").path("video.width").asInt()).isEqualTo(128);
        assertThat(camera.path("info").path("video.is_depth_map").asBoolean(true)).isFalse();
        assertThat(features.has("label.phase")).as("phases are subtasks now, not a Touchstone column").isFalse();
        JsonNode touchstone = info.path("touchstone");
        assertThat(touchstone.path("subtasks").path("sparse").path("definition").asString()).isEqualTo("phase");
        assertThat(touchstone.path("subtasks").path("sparse").path("class_names").get(1).asString())
                .isEqualTo("Grasp");
        assertThat(touchstone.path("events").path("Contact on").path("class").asString()).isEqualTo("contact-on");
        assertThat(touchstone.path("resampling").asString()).contains("zero-order hold");
        assertThat(touchstone.path("stream_names").path(CAMERA_FEATURE).asString()).isEqualTo(CAMERA);
        assertThat(touchstone.path("streams").get(0).toString()).isEqualTo("{\"stream\":\"arm/joints\",\"channels\":["
                + "{\"name\":\"x/position\",\"feature\":\"observation.state\",\"index\":0},"
                + "{\"name\":\"y/velocity\",\"feature\":\"observation.arm.joints\",\"index\":0}]}");
        assertThat(Files.exists(dataset.resolve("meta/stats.json"))).isTrue();
        assertThat(Files.exists(dataset.resolve(VIDEO))).as("LeRobot's video path uses the feature key").isTrue();
    }

    @Test
    void parquetSchemaIsWhatLeRobotLoads() throws IOException {
        FileMetaData data = footer(dataset.resolve("data/chunk-000/file-000.parquet"));
        assertThat(data.getNum_rows()).isEqualTo(frames());
        Map<String, SchemaElement> columns = paths(data);
        for (String vector : List.of("observation.state", "action", "observation.arm.joints",
                "observation.wrist.force_torque")) {
            assertThat(columns.get(vector + "/list/element").getType()).as(vector + ": a list of float32")
                    .isEqualTo(Type.FLOAT);
        }
        assertThat(columns.get("timestamp").getType()).isEqualTo(Type.FLOAT);
        for (String int64 : List.of("frame_index", "episode_index", "index", "task_index")) {
            assertThat(columns.get(int64).getType()).as(int64).isEqualTo(Type.INT64);
        }
        // language.py: list<struct<role, content, style, timestamp: float32, camera, tool_calls: list<json>>>
        assertThat(children(data, "language_persistent/list/element")).containsExactly("role", "content", "style",
                "timestamp", "camera", "tool_calls");
        assertThat(columns.get("language_persistent/list/element/timestamp").getType()).isEqualTo(Type.FLOAT);
        assertThat(columns.get("language_persistent/list/element/role").getType()).isEqualTo(Type.BYTE_ARRAY);
        assertThat(columns.get("language_persistent/list/element/tool_calls/list/element").getType())
                .isEqualTo(Type.BYTE_ARRAY);
        assertThat(children(data, "language_events/list/element")).as("event rows have no timestamp")
                .containsExactly("role", "content", "style", "camera", "tool_calls");
        assertThat(columns.keySet()).noneMatch(c -> c.startsWith("label."));
        assertThat(columns.get("timestamp").getRepetition_type()).isIn(FieldRepetitionType.OPTIONAL,
                FieldRepetitionType.REQUIRED);
        String huggingFace = data.getKey_value_metadata().stream().filter(kv -> kv.getKey().equals("huggingface"))
                .map(KeyValue::getValue).findFirst().orElseThrow();
        JsonNode hf = json.readTree(huggingFace).path("info").path("features");
        assertThat(hf.path("observation.state").path("length").asInt()).isEqualTo(1);
        assertThat(hf.path("language_persistent").path("feature").path("timestamp").path("dtype").asString())
                .isEqualTo("float32");

        FileMetaData episodes = footer(dataset.resolve("meta/episodes/chunk-000/file-000.parquet"));
        Map<String, SchemaElement> episodeColumns = paths(episodes);
        assertThat(episodeColumns).containsKeys("episode_index", "tasks", "length", "data/chunk_index",
                "data/file_index", "dataset_from_index", "dataset_to_index",
                "videos/observation.images.cam/chunk_index", "videos/observation.images.cam/from_timestamp",
                "videos/observation.images.cam/to_timestamp", "labels/grasp_outcome", "labels/quality",
                "labels/quality/reasons", "labels/object_mass", "labels/demo_quality", "labels/description");
        // subtask_annotation.py save_annotations_to_dataset: names strings, times seconds, frames integers
        assertThat(episodeColumns.get("sparse_subtask_names/list/element").getType()).isEqualTo(Type.BYTE_ARRAY);
        assertThat(episodeColumns.get("sparse_subtask_start_times/list/element").getType()).isEqualTo(Type.DOUBLE);
        assertThat(episodeColumns.get("sparse_subtask_end_times/list/element").getType()).isEqualTo(Type.DOUBLE);
        assertThat(episodeColumns.get("sparse_subtask_start_frames/list/element").getType()).isEqualTo(Type.INT64);
        assertThat(episodeColumns.get("sparse_subtask_end_frames/list/element").getType()).isEqualTo(Type.INT64);
        assertThat(episodeColumns).as("the schema has one phase definition").doesNotContainKey("dense_subtask_names");
        assertThat(footer(dataset.resolve("meta/tasks.parquet")).getNum_rows()).isEqualTo(2);
    }

    @Test
    void rowsHoldTheLatestValidSampleOfEachFeature() throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement();
             ResultSet rows = statement.executeQuery("SELECT \"observation.state\", \"observation.arm.joints\", "
                     + "action, \"observation.wrist.force_torque\", timestamp, frame_index, task_index FROM "
                     + "read_parquet('" + dataset.resolve("data/chunk-000/file-000.parquet") + "') ORDER BY index")) {
            int k = 0;
            while (rows.next()) {
                double x = k >= 15 && k <= 17 ? 1.49 : k / 10.0;
                assertThat(first(rows.getObject(1))).as("x at frame %d (held over the gap)", k)
                        .isCloseTo(x, within(1e-6));
                assertThat(first(rows.getObject(2))).as("y at frame %d", k).isCloseTo(-x, within(1e-6));
                assertThat(first(rows.getObject(3))).as("command at frame %d", k).isCloseTo(1 + k / 10.0,
                        within(1e-6));
                assertThat(first(rows.getObject(4))).as("force at frame %d", k).isCloseTo(k / 5.0, within(1e-6));
                assertThat(rows.getFloat(5)).isEqualTo(k / 10f);
                assertThat(rows.getLong(6)).isEqualTo(k);
                assertThat(rows.getLong(7)).as("the description's task").isZero();
                k++;
            }
            assertThat(k).isEqualTo(frames());
        }
    }

    @Test
    void phasesAreSubtaskRowsStampedWithFrameTimestampsOnEveryFrame() throws Exception {
        Path data = dataset.resolve("data/chunk-000/file-000.parquet");
        float graspFrameTime;
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement();
             ResultSet row = statement.executeQuery("SELECT timestamp FROM read_parquet('" + data + "') "
                     + "WHERE frame_index = 16")) {
            assertThat(row.next()).isTrue();
            // grasp starts at 1.55 s: its first frame is frame 16 (1.6 s)
            graspFrameTime = row.getFloat(1);
        }
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement();
             ResultSet rows = statement.executeQuery("SELECT to_json(language_persistent) FROM read_parquet('"
                     + data + "') ORDER BY index")) {
            int k = 0;
            while (rows.next()) {
                JsonNode persistent = json.readTree(rows.getString(1));
                assertThat(persistent.size()).as("frame %d carries the episode's subtasks", k).isEqualTo(2);
                assertThat(persistent.get(0).toString()).isEqualTo("{\"role\":\"assistant\",\"content\":"
                        + "\"Reach\",\"style\":\"subtask\",\"timestamp\":0.0,\"camera\":null,\"tool_calls\":null}");
                assertThat(persistent.get(1).path("content").asString()).isEqualTo("Grasp");
                assertThat(persistent.get(1).path("style").asString()).isEqualTo("subtask");
                assertThat(persistent.get(1).path("timestamp").floatValue()).as("copied from frame 16's row")
                        .isEqualTo(graspFrameTime);
                k++;
            }
            assertThat(k).isEqualTo(frames());
        }
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement();
             ResultSet rows = statement.executeQuery("SELECT to_json(sparse_subtask_names), "
                     + "to_json(sparse_subtask_start_times), to_json(sparse_subtask_end_times), "
                     + "to_json(sparse_subtask_start_frames), to_json(sparse_subtask_end_frames) FROM read_parquet('"
                     + dataset.resolve("meta/episodes/chunk-000/file-000.parquet") + "')")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("[\"Reach\",\"Grasp\"]");
            assertThat(rows.getString(2)).as("seconds from the first frame").isEqualTo("[0.0,1.55]");
            assertThat(rows.getString(3)).as("grasp ends at the episode's end").isEqualTo("[1.55,3.99]");
            assertThat(rows.getString(4)).isEqualTo("[0,16]");
            assertThat(rows.getString(5)).as("exclusive: the first frame after the subtask").isEqualTo("[16,40]");
        }
    }

    @Test
    void eventsAreLanguageEventRowsOnTheirExactFrame() throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement();
             ResultSet rows = statement.executeQuery("SELECT frame_index, to_json(language_events) FROM "
                     + "read_parquet('" + dataset.resolve("data/chunk-000/file-000.parquet") + "') ORDER BY index")) {
            Map<Integer, String> withEvents = new HashMap<>();
            while (rows.next()) {
                JsonNode events = json.readTree(rows.getString(2));
                if (!events.isEmpty()) {
                    withEvents.put(rows.getInt(1), events.toString());
                }
            }
            assertThat(withEvents).as("the frame nearest to 2.04 s, and no other").containsOnlyKeys(20);
            assertThat(withEvents.get(20)).isEqualTo("[{\"role\":\"assistant\",\"content\":\"Contact on\","
                    + "\"style\":\"event\",\"camera\":null,\"tool_calls\":null}]");
        }
    }

    @Test
    void descriptionIsTheTaskAndEpisodeLabelsAreEpisodeColumns() throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement();
             ResultSet rows = statement.executeQuery("SELECT task, task_index FROM read_parquet('"
                     + dataset.resolve("meta/tasks.parquet") + "') ORDER BY task_index")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("picked the red cube");
            assertThat(rows.getLong(2)).isZero();
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).as("the recording's task follows").isEqualTo("pick the cube");
        }
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement();
             ResultSet rows = statement.executeQuery("SELECT tasks, \"labels/grasp_outcome\", \"labels/quality\", "
                     + "\"labels/quality/reasons\", \"labels/object_mass\", \"labels/description\", length, "
                     + "\"touchstone/episode_name\", \"labels/demo_quality\" FROM read_parquet('"
                     + dataset.resolve("meta/episodes/chunk-000/file-000.parquet") + "')")) {
            assertThat(rows.next()).isTrue();
            assertThat(strings(rows.getObject(1))).containsExactly("picked the red cube", "pick the cube");
            assertThat(strings(rows.getObject(2))).as("outcome").containsExactly("success");
            assertThat(rows.getBoolean(3)).as("verdict").isFalse();
            assertThat(strings(rows.getObject(4))).as("reasons").containsExactly("too_slow");
            assertThat(rows.getDouble(5)).isEqualTo(0.25);
            assertThat(rows.getString(6)).isEqualTo("picked the red cube");
            assertThat(rows.getLong(7)).isEqualTo(frames());
            assertThat(rows.getString(8)).isEqualTo("pick 7");
            assertThat(rows.getDouble(9)).as("rating").isEqualTo(4.0);
        }
    }

    @Test
    void videoShowsTheLatestSourceFrameAtEachFrameTime() throws Exception {
        List<Integer> numbers = LeRobotFixtures.frameNumbers(dataset.resolve(VIDEO), work);
        assertThat(numbers).hasSize(frames());
        List<Integer> expected = new ArrayList<>();
        for (int k = 0; k < frames(); k++) {
            // source frame i is at 30 ms + i * 100 ms: the latest at or before k * 100 ms is k - 1, the first before it
            expected.add(Math.max(0, k - 1));
        }
        assertThat(numbers).isEqualTo(expected);
    }

    @Test
    void cocoHasOneImagePerFrameOfTheTrackAndInterpolatedBoxes() throws IOException {
        assertThat(cocoFiles).extracting(p -> p.getFileName().toString()).containsExactly("coco-cam.json");
        JsonNode coco = json.readTree(cocoFiles.getFirst().toFile());
        assertThat(coco.path("categories").size()).isEqualTo(2);
        JsonNode target = coco.path("categories").get(0);
        assertThat(target.path("name").asString()).isEqualTo("target");
        assertThat(target.path("supercategory").asString()).isEqualTo("object_box");
        JsonNode images = coco.path("images");
        assertThat(images.size()).as("frames 10..30 (1 s to 3 s)").isEqualTo(21);
        Map<Long, JsonNode> byId = new HashMap<>();
        for (JsonNode image : images) {
            assertThat(image.path("width").asInt()).isEqualTo(128);
            assertThat(image.path("height").asInt()).isEqualTo(96);
            assertThat(image.path("video").asString()).isEqualTo(VIDEO);
            byId.put(image.path("id").asLong(), image);
        }
        JsonNode annotations = coco.path("annotations");
        assertThat(annotations.size()).isEqualTo(21);
        for (JsonNode annotation : annotations) {
            JsonNode image = byId.get(annotation.path("image_id").asLong());
            assertThat(image).as("every annotation's image exists").isNotNull();
            assertThat(annotation.path("category_id").asInt()).isEqualTo(target.path("id").asInt());
            double t = image.path("timestamp").asDouble();
            assertThat(annotation.path("bbox").get(0).asDouble()).as("x interpolated at %s s", t)
                    .isCloseTo(10 + 10 * (t - 1), within(0.01));
            assertThat(annotation.path("area").asDouble()).isCloseTo(400, within(0.01));
            assertThat(annotation.path("track_id").asString()).isEqualTo("t1");
        }
    }

    @Test
    void theDatasetImportsBackWithTheSameStreamsAndLabels() throws Exception {
        UUID datasetId = store.ensureDataset(organization, "round trip " + UUID.randomUUID(), "");
        List<EpisodeSource> sources = importer.episodes(dataset);
        assertThat(sources).hasSize(1);
        EpisodeSummary imported;
        try (EpisodeRecorder recorder = store.record(organization, datasetId, null)) {
            importer.read(sources.getFirst(), recorder, ImportProgress.NONE);
            imported = recorder.commit();
        }
        EpisodeDetail original = store.episode(organization, episode.id()).orElseThrow();
        EpisodeDetail back = store.episode(organization, imported.id()).orElseThrow();
        assertThat(back.episode().name()).isEqualTo("pick 7");
        assertThat(back.episode().task()).contains("pick the cube");
        assertThat(streams(back)).isEqualTo(streams(original));

        JsonNode truth = json.readTree(back.groundTruth());
        List<Label> roundTrip = json.readerFor(LABELS).readValue(truth.path("labels"));
        List<Label.Phase> phases = roundTrip.stream().filter(Label.Phase.class::isInstance).map(Label.Phase.class::cast)
                .toList();
        assertThat(phases).extracting(Label.Phase::classKey).containsExactly("reach", "grasp");
        for (int i = 0; i < 2; i++) {
            Label.Phase want = (Label.Phase) labels.get(i);
            assertThat(phases.get(i).definition()).isEqualTo("phase");
            assertThat(phases.get(i).start()).as("start of %s (SARM's seconds)", want.classKey())
                    .isEqualTo(want.start());
            assertThat(phases.get(i).end()).as("end of %s", want.classKey()).isEqualTo(want.end());
        }
        List<Label.Event> events = roundTrip.stream().filter(Label.Event.class::isInstance)
                .map(Label.Event.class::cast).toList();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.classKey()).isEqualTo("contact-on");
            assertThat(e.definition()).isEqualTo("contact");
            assertThat(e.time()).as("frame 20's time").isEqualTo(2 * SECOND);
        });
        Map<String, Label.Value> values = new HashMap<>();
        roundTrip.stream().filter(Label.Value.class::isInstance).map(Label.Value.class::cast)
                .forEach(v -> values.put(v.definition(), v));
        assertThat(values.get("grasp_outcome").classes()).containsExactly("success");
        assertThat(values.get("quality").accept()).isFalse();
        assertThat(values.get("quality").classes()).containsExactly("too_slow");
        assertThat(values.get("object_mass").number()).isEqualTo(0.25);
        assertThat(values.get("demo_quality").number()).isEqualTo(4.0);
        assertThat(values.get("description").text()).isEqualTo("picked the red cube");
    }

    @Test
    void anH264CameraAlreadyOnTheFrameGridIsCopiedNotReencoded(@TempDir Path dir) throws Exception {
        UUID datasetId = store.ensureDataset(organization, "aligned " + UUID.randomUUID(), "");
        Path video = dir.resolve("aligned.mp4");
        LeRobotFixtures.video(video, 20, 0, false);
        long[] frameTimes = new long[20];
        for (int i = 0; i < 20; i++) {
            frameTimes[i] = i * 100 * MS;
        }
        EpisodeSummary aligned;
        try (EpisodeRecorder recorder = store.record(organization, datasetId, null)) {
            recorder.describe(EpisodeDescription.of("aligned", "a.mcap", "test"));
            EpisodeRecorder.SignalStreamWriter state = recorder.signal(STATE, StreamSource.of("a.mcap"),
                    List.of(new SignalChannel("x", "m")));
            for (int i = 0; i < 190; i++) {
                state.append(i * 10 * MS, i / 100.0);
            }
            recorder.video(CAMERA, StreamSource.of("a.mcap"), video, frameTimes, 0);
            aligned = recorder.commit();
        }
        LeRobotExport export = new LeRobotExport(dir.resolve("lerobot"), json, blobs, store, organization, "aligned",
                schema, schema.definitions(), null);
        export.add(new ReleaseRepository.ItemRow(UUID.randomUUID(), aligned.id(), "aligned", null, null, "[]", null,
                "{}", "[]", false, null, null, OffsetDateTime.now()));
        Path folder = export.finish();
        assertThat(export.copiedVideos()).isEqualTo(1);
        assertThat(LeRobotFixtures.frameNumbers(folder.resolve(VIDEO), dir))
                .as("every source frame once, in order").isEqualTo(java.util.stream.IntStream.range(0, 20).boxed()
                        .toList());
    }

    @Test
    void aWindowStartsItsVideoAndSignalsAtTheWindow(@TempDir Path dir) throws Exception {
        LeRobotExport export = new LeRobotExport(dir.resolve("lerobot"), json, blobs, store, organization, "windows",
                schema, schema.definitions(), null);
        export.add(new ReleaseRepository.ItemRow(UUID.randomUUID(), episode.id(), "pick 7", 2 * SECOND, 3 * SECOND,
                "[]", null, "{}", "[]", false, null, null, OffsetDateTime.now()));
        Path folder = export.finish();
        List<Integer> expected = new ArrayList<>();
        for (int k = 0; k <= 10; k++) {
            // source frame i is at 30 ms + i * 100 ms: the latest at or before 2 s + k * 100 ms is 19 + k
            expected.add(19 + k);
        }
        assertThat(LeRobotFixtures.frameNumbers(folder.resolve(VIDEO), dir))
                .isEqualTo(expected);
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement();
             ResultSet rows = statement.executeQuery("SELECT \"observation.state\"[1], timestamp FROM read_parquet('"
                     + folder.resolve("data/chunk-000/file-000.parquet") + "') ORDER BY frame_index")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getDouble(1)).as("x at the window's start").isCloseTo(2.0, within(1e-6));
            assertThat(rows.getFloat(2)).as("LeRobot time starts at 0").isZero();
        }
    }

    @Test
    void aChosenMappingMakesStateAndActionAndTheRestStaysObservations(@TempDir Path dir) throws Exception {
        LeRobotMapping mapping = LeRobotMapping.parse("arm/joints: y/velocity, no_such_channel\n\nwrist/force_torque",
                "arm/teleop_command");
        assertThat(mapping.state()).extracting(LeRobotMapping.Selection::toString)
                .containsExactly("arm/joints: y/velocity, no_such_channel", "wrist/force_torque");
        LeRobotExport export = new LeRobotExport(dir.resolve("lerobot"), json, blobs, store, organization, "mapped",
                schema, schema.definitions(), null, mapping);
        export.add(new ReleaseRepository.ItemRow(UUID.randomUUID(), episode.id(), "pick 7", null, null, "[]", null,
                "{}", "[]", false, null, null, OffsetDateTime.now()));
        Path folder = export.finish();
        JsonNode info = json.readTree(folder.resolve("meta/info.json").toFile());
        JsonNode features = info.path("features");
        assertThat(features.path("observation.state").path("names").toString())
                .isEqualTo("[\"arm/joints/y/velocity\",\"wrist/force_torque/fz\"]");
        assertThat(features.path("action").path("names").toString()).isEqualTo("[\"arm/teleop_command/x/position\"]");
        assertThat(features.path("observation.arm.joints").path("names").toString()).isEqualTo("[\"x/position\"]");
        assertThat(features.has("observation.wrist.force_torque")).isFalse();
        assertThat(info.path("touchstone").path("notes").toString()).contains("no channel 'no_such_channel'");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement();
             ResultSet rows = statement.executeQuery("SELECT \"observation.state\" FROM read_parquet('"
                     + folder.resolve("data/chunk-000/file-000.parquet") + "') WHERE frame_index = 30")) {
            assertThat(rows.next()).isTrue();
            Object[] state = (Object[]) ((Array) rows.getObject(1)).getArray();
            assertThat(((Number) state[0]).doubleValue()).as("y at 3 s").isCloseTo(-3.0, within(1e-6));
            assertThat(((Number) state[1]).doubleValue()).as("fz at 3 s").isCloseTo(6.0, within(1e-6));
        }

        UUID datasetId = store.ensureDataset(organization, "mapped " + UUID.randomUUID(), "");
        EpisodeSummary imported;
        try (EpisodeRecorder recorder = store.record(organization, datasetId, null)) {
            importer.read(importer.episodes(folder).getFirst(), recorder, ImportProgress.NONE);
            imported = recorder.commit();
        }
        assertThat(streams(store.episode(organization, imported.id()).orElseThrow()))
                .as("observation.state and action are split back into the streams they came from")
                .isEqualTo(streams(store.episode(organization, episode.id()).orElseThrow()));
    }

    @Test
    void aSecondPhaseDefinitionIsSarmsDenseSubtasksAndAThirdKeepsItsOwnColumn(@TempDir Path dir) throws Exception {
        LabelSchema.Definition phase = schema.definition("phase").orElseThrow();
        LabelSchema.Definition contact = schema.definition("contact").orElseThrow();
        LabelSchema multi = new LabelSchema("multi", "", List.of(phase, copy(phase, "stage", "Stage"),
                copy(phase, "grip", "Grip"), contact, copy(contact, "contact_b", "Contact B")));
        List<Label> multiLabels = List.of(
                new Label.Phase(UUID.randomUUID(), "phase", "main", "reach", 0, 1550 * MS),
                new Label.Phase(UUID.randomUUID(), "stage", "main", "lift", 500 * MS, 2500 * MS),
                new Label.Phase(UUID.randomUUID(), "grip", "main", "place", SECOND, 2 * SECOND),
                new Label.Event(UUID.randomUUID(), "contact", "contact-on", 2040 * MS),
                new Label.Event(UUID.randomUUID(), "contact_b", "contact-off", 990 * MS));
        LeRobotExport export = new LeRobotExport(dir.resolve("lerobot"), json, blobs, store, organization, "multi",
                multi, multi.definitions(), null);
        export.add(new ReleaseRepository.ItemRow(UUID.randomUUID(), episode.id(), "pick 7", null, null,
                json.writerFor(LABELS).writeValueAsString(multiLabels), null, "{}", "[]", false, null, null,
                OffsetDateTime.now()));
        Path folder = export.finish();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement();
             ResultSet rows = statement.executeQuery("SELECT to_json(dense_subtask_names), "
                     + "to_json(dense_subtask_start_times), to_json(dense_subtask_end_times), "
                     + "to_json(dense_subtask_start_frames), to_json(dense_subtask_end_frames), "
                     + "to_json(sparse_subtask_names) FROM read_parquet('"
                     + folder.resolve("meta/episodes/chunk-000/file-000.parquet") + "')")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("[\"Lift\"]");
            assertThat(rows.getString(2)).isEqualTo("[0.5]");
            assertThat(rows.getString(3)).isEqualTo("[2.5]");
            assertThat(rows.getString(4)).isEqualTo("[5]");
            assertThat(rows.getString(5)).isEqualTo("[25]");
            assertThat(rows.getString(6)).isEqualTo("[\"Reach\"]");
        }
        Map<Integer, Integer> grip = new HashMap<>();
        Map<Integer, String> events = new HashMap<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement();
             ResultSet rows = statement.executeQuery("SELECT frame_index, \"label.grip\", "
                     + "to_json(language_events), to_json(language_persistent) FROM read_parquet('"
                     + folder.resolve("data/chunk-000/file-000.parquet") + "') ORDER BY index")) {
            while (rows.next()) {
                int k = rows.getInt(1);
                grip.put(k, rows.getInt(2));
                JsonNode rowEvents = json.readTree(rows.getString(3));
                rowEvents.forEach(e -> events.put(k, e.path("content").asString()));
                assertThat(json.readTree(rows.getString(4)).size()).as("only the first phase definition's subtasks")
                        .isEqualTo(1);
            }
        }
        for (Map.Entry<Integer, Integer> cell : grip.entrySet()) {
            assertThat(cell.getValue()).as("label.grip at frame %d", cell.getKey())
                    .isEqualTo(cell.getKey() >= 10 && cell.getKey() < 20 ? 4 : -1);
        }
        assertThat(events).as("class names shared by two event definitions are told apart by the definition's name")
                .containsExactlyInAnyOrderEntriesOf(Map.of(10, "Contact B: Contact off", 20, "Contact event: Contact on"));

        UUID datasetId = store.ensureDataset(organization, "multi " + UUID.randomUUID(), "");
        EpisodeSummary imported;
        try (EpisodeRecorder recorder = store.record(organization, datasetId, null)) {
            importer.read(importer.episodes(folder).getFirst(), recorder, ImportProgress.NONE);
            imported = recorder.commit();
        }
        JsonNode truth = json.readTree(store.episode(organization, imported.id()).orElseThrow().groundTruth());
        List<Label> back = json.readerFor(LABELS).readValue(truth.path("labels"));
        assertThat(back.stream().filter(Label.Phase.class::isInstance).map(Label.Phase.class::cast)
                .map(p -> p.definition() + " " + p.classKey() + " " + p.start() + "-" + p.end()).toList())
                .containsExactlyInAnyOrder("phase reach 0-" + 1550 * MS, "stage lift " + 500 * MS + "-" + 2500 * MS,
                        "grip place " + SECOND + "-" + 2 * SECOND);
        assertThat(back.stream().filter(Label.Event.class::isInstance).map(Label.Event.class::cast)
                .map(e -> e.definition() + " " + e.classKey() + " " + e.time()).toList())
                .containsExactlyInAnyOrder("contact contact-on " + 2 * SECOND, "contact_b contact-off " + SECOND);
    }

    @Test
    void aDepthCameraIsLeRobotsDepthVideoQuantisedAsLeRobotDoes(@TempDir Path dir) throws Exception {
        UUID datasetId = store.ensureDataset(organization, "depth " + UUID.randomUUID(), "");
        EpisodeSummary withDepth;
        try (EpisodeRecorder recorder = store.record(organization, datasetId, null)) {
            recorder.describe(EpisodeDescription.of("depth", "d.mcap", "test"));
            EpisodeRecorder.DepthStreamWriter depth = recorder.depth("head/depth", StreamSource.of("d.mcap"),
                    new DepthFormat(32, 24, 0.001, 0, 0, 0, 0));
            for (int i = 0; i < 10; i++) {
                short[] frame = new short[768];
                java.util.Arrays.fill(frame, (short) (500 + 250 * i));
                frame[0] = 0; // no depth at this pixel
                depth.append(i * 200 * MS, frame);
            }
            withDepth = recorder.commit();
        }
        LeRobotExport export = new LeRobotExport(dir.resolve("lerobot"), json, blobs, store, organization, "depth",
                schema, schema.definitions(), null);
        export.add(new ReleaseRepository.ItemRow(UUID.randomUUID(), withDepth.id(), "depth", null, null, "[]", null,
                "{}", "[]", false, null, null, OffsetDateTime.now()));
        Path folder = export.finish();
        JsonNode feature = json.readTree(folder.resolve("meta/info.json").toFile()).path("features")
                .path("observation.depth.head_depth");
        assertThat(feature.path("dtype").asString()).isEqualTo("video");
        assertThat(feature.path("shape").toString()).isEqualTo("[24,32,1]");
        JsonNode info = feature.path("info");
        assertThat(info.path("is_depth_map").asBoolean()).isTrue();
        assertThat(info.path("depth_unit").asString()).isEqualTo("mm");
        assertThat(info.path("video.pix_fmt").asString()).isEqualTo("gray12le");
        assertThat(info.path("video.codec").asString()).isEqualTo("hevc");
        assertThat(info.path("video.use_log").asBoolean()).isTrue();
        assertThat(footer(folder.resolve("meta/episodes/chunk-000/file-000.parquet")).getSchema())
                .extracting(SchemaElement::getName).contains("videos/observation.depth.head_depth/chunk_index");

        assertThat(lerobotQuantize(2750)).as("docs/release/formats.md's worked example").isEqualTo(1754);
        assertThat(lerobotDequantize(1754)).isCloseTo(2750.14, within(0.005));
        // 30 fps without a camera; the last depth frame is at 1.8 s: 55 frames
        Path video = folder.resolve("videos/observation.depth.head_depth/chunk-000/file-000.mp4");
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-i", video.toString(), "-f",
                "rawvideo", "-pix_fmt", "gray12le", "-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] raw = ffmpeg.getInputStream().readAllBytes();
        assertThat(ffmpeg.waitFor()).isZero();
        assertThat(raw.length).isEqualTo(55 * 768 * 2);
        for (int k = 0; k < 55; k++) {
            int base = k * 768 * 2;
            int noDepth = (raw[base] & 0xff) | (raw[base + 1] & 0xff) << 8;
            int code = (raw[base + 2] & 0xff) | (raw[base + 3] & 0xff) << 8;
            // frame k at k / 30 s holds depth frame floor(k / 6), taken at (k / 6) * 200 ms
            double millimetres = 500 + 250 * (k / 6);
            assertThat(noDepth).as("no depth is code 0 (depth_min) at frame %d", k).isZero();
            assertThat(code).as("lossless 12-bit log code at frame %d", k).isEqualTo(lerobotQuantize(millimetres));
            assertThat(lerobotDequantize(code)).as("within a quantum (under 1.5 mm here) at frame %d", k)
                    .isCloseTo(millimetres, within(1.5));
        }

        UUID back = store.ensureDataset(organization, "depth back " + UUID.randomUUID(), "");
        EpisodeSummary imported;
        try (EpisodeRecorder recorder = store.record(organization, back, null)) {
            importer.read(importer.episodes(folder).getFirst(), recorder, ImportProgress.NONE);
            imported = recorder.commit();
        }
        StreamInfo stream = store.episode(organization, imported.id()).orElseThrow().streams().stream()
                .filter(st -> st.name().equals("head/depth")).findFirst().orElseThrow();
        assertThat(stream.kind()).isEqualTo(dev.touchstone.dataset.StreamKind.DEPTH);
        assertThat(stream.sampleCount()).as("a depth frame per row").isEqualTo(55);
        StoredStream stored = store.storedStreams(organization, imported.id()).stream()
                .filter(st -> st.id().equals(stream.id())).findFirst().orElseThrow();
        FrameIndex index;
        try (InputStream in = blobs.open(stored.indexBlobKey())) {
            index = FrameIndex.read(in, "index");
        }
        for (int k : List.of(0, 30, 54)) {
            byte[] bytes;
            try (InputStream in = blobs.open(stored.blobKey())) {
                in.skipNBytes(index.offset(k));
                bytes = in.readNBytes(index.length(k));
            }
            DepthFrames.DepthFrame frame = DepthFrames.decode(bytes, "frame " + k);
            assertThat(index.timestamp(k)).as("frame %d at its row's time", k).isCloseTo(Math.round(k * 1e9 / 30),
                    within(1000L));
            assertThat(Short.toUnsignedInt(frame.depth()[1])).as("millimetres back at frame %d", k)
                    .isCloseTo(500 + 250 * (k / 6), within(2));
            assertThat(Short.toUnsignedInt(frame.depth()[0])).as("no depth comes back as depth_min").isEqualTo(10);
        }
    }

    /** depth_utils.quantize_depth with configs/video.py's defaults, in millimetres. */
    private static int lerobotQuantize(double millimetres) {
        double low = Math.log(10 + 3500.0);
        double high = Math.log(10_000 + 3500.0);
        return (int) Math.max(0, Math.min(4095, Math.rint((Math.log(millimetres + 3500) - low) / (high - low)
                * 4095)));
    }

    private static double lerobotDequantize(int code) {
        double low = Math.log(10 + 3500.0);
        double high = Math.log(10_000 + 3500.0);
        return Math.exp(low + code / 4095.0 * (high - low)) - 3500;
    }

    private static LabelSchema.Definition copy(LabelSchema.Definition d, String key, String name) {
        return new LabelSchema.Definition(key, name, d.type(), d.scope(), d.segmentOf(), false, null, d.help(),
                d.helpMedia(), d.classes(), d.multiple(), d.min(), d.max(), d.unit(), d.maxLength(), d.toleranceMs(),
                d.agreementDistances());
    }

    /** Name, kind and channel names of each stream: what a round trip must keep. */
    private static List<String> streams(EpisodeDetail detail) {
        return detail.streams().stream().map(s -> s.name() + " " + s.kind() + " "
                + s.channels().stream().map(StreamInfo.Channel::name).toList()).sorted().toList();
    }

    private int frames() {
        // 10 fps from 0 to the episode's end (the signal's last sample at 3.99 s)
        return (int) (episode.durationNanos() * 10 / SECOND) + 1;
    }

    private static double first(Object cell) throws SQLException {
        return ((Number) ((Object[]) ((Array) cell).getArray())[0]).doubleValue();
    }

    /** Every schema element by its path (names joined with '/'), from the footer's depth-first element list. */
    private static Map<String, SchemaElement> paths(FileMetaData metadata) {
        Map<String, SchemaElement> out = new java.util.LinkedHashMap<>();
        walk(metadata.getSchema(), new int[]{1}, "", metadata.getSchema().getFirst().getNum_children(), out);
        return out;
    }

    private static void walk(List<SchemaElement> schema, int[] next, String prefix, int count,
                             Map<String, SchemaElement> out) {
        for (int i = 0; i < count; i++) {
            SchemaElement element = schema.get(next[0]++);
            String path = prefix + element.getName();
            out.put(path, element);
            if (element.isSetNum_children()) {
                walk(schema, next, path + "/", element.getNum_children(), out);
            }
        }
    }

    /** The names of a group's children, in order. */
    private static List<String> children(FileMetaData metadata, String group) {
        String prefix = group + "/";
        return paths(metadata).keySet().stream().filter(p -> p.startsWith(prefix)
                && !p.substring(prefix.length()).contains("/")).map(p -> p.substring(prefix.length())).toList();
    }

    private static List<String> strings(Object cell) throws SQLException {
        List<String> out = new ArrayList<>();
        for (Object o : (Object[]) ((Array) cell).getArray()) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    /** The parquet footer, read with Apache Parquet's own Thrift structures. */
    private static FileMetaData footer(Path file) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long size = in.length();
            byte[] tail = new byte[8];
            in.seek(size - 8);
            in.readFully(tail);
            assertThat(new String(tail, 4, 4)).isEqualTo("PAR1");
            int length = ByteBuffer.wrap(tail, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            byte[] footer = new byte[length];
            in.seek(size - 8 - length);
            in.readFully(footer);
            return Util.readFileMetaData(new ByteArrayInputStream(footer));
        }
    }
}
