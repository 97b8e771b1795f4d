package dev.touchstone.ingest.video;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.dataset.EpisodeSummary;
import dev.touchstone.dataset.StoredStream;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamKind;
import dev.touchstone.dataset.VideoTestFiles;
import dev.touchstone.dataset.frames.FrameIndex;
import dev.touchstone.ingest.EpisodeSource;
import dev.touchstone.ingest.ImportProgress;
import dev.touchstone.organization.OrganizationService;
import dev.touchstone.storage.BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The real path: an MP4 imported through the episode store, committed, and read back as the player would. */
@TouchstoneSpringTest
class VideoImportSpringTest {

    @Autowired
    SignIn signIn;
    @Autowired
    OrganizationService organizations;
    @Autowired
    DatasetService datasets;
    @Autowired
    EpisodeStore store;
    @Autowired
    BlobStore blobs;
    @Autowired
    Mp4Importer importer;

    @TempDir
    Path work;

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void importedVideoIsStoredWithItsFrameTimestamps() throws Exception {
        // 4 fps with an offset start: the stored video must be shifted to 0, the index must keep the spacing
        Path mp4 = VideoTestFiles.clip(work, "head_cam.mp4", 8, 4, "-c:v", "libx264", "-pix_fmt", "yuv420p",
                "-output_ts_offset", "1.5");
        signIn.as("admin@acme.test");
        UUID organizationId = organizations.current().id();
        Dataset dataset = datasets.create("video import " + UUID.randomUUID(), "");

        EpisodeSource source = importer.episodes(mp4).getFirst();
        EpisodeSummary summary;
        try (EpisodeRecorder recorder = store.record(organizationId, dataset.id(), null)) {
            importer.read(source, recorder, ImportProgress.NONE);
            summary = recorder.commit();
        }

        EpisodeDetail detail = datasets.episode(summary.id()).orElseThrow();
        StreamInfo stream = detail.streams().stream().filter(s -> s.kind() == StreamKind.VIDEO).findFirst()
                .orElseThrow();
        assertThat(stream.name()).isEqualTo("head_cam");
        assertThat(stream.sampleCount()).isEqualTo(8);
        assertThat(stream.lastNanos()).isEqualTo(1_750_000_000L);
        assertThat(stream.properties()).containsEntry("codec", "h264").containsEntry("transcoded", false);

        StoredStream stored = datasets.storedStream(stream.id()).orElseThrow();
        assertThat(stored.blobKey()).endsWith("video.mp4");
        FrameIndex index;
        try (InputStream in = blobs.open(stored.indexBlobKey())) {
            index = FrameIndex.read(in, stored.indexBlobKey());
        }
        assertThat(index.size()).isEqualTo(8);
        assertThat(index.timestamp(3)).isEqualTo(750_000_000L);
        Path copy = work.resolve("stored.mp4");
        try (InputStream in = blobs.open(stored.blobKey())) {
            Files.copy(in, copy);
        }
        assertThat(Files.size(copy)).isPositive();
        assertThat(importer.accepts(copy)).as("the stored blob is a video").isTrue();
    }
}
