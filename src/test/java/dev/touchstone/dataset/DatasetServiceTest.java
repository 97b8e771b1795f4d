package dev.touchstone.dataset;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.pointcloud.PointCloud;
import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.storage.BlobInfo;
import dev.touchstone.storage.BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Datasets, the episodes grid's filters, stream metadata and atomic recording, against the real database. */
@TouchstoneSpringTest
class DatasetServiceTest {

    @Autowired
    SignIn signIn;
    @Autowired
    DatasetService datasets;
    @Autowired
    EpisodeStore store;
    @Autowired
    CurrentOrganization current;
    @Autowired
    BlobStore blobs;

    @AfterEach
    void signOut() {
        signIn.out();
    }

    private UUID episode(UUID datasetId, String name, String robot, String task, long durationNanos)
            throws IOException {
        try (EpisodeRecorder recorder = store.record(current.id(), datasetId, null)) {
            recorder.describe(EpisodeDescription.of(name, name + ".mcap", "test").withRobot(robot).withTask(task));
            EpisodeRecorder.SignalStreamWriter joints = recorder.signal("joints", StreamSource.of(name + ".mcap"),
                    List.of(new SignalChannel("j1", "rad")));
            for (long t = 0; t <= durationNanos; t += 10_000_000L) {
                joints.append(t, Math.sin(t / 1e9));
            }
            return recorder.commit().id();
        }
    }

    @Test
    void filtersNarrowTheGridAndCountsAgree() throws IOException {
        signIn.as("pm@acme.test");
        Dataset dataset = datasets.create("filters " + UUID.randomUUID(), "");
        episode(dataset.id(), "left-pick-1", "aloha", "pick the cup", 2_000_000_000L);
        episode(dataset.id(), "left-pick-2", "aloha", "pick the cup", 5_000_000_000L);
        episode(dataset.id(), "right-place", "reachy2", "place the apple", 9_000_000_000L);

        assertThat(datasets.countEpisodes(dataset.id(), EpisodeFilter.NONE)).isEqualTo(3);
        assertThat(names(dataset, new EpisodeFilter(null, "aloha", null, null, null)))
                .containsExactly("left-pick-1", "left-pick-2");
        assertThat(names(dataset, new EpisodeFilter("APPLE", null, null, null, null))).containsExactly("right-place");
        assertThat(names(dataset, new EpisodeFilter(null, null, 3_000_000_000L, 6_000_000_000L, null)))
                .containsExactly("left-pick-2");
        assertThat(names(dataset, new EpisodeFilter("50%_", null, null, null, null)))
                .as("LIKE wildcards in the search text are literal").isEmpty();
        assertThat(datasets.countEpisodes(dataset.id(), new EpisodeFilter("pick", "aloha", null, null, null)))
                .isEqualTo(2);
        assertThat(datasets.robots(dataset.id())).containsExactly("aloha", "reachy2");
        assertThat(datasets.episodes(dataset.id(), EpisodeFilter.NONE, 1, 1)).extracting(EpisodeRow::name)
                .containsExactly("left-pick-2");
        assertThat(datasets.dataset(dataset.id()).orElseThrow().episodeCount()).isEqualTo(3);
    }

    private List<String> names(Dataset dataset, EpisodeFilter filter) {
        return datasets.episodes(dataset.id(), filter, 0, 100).stream().map(EpisodeRow::name).toList();
    }

    @Test
    void everyKindOfStreamKeepsItsFactsAndAnUncommittedEpisodeLeavesNothing() throws IOException {
        signIn.as("pm@acme.test");
        Dataset dataset = datasets.create("kinds " + UUID.randomUUID(), "");
        UUID id;
        try (EpisodeRecorder recorder = store.record(current.id(), dataset.id(), null)) {
            recorder.describe(EpisodeDescription.of("kinds", "kinds.bag", "test")
                    .withGroundTruth("{\"outcome\":\"success\"}"));
            var tactile = recorder.tactile("left tactile", StreamSource.of("kinds.bag"),
                    List.of(new SignalChannel("t0", "kPa"), new SignalChannel("t1", "kPa"),
                            new SignalChannel("t2", "kPa"), new SignalChannel("t3", "kPa")),
                    new TactileLayout(List.of(new TactileLayout.Pad("thumb", 2, 2))));
            for (int i = 0; i < 100; i++) {
                tactile.append(i * 10_000_000L, 1f, 2f, 3f, (float) i);
            }
            var cloud = recorder.pointCloud("lidar", new StreamSource("kinds.bag", "/points"));
            for (int i = 0; i < 10; i++) {
                cloud.append(i * 100_000_000L, PointCloud.of(new float[]{0, 0, 0, 1, 1, i}, null, null, List.of("x"),
                        0));
            }
            var depth = recorder.depth("depth", StreamSource.of("kinds.bag"),
                    new DepthFormat(4, 3, 0.001, 2, 2, 2, 1.5));
            depth.append(0, new short[12]);
            depth.append(66_000_000L, new short[12]);
            recorder.note("channel /diagnostics skipped");
            id = recorder.commit().id();
        }
        EpisodeDetail detail = datasets.episode(id).orElseThrow();
        assertThat(detail.groundTruth()).contains("success");
        assertThat(detail.notes()).containsExactly("channel /diagnostics skipped");
        assertThat(detail.episode().durationNanos()).isEqualTo(990_000_000L);
        StreamInfo tactileInfo = stream(detail, "left tactile");
        assertThat(tactileInfo.kind()).isEqualTo(StreamKind.TACTILE);
        assertThat(tactileInfo.properties().get("pads").toString()).contains("thumb");
        StreamInfo lidar = stream(detail, "lidar");
        assertThat(lidar.sampleCount()).isEqualTo(10);
        assertThat(lidar.rateHz()).isEqualTo(10.0);
        assertThat(lidar.sourceDetail()).isEqualTo("/points");
        assertThat(stream(detail, "depth").properties()).containsEntry("width", 4).containsEntry("metersPerUnit", 0.001);

        List<String> before = episodeBlobs();
        try (EpisodeRecorder abandoned = store.record(current.id(), dataset.id(), null)) {
            abandoned.describe(EpisodeDescription.of("abandoned", "x", "test"));
            var s = abandoned.signal("s", StreamSource.of("x"), List.of(new SignalChannel("a", "")));
            s.append(0, 1.0);
            s.append(1, 2.0);
            var empty = abandoned.pointCloud("empty", StreamSource.of("x"));
            assertThatThrownBy(abandoned::commit).isInstanceOf(StreamDataException.class)
                    .hasMessageContaining("'empty'").hasMessageContaining("no frames");
        }
        assertThat(episodeBlobs()).as("blobs stored before the failing stream are gone").isEqualTo(before);
        assertThat(datasets.countEpisodes(dataset.id(), EpisodeFilter.NONE)).isEqualTo(1);
    }

    private List<String> episodeBlobs() {
        try (Stream<BlobInfo> all = blobs.list(current.id() + "/episodes/")) {
            return all.map(BlobInfo::key).sorted().toList();
        }
    }

    private static StreamInfo stream(EpisodeDetail detail, String name) {
        return detail.streams().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void datasetsBelongToOneOrganizationAndOnlyManagersCreateThem() throws IOException {
        signIn.as("pm@acme.test");
        Dataset dataset = datasets.create("private " + UUID.randomUUID(), "");
        UUID episode = episode(dataset.id(), "secret", "aloha", "", 1_000_000_000L);
        UUID stream = datasets.episode(episode).orElseThrow().streams().getFirst().id();
        assertThatThrownBy(() -> datasets.create(dataset.name().toUpperCase(), ""))
                .hasMessageContaining("already a dataset");

        signIn.as("admin@globex.test");
        assertThat(datasets.datasets()).noneMatch(d -> d.id().equals(dataset.id()));
        assertThat(datasets.dataset(dataset.id())).isEmpty();
        assertThat(datasets.episode(episode)).isEmpty();
        assertThat(datasets.storedStream(stream)).isEmpty();
        assertThat(datasets.countEpisodes(dataset.id(), EpisodeFilter.NONE)).isZero();

        signIn.as("qa@acme.test");
        assertThat(datasets.episode(episode)).isPresent();
        assertThatThrownBy(() -> datasets.create("qa dataset", "")).isInstanceOf(AccessDeniedException.class);
        signIn.as("annotator@acme.test");
        assertThatThrownBy(() -> datasets.datasets()).isInstanceOf(AccessDeniedException.class);
        signIn.as("customer@acme.test");
        assertThatThrownBy(() -> datasets.episode(episode)).isInstanceOf(AccessDeniedException.class);
    }
}
