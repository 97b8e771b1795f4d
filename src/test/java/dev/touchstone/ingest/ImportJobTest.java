package dev.touchstone.ingest;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.EpisodeFilter;
import dev.touchstone.dataset.EpisodeRow;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamKind;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.storage.BlobInfo;
import dev.touchstone.storage.BlobStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Import jobs through the real queue, recorder, blob store and database, with a test-only line format. */
@TouchstoneSpringTest
class ImportJobTest {

    @Autowired
    SignIn signIn;
    @Autowired
    ImportService imports;
    @Autowired
    DatasetService datasets;
    @Autowired
    BlobStore blobs;
    @Autowired
    CurrentOrganization organization;

    Dataset dataset;

    @BeforeEach
    void createDataset() {
        signIn.as("pm@acme.test");
        dataset = datasets.create("imports " + UUID.randomUUID(), "test");
    }

    @AfterEach
    void signOut() {
        signIn.out();
    }

    static String samples(int count, long stepNanos) {
        StringBuilder text = new StringBuilder("a,b\n");
        for (int i = 0; i < count; i++) {
            text.append(i * stepNanos).append(',').append(Math.sin(i / 10.0)).append(',').append(i).append('\n');
        }
        return text.toString();
    }

    ImportJob upload(String name, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return imports.importUpload(dataset.id(), name, new ByteArrayInputStream(bytes), bytes.length);
    }

    ImportJob awaitFinished(ImportJob job) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            ImportJob now = imports.job(job.id()).orElseThrow();
            if (now.finished()) {
                return now;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("import did not finish: " + imports.job(job.id()).orElseThrow());
    }

    List<EpisodeRow> episodes() {
        return datasets.episodes(dataset.id(), EpisodeFilter.NONE, 0, 100);
    }

    @Test
    void uploadedRecordingBecomesAnEpisodeWithStreamStatistics() throws Exception {
        // 1 kHz with one dropped sample (t = 500 ms missing)
        StringBuilder text = new StringBuilder("a,b\n");
        for (int i = 0; i < 1000; i++) {
            if (i != 500) {
                text.append(i * 1_000_000L).append(',').append(i * 0.001).append(',').append(-i).append('\n');
            }
        }
        ImportJob job = awaitFinished(upload("arm.tslines", text.toString()));

        assertThat(job.state()).isEqualTo(ImportState.SUCCEEDED);
        assertThat(job.episodesDone()).isEqualTo(1);
        assertThat(job.progress()).isEqualTo(1.0);
        List<EpisodeRow> rows = episodes();
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.name()).isEqualTo("arm");
            assertThat(row.robot()).isEqualTo("test-bot");
            assertThat(row.durationNanos()).isEqualTo(999_000_000L);
            assertThat(row.importJobId()).isEqualTo(job.id());
        });
        EpisodeDetail detail = datasets.episode(rows.getFirst().id()).orElseThrow();
        StreamInfo stream = detail.streams().getFirst();
        assertThat(stream.kind()).isEqualTo(StreamKind.SIGNAL);
        assertThat(stream.sampleCount()).isEqualTo(999);
        assertThat(stream.rateHz()).isEqualTo(1000.0);
        assertThat(stream.gapCount()).isEqualTo(1);
        assertThat(stream.droppedCount()).isEqualTo(1);
        assertThat(stream.maxIntervalNanos()).isEqualTo(2_000_000L);
        assertThat(stream.channels()).extracting(StreamInfo.Channel::name).containsExactly("a", "b");
        assertThat(stream.sourceFile()).isEqualTo("arm.tslines");
        assertThat(blobs.info(datasets.storedStream(stream.id()).orElseThrow().blobKey())).isPresent();
    }

    @Test
    void badFileFailsNamingFileStreamAndProblemAndLeavesNothing() throws Exception {
        List<String> before = episodeBlobs();
        ImportJob job = awaitFinished(upload("backwards.tslines", "a,b\n0,1,2\n5000,1,2\n4000,1,2\n"));

        assertThat(job.state()).isEqualTo(ImportState.FAILED);
        assertThat(job.error()).contains("backwards.tslines").contains("joints").contains("backwards");
        assertThat(episodes()).isEmpty();
        assertThat(episodeBlobs()).isEqualTo(before);

        ImportJob nan = awaitFinished(upload("nan.tslines", "a,b\n0,1,2\n1000,NaN,2\n"));
        assertThat(nan.state()).isEqualTo(ImportState.FAILED);
        assertThat(nan.error()).contains("nan.tslines").contains("'a'").contains("NaN");
        assertThat(episodes()).isEmpty();
        assertThat(stored(job.source())).as("a rejected upload is deleted").isEmpty();
        assertThat(stored(nan.source())).isEmpty();
    }

    private List<String> stored(String prefix) {
        assertThat(prefix).startsWith(organization.id() + "/uploads/");
        try (Stream<BlobInfo> all = blobs.list(prefix)) {
            return all.map(BlobInfo::key).toList();
        }
    }

    /**
     * 64 MiB of zeros compress to about 64 KB: at the default ratio of 100 the archive may unpack to about 6.5 MB,
     * so the job fails saying why, and its upload is deleted. Before, all 64 MiB were written to disk first.
     */
    @Test
    void aZipBombIsRefusedAndItsUploadDeleted() throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("bomb/zeros.tslines"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                out.write(zeros);
            }
            out.closeEntry();
        }
        byte[] bytes = zip.toByteArray();
        assertThat(bytes.length).isLessThan(100_000);
        ImportJob job = awaitFinished(imports.importUpload(dataset.id(), "bomb.zip", new ByteArrayInputStream(bytes),
                bytes.length));

        assertThat(job.state()).isEqualTo(ImportState.FAILED);
        assertThat(job.error()).contains("bomb.zip").contains("zip bomb").contains("100 times the archive's size")
                .contains("zeros.tslines");
        assertThat(episodes()).isEmpty();
        assertThat(stored(job.source())).as("the rejected upload is deleted").isEmpty();
    }

    /** Every episode blob of this organization: a failed import must not add any. */
    private List<String> episodeBlobs() {
        try (Stream<BlobInfo> all = blobs.list(organization.id() + "/episodes/")) {
            return all.map(BlobInfo::key).sorted().toList();
        }
    }

    @Test
    void oneBadEpisodeInAnArchiveDoesNotStopTheOthers() throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            entry(out, "session/good.tslines", samples(100, 10_000_000L));
            entry(out, "session/broken.tslines", "a,b\n0,1\n");
            entry(out, "session/README.txt", "notes");
        }
        byte[] bytes = zip.toByteArray();
        ImportJob job = awaitFinished(imports.importUpload(dataset.id(), "session.zip",
                new ByteArrayInputStream(bytes), bytes.length));

        assertThat(job.state()).isEqualTo(ImportState.COMPLETED_WITH_ERRORS);
        assertThat(job.episodesDone()).isEqualTo(1);
        assertThat(job.episodesFailed()).isEqualTo(1);
        assertThat(job.error()).contains("broken.tslines").contains("line 2");
        assertThat(job.notes()).anySatisfy(note -> assertThat(note).contains("README.txt")
                .contains("not a supported format"));
        assertThat(episodes()).extracting(EpisodeRow::name).containsExactly("good");
    }

    private static void entry(ZipOutputStream out, String name, String content) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(content.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }

    @Test
    void zipSlipArchiveIsRefused() throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            entry(out, "../../evil.tslines", samples(3, 1000));
        }
        byte[] bytes = zip.toByteArray();
        ImportJob job = awaitFinished(imports.importUpload(dataset.id(), "evil.zip",
                new ByteArrayInputStream(bytes), bytes.length));
        assertThat(job.state()).isEqualTo(ImportState.FAILED);
        assertThat(job.error()).contains("evil.zip").contains("outside");
    }

    @Test
    void cancellingARunningImportDiscardsTheEpisodeInProgress() throws Exception {
        ImportJob job = upload("slow.tslines", "a,b\n0,1,2\nslow\n1000,1,2\n");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (imports.job(job.id()).orElseThrow().state() != ImportState.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(imports.cancel(job.id())).isTrue();
        ImportJob finished = awaitFinished(job);

        assertThat(finished.state()).isEqualTo(ImportState.CANCELLED);
        assertThat(episodes()).isEmpty();
        assertThat(imports.cancel(job.id())).as("cancelling a finished import").isFalse();
    }

    @Autowired
    SystemImports systemImports;
    @Autowired
    dev.touchstone.organization.OrganizationProvisioning provisioning;

    @Test
    void generatedEpisodesImportWithEverySensorAndTheirGroundTruth() throws Exception {
        ImportJob job = awaitFinished(imports.generate(dataset.id(), 1, 42, true));

        assertThat(job.state()).as(String.valueOf(job.error())).isEqualTo(ImportState.SUCCEEDED);
        EpisodeDetail episode = datasets.episode(episodes().getFirst().id()).orElseThrow();
        assertThat(episode.streams()).extracting(StreamInfo::kind).contains(StreamKind.VIDEO, StreamKind.DEPTH,
                StreamKind.POINTCLOUD, StreamKind.SIGNAL, StreamKind.TACTILE);
        assertThat(episode.groundTruth()).contains("\"phases\"").contains("reach").contains("retract");
        StreamInfo forceTorque = episode.streams().stream().filter(s -> s.name().contains("force_torque"))
                .findFirst().orElseThrow();
        assertThat(forceTorque.rateHz()).isBetween(950.0, 1050.0);
        assertThat(episode.episode().durationNanos()).isBetween(19_000_000_000L, 21_000_000_000L);
    }

    @Test
    void demoEpisodesAreQueuedOnceIntoAnOrganizationWithoutDatasets() throws Exception {
        String slug = "demo-" + UUID.randomUUID().toString().substring(0, 8);
        var organization = provisioning.createOrganization(slug, "Demo test");
        assertThat(systemImports.queueDemoEpisodes(slug, "Synthetic", 1, 3, true)).isTrue();
        assertThat(systemImports.queueDemoEpisodes(slug, "Synthetic", 1, 3, true))
                .as("a restart must not add demo episodes twice").isFalse();
        signIn.out();
        // The organization has no members; look at its import through the command-line path's repository view.
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        List<ImportJob> jobs = List.of();
        while (System.nanoTime() < deadline) {
            jobs = systemImports.jobs(organization.id());
            if (!jobs.isEmpty() && jobs.getFirst().finished()) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(jobs).singleElement().satisfies(j -> {
            assertThat(j.state()).as(String.valueOf(j.error())).isEqualTo(ImportState.SUCCEEDED);
            assertThat(j.sourceKind()).isEqualTo(ImportSourceKind.GENERATOR);
            assertThat(j.episodesDone()).isEqualTo(1);
        });
    }

    @Test
    void theCommandLinePathImportsAFolderAndCreatesTheDataset(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("one.tslines"), samples(10, 1_000_000L));
        java.nio.file.Files.writeString(dir.resolve("two.tslines"), samples(20, 1_000_000L));
        List<String> printed = new java.util.ArrayList<>();
        String name = "cli " + UUID.randomUUID();
        List<ImportJob> jobs = systemImports.importPaths("acme", name, List.of(dir), printed::add);

        assertThat(jobs).singleElement().satisfies(j -> {
            assertThat(j.state()).isEqualTo(ImportState.SUCCEEDED);
            assertThat(j.sourceKind()).isEqualTo(ImportSourceKind.CLI);
            assertThat(j.episodesDone()).isEqualTo(2);
        });
        assertThat(printed).anySatisfy(line -> assertThat(line).contains("[2/2]").contains("two.tslines"));
        Dataset created = datasets.datasets().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
        assertThat(created.episodeCount()).isEqualTo(2);
        assertThatThrownBy(() -> systemImports.importPaths("no-such-org", name, List.of(dir), printed::add))
                .hasMessageContaining("No organization 'no-such-org'");
        assertThatThrownBy(() -> systemImports.importPaths("acme", name, List.of(dir.resolve("missing")),
                printed::add)).hasMessageContaining("No such file");
    }

    @Autowired
    ImportProperties importProperties;

    @Test
    void adminsImportFromAServerPathAndFromTheOrganizationsIncomingStorage() throws Exception {
        signIn.as("admin@acme.test");
        java.nio.file.Path root = importProperties.serverRoots().getFirst();
        java.nio.file.Path folder = java.nio.file.Files.createDirectories(root.resolve("session-"
                + UUID.randomUUID()));
        java.nio.file.Files.writeString(folder.resolve("left.tslines"), samples(50, 2_000_000L));
        ImportJob fromPath = awaitFinished(imports.importServerPath(dataset.id(), folder.toString()));
        assertThat(fromPath.state()).as(String.valueOf(fromPath.error())).isEqualTo(ImportState.SUCCEEDED);
        assertThat(fromPath.sourceKind()).isEqualTo(ImportSourceKind.SERVER_PATH);

        // A symbolic link inside the root that points outside it is refused like the outside path itself.
        java.nio.file.Path link = root.resolve("escape-" + UUID.randomUUID());
        java.nio.file.Files.createSymbolicLink(link, java.nio.file.Path.of("/etc"));
        assertThatThrownBy(() -> imports.importServerPath(dataset.id(), link.toString()))
                .hasMessageContaining("inside the folders imports may read");
        // A path that does not exist and one that exists outside the roots read alike: the message does not tell
        // which files exist on the server.
        String missing = "/etc/no-such-file-" + UUID.randomUUID();
        assertThatThrownBy(() -> imports.importServerPath(dataset.id(), missing))
                .hasMessage("Nothing to import at " + missing + ": give an existing file or folder inside the folders"
                        + " imports may read (" + root + ")");
        assertThatThrownBy(() -> imports.importServerPath(dataset.id(), "/etc/hostname"))
                .hasMessage("Nothing to import at /etc/hostname: give an existing file or folder inside the folders"
                        + " imports may read (" + root + ")");

        String batch = "robot-7/" + UUID.randomUUID() + "/";
        byte[] bytes = samples(30, 1_000_000L).getBytes(StandardCharsets.UTF_8);
        blobs.put(organization.id() + "/incoming/" + batch + "right.tslines", new ByteArrayInputStream(bytes),
                bytes.length);
        ImportJob fromStorage = awaitFinished(imports.importStoragePrefix(dataset.id(), batch));
        assertThat(fromStorage.state()).as(String.valueOf(fromStorage.error())).isEqualTo(ImportState.SUCCEEDED);
        assertThat(episodes()).extracting(EpisodeRow::name).containsExactlyInAnyOrder("left", "right");
        assertThatThrownBy(() -> imports.importStoragePrefix(dataset.id(), "../../"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whoMayImportWhatAndFromWhere() {
        assertThatThrownBy(() -> imports.importServerPath(dataset.id(), "/etc"))
                .as("server paths are for admins").isInstanceOf(AccessDeniedException.class);
        signIn.as("admin@acme.test");
        assertThatThrownBy(() -> imports.importServerPath(dataset.id(), "/etc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inside the folders imports may read");
        assertThatThrownBy(() -> imports.importStoragePrefix(dataset.id(), "nothing-here/"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Nothing is stored");
        signIn.as("annotator@acme.test");
        assertThatThrownBy(() -> upload("x.tslines", samples(2, 1000))).isInstanceOf(AccessDeniedException.class);
        signIn.as("admin@globex.test");
        assertThatThrownBy(() -> upload("x.tslines", samples(2, 1000)))
                .as("another organization's dataset does not exist for globex")
                .hasMessageContaining("No such dataset");
        assertThat(imports.jobs(null)).noneMatch(j -> j.datasetId().equals(dataset.id()));
    }
}
