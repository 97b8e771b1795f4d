package dev.touchstone.ingest;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeFilter;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeRow;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.ingest.ui.ImportView;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.storage.BlobInfo;
import dev.touchstone.storage.BlobStore;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static dev.touchstone.ingest.ImportJobTest.samples;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an import leaves when its process dies (issue 18, items 9 and 10), through the real queue, watchdog,
 * recorder, blob store and database: the job is reported interrupted with what it kept, a job with a live runner is
 * left alone, a second import of the same recordings skips what is there, and a sweep removes what dead jobs left.
 */
@TouchstoneSpringTest
class ImportRecoveryTest {

    @org.springframework.beans.factory.annotation.Value("${touchstone.data-dir}")
    Path dataDir;
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
    @Autowired
    ImportJobRepository jobs;
    @Autowired
    EpisodeStore episodeStore;
    @Autowired
    ImportSweeper sweeper;
    @Autowired
    DSLContext dsl;

    Dataset dataset;

    @BeforeEach
    void createDataset() {
        signIn.as("pm@acme.test");
        dataset = datasets.create("recovery " + UUID.randomUUID(), "test");
    }

    @AfterEach
    void signOut() {
        signIn.out();
    }

    /**
     * The third episode's thread dies (an Error nothing catches, as close to a kill -9 as one JVM gets). While the
     * third is read the row already counts the two committed ones; once the runner is gone its heartbeat stops and
     * the watchdog reports the job FAILED with the two it kept, within seconds. Before, the row stayed "Running"
     * (until db-scheduler's dead-execution check minutes later, which then wrote 0 episodes done).
     */
    @Test
    void anImportWhoseRunnerDiesIsReportedInterruptedWithTheEpisodesItKept() throws Exception {
        byte[] zip = zip("session/a.tslines", samples(10, 1_000_000L),
                "session/b.tslines", samples(20, 1_000_000L),
                "session/c.tslines", "a,b\n0,1,2\npause\ndie\n");
        ImportJob job = imports.importUpload(dataset.id(), "session.zip", new ByteArrayInputStream(zip), zip.length);

        ImportJob third = await(job, j -> j.state() == ImportState.RUNNING
                && j.progressMessage().contains("Episode 3 of 3") && j.progressMessage().contains("pausing"),
                Duration.ofSeconds(60));
        assertThat(third.episodesDone()).as("committed episodes are counted as they commit").isEqualTo(2);

        long diedAround = System.nanoTime();
        ImportJob failed = await(job, ImportJob::finished, Duration.ofSeconds(40));
        long seconds = Duration.ofNanos(System.nanoTime() - diedAround).toSeconds();

        assertThat(failed.state()).isEqualTo(ImportState.FAILED);
        assertThat(failed.episodesDone()).isEqualTo(2);
        assertThat(failed.error()).isEqualTo("Interrupted: the server stopped while importing; 2 episodes were kept. "
                + "Start the import again: episodes already in the dataset are skipped.");
        assertThat(seconds).as("detected within seconds (heartbeat stale after 10 s, checked every 3 s)")
                .isLessThanOrEqualTo(ImportWatchdog.STALE.plus(ImportWatchdog.DETECT_EVERY).toSeconds() + 3);
        assertThat(episodes()).extracting(EpisodeRow::name).containsExactlyInAnyOrder("a", "b");
    }

    /**
     * One job's runner died a minute ago with one episode committed; another's runner (say on another replica)
     * keeps writing its heartbeat. Only the first is marked, with its kept count from the episode rows.
     */
    @Test
    void aStaleRunningJobIsFailedWithWhatItKeptAndAFreshOneIsLeftAlone() throws Exception {
        UUID dead = runningJob("/recordings/dead");
        UUID alive = runningJob("/recordings/alive");
        commitEpisode(dead, "kept-1");
        dsl.execute("update import_job set heartbeat_at = now() - interval '1 minute' where id = ?", dead);

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        ImportJob deadNow = job(dead);
        while (!deadNow.finished() && System.nanoTime() < deadline) {
            jobs.heartbeat(Set.of(alive));
            Thread.sleep(500);
            deadNow = job(dead);
        }
        // Two more detector rounds with the live one still beating.
        long more = System.nanoTime() + ImportWatchdog.DETECT_EVERY.multipliedBy(2).toNanos();
        while (System.nanoTime() < more) {
            jobs.heartbeat(Set.of(alive));
            Thread.sleep(500);
        }

        assertThat(deadNow.state()).isEqualTo(ImportState.FAILED);
        assertThat(deadNow.episodesDone()).isEqualTo(1);
        assertThat(deadNow.error()).startsWith("Interrupted: the server stopped while importing; 1 episode was kept.");
        assertThat(deadNow.finishedAt()).isNotNull();
        ImportJob aliveNow = job(alive);
        assertThat(aliveNow.state()).as("a job whose heartbeat is fresh is never touched")
                .isEqualTo(ImportState.RUNNING);
        assertThat(aliveNow.error()).isNull();
        assertThat(jobs.finish(alive, ImportState.SUCCEEDED, null, List.of(), 0, 0, 0)).isTrue();
    }

    /**
     * The second archive holds the first one's two recordings (one renamed) and a new one: only the new one is
     * imported and the two are counted as skipped. "Import again anyway" imports all three.
     */
    @Test
    void importingTheSameRecordingsAgainSkipsTheOnesTheDatasetHas() throws Exception {
        String a = samples(10, 1_000_000L);
        String b = samples(20, 1_000_000L);
        byte[] first = zip("day1/a.tslines", a, "day1/b.tslines", b);
        ImportJob one = awaitFinished(imports.importUpload(dataset.id(), "day1.zip", new ByteArrayInputStream(first),
                first.length));
        assertThat(one.state()).isEqualTo(ImportState.SUCCEEDED);
        assertThat(one.episodesDone()).isEqualTo(2);

        byte[] second = zip("day1-again/a-renamed.tslines", a, "day1-again/b.tslines", b,
                "day1-again/c.tslines", samples(30, 1_000_000L));
        ImportJob two = awaitFinished(imports.importUpload(dataset.id(), "day1-again.zip",
                new ByteArrayInputStream(second), second.length));

        assertThat(two.state()).isEqualTo(ImportState.SUCCEEDED);
        assertThat(two.episodesDone()).isEqualTo(1);
        assertThat(two.episodesSkipped()).isEqualTo(2);
        assertThat(two.episodesTotal()).isEqualTo(3);
        assertThat(two.notes()).contains("2 episodes were skipped: already imported into this dataset from the same "
                + "recording");
        assertThat(two.notes()).anySatisfy(note -> assertThat(note)
                .isEqualTo("Skipped a-renamed.tslines: already imported (episode 'a')"));
        assertThat(ImportView.episodesText(two)).isEqualTo("1 / 3 (2 skipped: already imported)");
        assertThat(episodes()).extracting(EpisodeRow::name).containsExactlyInAnyOrder("a", "b", "c");

        ImportJob again = awaitFinished(imports.importUpload(dataset.id(), "day1-again.zip",
                new ByteArrayInputStream(second), second.length, true));
        assertThat(again.state()).isEqualTo(ImportState.SUCCEEDED);
        assertThat(again.skipImported()).isFalse();
        assertThat(again.episodesDone()).isEqualTo(3);
        assertThat(again.episodesSkipped()).isZero();
        assertThat(episodes()).hasSize(6);
    }

    /**
     * A dead job's upload and work folder go, and so do episode blobs no episode references once no import of the
     * organization is live; a live job's upload and work folder stay, as do an episode's blobs, and episode blobs
     * while a live import might be committing them.
     */
    @Test
    void theSweepRemovesWhatDeadJobsLeftAndKeepsWhatLiveJobsAndEpisodesOwn() throws Exception {
        UUID org = organization.id();
        ImportJob imported = awaitFinished(imports.importUpload(dataset.id(), "kept.tslines",
                new ByteArrayInputStream(samples(10, 1_000_000L).getBytes(StandardCharsets.UTF_8)), -1));
        assertThat(imported.state()).isEqualTo(ImportState.SUCCEEDED);
        List<String> referenced = keys(org + "/episodes/" + episodes().getFirst().id() + "/");
        assertThat(referenced).isNotEmpty();

        String deadUpload = ImportSources.uploadPrefix(org, UUID.randomUUID());
        UUID dead = jobs.insert(org, dataset.id(), null, ImportSourceKind.UPLOAD, deadUpload);
        assertThat(jobs.start(dead)).isTrue();
        dsl.execute("update import_job set heartbeat_at = now() - interval '1 minute' where id = ?", dead);
        String liveUpload = ImportSources.uploadPrefix(org, UUID.randomUUID());
        UUID live = jobs.insert(org, dataset.id(), null, ImportSourceKind.UPLOAD, liveUpload);
        assertThat(jobs.start(live)).isTrue();
        put(deadUpload + "dead.tslines");
        put(liveUpload + "live.tslines");
        UUID orphanEpisode = UUID.randomUUID();
        String orphan = org + "/episodes/" + orphanEpisode + "/s0-signal/data.tssg";
        put(orphan);
        // What a kill in the middle of a write leaves in the filesystem store: the unfinished .part beside the
        // blobs, and a folder holding nothing else when the kill came during an episode's first write.
        Path episodeBlobs = dataDir.resolve("blobs").resolve(org.toString()).resolve("episodes");
        Path orphanPart = Files.writeString(episodeBlobs.resolve(orphanEpisode + "/s0-signal/.tmp-1.part"), "half");
        Path partOnly = Files.createDirectories(episodeBlobs.resolve(UUID.randomUUID() + "/s0-video"));
        Files.writeString(partOnly.resolve(".tmp-2.part"), "half a video");
        Path work = episodeStore.workRoot();
        Path deadWork = Files.createDirectories(work.resolve("job-" + dead).resolve("download"));
        Files.writeString(deadWork.resolve("x.tslines"), "12345");
        Path liveWork = Files.createDirectories(work.resolve("job-" + live));
        Files.writeString(liveWork.resolve("y.tslines"), "12345");
        Path episodeWork = Files.createDirectories(work.resolve("episode-" + UUID.randomUUID()));
        Files.writeString(episodeWork.resolve("s0.tssg"), "12345");
        // An episode's folder that nothing wrote to for an hour (a real one keeps changing while it is read).
        java.nio.file.attribute.FileTime hourAgo = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(Duration.ofHours(1)));
        Files.setLastModifiedTime(episodeWork.resolve("s0.tssg"), hourAgo);
        Files.setLastModifiedTime(episodeWork, hourAgo);
        Thread.sleep(50);
        jobs.heartbeat(Set.of(live));

        ImportSweeper.Swept first = sweeper.sweep(Duration.ZERO, Set::of);

        assertThat(keys(deadUpload)).as("a dead job's upload").isEmpty();
        assertThat(work.resolve("job-" + dead)).as("a dead job's work folder").doesNotExist();
        assertThat(keys(liveUpload)).as("a live job's upload").isNotEmpty();
        assertThat(liveWork.resolve("y.tslines")).as("a live job's work folder").exists();
        assertThat(keys(orphan)).as("may be a live import's episode in the middle of its commit").isNotEmpty();
        assertThat(partOnly.resolve(".tmp-2.part")).as("may be a live import's first write").exists();
        assertThat(episodeWork).as("may be a live import's episode being read").exists();
        Path fresh = Files.createDirectories(work.resolve("episode-" + UUID.randomUUID()));
        assertThat(keys(org + "/episodes/")).containsAll(referenced);
        assertThat(first.uploadBlobs()).isGreaterThanOrEqualTo(1);
        assertThat(first.workFolders()).isGreaterThanOrEqualTo(1);
        assertThat(first.workBytes()).isGreaterThanOrEqualTo(5);

        assertThat(jobs.finish(live, ImportState.SUCCEEDED, null, List.of(), 0, 0, 0)).isTrue();
        ImportSweeper.Swept second = sweeper.sweep(Duration.ZERO, Set::of);

        assertThat(keys(orphan)).as("no episode references it and no import is live").isEmpty();
        assertThat(orphanPart.getParent().getParent()).as("the orphan's folder, its .part too").doesNotExist();
        assertThat(partOnly.getParent()).as("a folder with only an unfinished write").doesNotExist();
        assertThat(keys(liveUpload)).as("its job finished").isEmpty();
        assertThat(liveWork).doesNotExist();
        assertThat(episodeWork).doesNotExist();
        assertThat(fresh).as("changed just now: an episode being read, maybe by another process").exists();
        Files.delete(fresh);
        assertThat(keys(org + "/episodes/")).containsAll(referenced);
        assertThat(second.episodeBlobs()).isGreaterThanOrEqualTo(1);
        assertThat(second.episodeBytes()).isGreaterThanOrEqualTo(5);
        assertThat(datasets.episode(episodes().getFirst().id())).isPresent();
    }

    private UUID runningJob(String source) {
        UUID id = jobs.insert(organization.id(), dataset.id(), null, ImportSourceKind.CLI, source);
        assertThat(jobs.start(id)).isTrue();
        return id;
    }

    private void commitEpisode(UUID jobId, String name) throws IOException {
        try (EpisodeRecorder recorder = episodeStore.record(organization.id(), dataset.id(), jobId, null)) {
            recorder.describe(EpisodeDescription.of(name, name + ".tslines", "test-lines"));
            EpisodeRecorder.SignalStreamWriter signal = recorder.signal("joints", new StreamSource(name, "lines"),
                    List.of(new SignalChannel("a", "rad")));
            signal.append(0, 1.0);
            signal.append(1_000_000, 2.0);
            recorder.commit();
        }
    }

    private void put(String key) {
        blobs.put(key, new ByteArrayInputStream("12345".getBytes(StandardCharsets.UTF_8)), 5);
    }

    private List<String> keys(String prefix) {
        try (Stream<BlobInfo> all = blobs.list(prefix)) {
            return all.map(BlobInfo::key).toList();
        }
    }

    private ImportJob job(UUID id) {
        return jobs.job(organization.id(), id).orElseThrow();
    }

    private List<EpisodeRow> episodes() {
        return datasets.episodes(dataset.id(), EpisodeFilter.NONE, 0, 100);
    }

    private ImportJob awaitFinished(ImportJob job) throws InterruptedException {
        return await(job, ImportJob::finished, Duration.ofSeconds(60));
    }

    private ImportJob await(ImportJob job, java.util.function.Predicate<ImportJob> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ImportJob now = job(job.id());
        while (!condition.test(now)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within " + timeout + ": " + now);
            }
            Thread.sleep(100);
            now = job(job.id());
        }
        return now;
    }

    private static byte[] zip(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                out.putNextEntry(new ZipEntry(namesAndContents[i]));
                out.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
