package dev.touchstone.release;

import dev.touchstone.TouchstoneSpringTest;
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
 * The LeRobot v3.0 and COCO exports of one release item against a real episode (a 100 Hz two-channel signal with a
 * gap, a 10 fps camera whose frames show their number as stripes, starting 30 ms after the episode), read back
 * with readers other than the writer: Apache Parquet's footer structures for the schema, DuckDB for the rows,
 * ffmpeg for the video frames, Jackson for COCO. Then the dataset is imported again and must give the same streams
 * and the same labels (times within one frame).
 */
@TouchstoneSpringTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseExportTest {

    static final long MS = 1_000_000L;
    static final long SECOND = 1_000_000_000L;
    static final String CAMERA = "cam";
    /** A stream name with a '/', which LeRobot reserves for nesting: the feature is arm.state. */
    static final String STATE = "arm/state";
    static final String FEATURE = "arm.state";
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
                    List.of(new SignalChannel("x", "m"), new SignalChannel("y", "m")));
            for (int i = 0; i < 400; i++) {
                if (i < 150 || i > 170) {
                    // a 220 ms gap (a dropout) from 1.5 s to 1.7 s
                    state.append(i * 10 * MS, i / 100.0, -i / 100.0);
                }
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
    void infoDeclaresTheFeaturesTheLabelColumnsAndTheResamplingRule() throws IOException {
        JsonNode info = json.readTree(dataset.resolve("meta/info.json").toFile());
        assertThat(info.path("codebase_version").asString()).isEqualTo("v3.0");
        assertThat(info.path("fps").asInt()).as("the camera's rate").isEqualTo(10);
        assertThat(info.path("total_episodes").asInt()).isEqualTo(1);
        assertThat(info.path("total_frames").asLong()).isEqualTo(frames());
        assertThat(info.path("robot_type").asString()).isEqualTo("h1");
        JsonNode features = info.path("features");
        assertThat(features.path(FEATURE).path("dtype").asString()).isEqualTo("float32");
        assertThat(features.path(FEATURE).path("names").toString()).isEqualTo("[\"x\",\"y\"]");
        assertThat(features.path(CAMERA).path("dtype").asString()).isEqualTo("video");
        assertThat(features.path(CAMERA).path("info").path("video.width").asInt()).isEqualTo(128);
        assertThat(features.path("label.phase").path("dtype").asString()).isEqualTo("int32");
        assertThat(features.path("label.contact.contact-on").path("dtype").asString()).isEqualTo("bool");
        JsonNode phase = info.path("touchstone").path("frame_labels").path("label.phase");
        assertThat(phase.path("classes").get(0).asString()).isEqualTo("reach");
        assertThat(phase.path("class_names").size()).isEqualTo(7);
        assertThat(info.path("touchstone").path("resampling").asString()).contains("zero-order hold");
        assertThat(info.path("touchstone").path("stream_names").path(FEATURE).asString()).isEqualTo(STATE);
        assertThat(Files.exists(dataset.resolve("meta/stats.json"))).isTrue();
    }

    @Test
    void parquetSchemaIsWhatLeRobotLoads() throws IOException {
        FileMetaData data = footer(dataset.resolve("data/chunk-000/file-000.parquet"));
        assertThat(data.getNum_rows()).isEqualTo(frames());
        Map<String, SchemaElement> columns = new HashMap<>();
        for (SchemaElement element : data.getSchema()) {
            columns.put(element.getName(), element);
        }
        assertThat(columns.get(FEATURE).getNum_children()).as("a list").isEqualTo(1);
        assertThat(columns.get("element").getType()).as("of float32").isEqualTo(Type.FLOAT);
        assertThat(columns.get("timestamp").getType()).isEqualTo(Type.FLOAT);
        for (String int64 : List.of("frame_index", "episode_index", "index", "task_index")) {
            assertThat(columns.get(int64).getType()).as(int64).isEqualTo(Type.INT64);
        }
        assertThat(columns.get("label.phase").getType()).isEqualTo(Type.INT32);
        assertThat(columns.get("label.contact.slip").getType()).isEqualTo(Type.BOOLEAN);
        assertThat(columns.get("timestamp").getRepetition_type()).isIn(FieldRepetitionType.OPTIONAL,
                FieldRepetitionType.REQUIRED);
        String huggingFace = data.getKey_value_metadata().stream().filter(kv -> kv.getKey().equals("huggingface"))
                .map(KeyValue::getValue).findFirst().orElseThrow();
        assertThat(json.readTree(huggingFace).path("info").path("features").path(FEATURE).path("length").asInt())
                .isEqualTo(2);

        FileMetaData episodes = footer(dataset.resolve("meta/episodes/chunk-000/file-000.parquet"));
        List<String> names = episodes.getSchema().stream().map(SchemaElement::getName).toList();
        assertThat(names).contains("episode_index", "tasks", "length", "data/chunk_index", "data/file_index",
                "dataset_from_index", "dataset_to_index", "videos/cam/chunk_index", "videos/cam/from_timestamp",
                "videos/cam/to_timestamp", "labels/grasp_outcome", "labels/quality", "labels/quality/reasons",
                "labels/object_mass", "labels/description");
        assertThat(footer(dataset.resolve("meta/tasks.parquet")).getNum_rows()).isEqualTo(2);
    }

    @Test
    void rowsHoldTheLatestValidSampleAndTheLabelsAsColumns() throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement();
             ResultSet rows = statement.executeQuery("SELECT \"arm.state\", timestamp, frame_index, "
                     + "\"label.phase\", \"label.contact.contact-on\", task_index FROM read_parquet('"
                     + dataset.resolve("data/chunk-000/file-000.parquet") + "') ORDER BY frame_index")) {
            int k = 0;
            List<Integer> contactFrames = new ArrayList<>();
            while (rows.next()) {
                Object[] state = (Object[]) ((Array) rows.getObject(1)).getArray();
                double x = k >= 15 && k <= 17 ? 1.49 : k / 10.0;
                assertThat(((Number) state[0]).doubleValue()).as("x at frame %d (held over the gap)", k)
                        .isCloseTo(x, within(1e-6));
                assertThat(((Number) state[1]).doubleValue()).as("y at frame %d", k).isCloseTo(-x, within(1e-6));
                assertThat(rows.getFloat(2)).isCloseTo(k / 10f, within(1e-6f));
                assertThat(rows.getInt(4)).as("phase at frame %d", k).isEqualTo(k * 100 < 1550 ? 0 : 1);
                if (rows.getBoolean(5)) {
                    contactFrames.add(k);
                }
                assertThat(rows.getLong(6)).isZero();
                k++;
            }
            assertThat(k).isEqualTo(frames());
            assertThat(contactFrames).as("the frame nearest to 2.04 s").containsExactly(20);
        }
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement();
             ResultSet rows = statement.executeQuery("SELECT tasks, \"labels/grasp_outcome\", \"labels/quality\", "
                     + "\"labels/quality/reasons\", \"labels/object_mass\", \"labels/description\", length, "
                     + "\"touchstone/episode_name\" FROM read_parquet('"
                     + dataset.resolve("meta/episodes/chunk-000/file-000.parquet") + "')")) {
            assertThat(rows.next()).isTrue();
            assertThat(strings(rows.getObject(1))).containsExactly("pick the cube", "picked the red cube");
            assertThat(strings(rows.getObject(2))).containsExactly("success");
            assertThat(rows.getBoolean(3)).isFalse();
            assertThat(strings(rows.getObject(4))).containsExactly("too_slow");
            assertThat(rows.getDouble(5)).isEqualTo(0.25);
            assertThat(rows.getString(6)).isEqualTo("picked the red cube");
            assertThat(rows.getLong(7)).isEqualTo(frames());
            assertThat(rows.getString(8)).isEqualTo("pick 7");
        }
    }

    @Test
    void videoShowsTheLatestSourceFrameAtEachFrameTime() throws Exception {
        List<Integer> numbers = LeRobotFixtures.frameNumbers(dataset.resolve("videos/cam/chunk-000/file-000.mp4"),
                work);
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
            assertThat(image.path("video").asString()).isEqualTo("videos/cam/chunk-000/file-000.mp4");
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
        long frame = SECOND / 10;
        List<Label.Phase> phases = roundTrip.stream().filter(Label.Phase.class::isInstance).map(Label.Phase.class::cast)
                .toList();
        assertThat(phases).extracting(Label.Phase::classKey).containsExactly("reach", "grasp");
        for (int i = 0; i < 2; i++) {
            Label.Phase want = (Label.Phase) labels.get(i);
            assertThat(phases.get(i).start()).as("start of %s", want.classKey()).isCloseTo(want.start(), within(frame));
            assertThat(phases.get(i).end()).as("end of %s", want.classKey()).isCloseTo(want.end(), within(frame));
        }
        List<Label.Event> events = roundTrip.stream().filter(Label.Event.class::isInstance)
                .map(Label.Event.class::cast).toList();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.classKey()).isEqualTo("contact-on");
            assertThat(e.time()).isCloseTo(2040 * MS, within(frame / 2));
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
        assertThat(LeRobotFixtures.frameNumbers(folder.resolve("videos/cam/chunk-000/file-000.mp4"), dir))
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
        assertThat(LeRobotFixtures.frameNumbers(folder.resolve("videos/cam/chunk-000/file-000.mp4"), dir))
                .isEqualTo(expected);
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement();
             ResultSet rows = statement.executeQuery("SELECT \"arm.state\"[1], timestamp FROM read_parquet('"
                     + folder.resolve("data/chunk-000/file-000.parquet") + "') ORDER BY frame_index")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getDouble(1)).as("x at the window's start").isCloseTo(2.0, within(1e-6));
            assertThat(rows.getFloat(2)).as("LeRobot time starts at 0").isZero();
        }
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
