package dev.touchstone.ingest.bundle;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.EpisodeFilter;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.dataset.EpisodeSummary;
import dev.touchstone.dataset.StreamDataException;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamKind;
import dev.touchstone.ingest.EpisodeSource;
import dev.touchstone.ingest.ImportProgress;
import dev.touchstone.ingest.generator.EpisodeGenerator;
import dev.touchstone.ingest.generator.GeneratorOptions;
import dev.touchstone.ingest.generator.Realism;
import dev.touchstone.organization.OrganizationService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The real path: a generated bundle imported through the episode store, committed, and read back. */
@TouchstoneSpringTest
class BundleImportSpringTest {

    @Autowired
    SignIn signIn;
    @Autowired
    OrganizationService organizations;
    @Autowired
    DatasetService datasets;
    @Autowired
    EpisodeStore store;
    @Autowired
    BundleImporter importer;

    @TempDir
    Path work;

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void aGeneratedEpisodeIsStoredWithEveryStreamAndItsGroundTruth() throws Exception {
        Path bundle = work.resolve("episode_0000");
        // Without disturbances: a slow operator would stretch the 8 s this test checks the import keeps.
        new EpisodeGenerator(GeneratorOptions.small().withDuration(8).withRealism(Realism.none()))
                .generate(bundle, "generated episode", 21);
        signIn.as("admin@acme.test");
        UUID organizationId = organizations.current().id();
        Dataset dataset = datasets.create("bundle import " + UUID.randomUUID(), "");

        assertThat(importer.accepts(work)).isTrue();
        EpisodeSource source = importer.episodes(work).getFirst();
        EpisodeSummary summary;
        try (EpisodeRecorder recorder = store.record(organizationId, dataset.id(), null)) {
            importer.read(source, recorder, ImportProgress.NONE);
            summary = recorder.commit();
        }

        EpisodeDetail detail = datasets.episode(summary.id()).orElseThrow();
        assertThat(detail.episode().name()).isEqualTo("generated episode");
        assertThat(detail.groundTruth()).contains("\"phases\"").contains("\"contact_on\"");
        Map<String, StreamInfo> streams = detail.streams().stream()
                .collect(Collectors.toMap(StreamInfo::name, Function.identity()));
        assertThat(streams).hasSize(13);
        assertThat(streams.get("head_camera").kind()).isEqualTo(StreamKind.VIDEO);
        assertThat(streams.get("head_camera").rateHz()).isCloseTo(30, within(1.0));
        assertThat(streams.get("wrist_camera").kind()).isEqualTo(StreamKind.VIDEO);
        assertThat(streams.get("head_depth").kind()).isEqualTo(StreamKind.DEPTH);
        assertThat(streams.get("head_lidar").kind()).isEqualTo(StreamKind.POINTCLOUD);
        assertThat(streams.get("head_lidar").rateHz()).isCloseTo(10, within(0.5));
        assertThat(streams.get("left_hand/tactile").kind()).isEqualTo(StreamKind.TACTILE);
        assertThat(streams.get("left_hand/tactile").channels()).hasSize(80);
        assertThat(streams.get("right_wrist/force_torque").kind()).isEqualTo(StreamKind.SIGNAL);
        assertThat(streams.get("right_wrist/force_torque").rateHz()).isCloseTo(1000, within(20.0));
        assertThat(streams.get("left_arm/joints").channels()).hasSize(21);
        assertThat(summary.durationNanos()).isBetween(7_500_000_000L, 8_000_000_000L);
        // The generator's factors arrive as the episode's metadata (what GET /api/v1/episodes/{id} shows).
        assertThat(detail.metadata()).containsKeys("object", "lighting", "surface", "operator", "object_x",
                "object_y", "object_yaw").containsEntry("variant", "real").containsEntry("bundleVersion", "1");
        assertThat(detail.metadata().get("operator")).isEqualTo(detail.episode().operator());
    }

    @Test
    void moreVideoTimestampsThanFramesFailNamingTheVideoAndLeaveNoEpisode() throws Exception {
        Path bundle = work.resolve("broken");
        new EpisodeGenerator(GeneratorOptions.small().withDuration(5)).generate(bundle, "broken", 22);
        Path timestamps = bundle.resolve("video/wrist_camera.timestamps.npy");
        long[] times;
        try (NpyReader in = NpyReader.open(timestamps, "ts")) {
            times = in.readAllLongs(10_000);
        }
        try (NpyWriter out = NpyWriter.create(timestamps, NpyDtype.INT64)) {
            for (long t : times) {
                out.append(t);
            }
            out.append(times[times.length - 1] + 33_000_000L);
        }
        signIn.as("admin@acme.test");
        UUID organizationId = organizations.current().id();
        Dataset dataset = datasets.create("bundle import " + UUID.randomUUID(), "");

        EpisodeSource source = importer.episodes(bundle).getFirst();
        assertThatThrownBy(() -> {
            try (EpisodeRecorder recorder = store.record(organizationId, dataset.id(), null)) {
                importer.read(source, recorder, ImportProgress.NONE);
                recorder.commit();
            }
        }).isInstanceOf(StreamDataException.class)
                .hasMessageContaining("broken/video/wrist_camera.mp4")
                .hasMessageContaining("stream 'wrist_camera'")
                .hasMessageContaining("frames but " + (times.length + 1) + " frame timestamps");
        assertThat(datasets.countEpisodes(dataset.id(), EpisodeFilter.NONE)).isZero();
        assertThat(Files.exists(bundle.resolve("manifest.json"))).as("the bundle itself is untouched").isTrue();
    }
}
