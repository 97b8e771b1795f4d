package dev.touchstone.release;

import dev.touchstone.ApiClient;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.audit.AuditService;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelSchemaJson;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.labeling.LabelType;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.storage.BlobInfo;
import dev.touchstone.storage.BlobStore;
import dev.touchstone.storage.BlobStoreException;
import dev.touchstone.workflow.NewProject;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkflowService;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18 items 10 and 11 against the real database and blob store: a build that fails on a full disk (the blob
 * store's ENOSPC, PostgreSQL's disk_full raised by PostgreSQL itself) shows words a person can act on, in the row and
 * in the API, while the log has the details under the same reference; a building release whose heartbeat went
 * stale is failed as interrupted and a fresh one is left alone; the sweep removes the files of failed and unknown
 * releases (a killed write's {@code .part} too) and keeps those of a live build, of ready releases and of an
 * organization this database does not know.
 */
@TouchstoneSpringTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class ReleaseRecoveryTest {

    @Autowired SignIn signIn;
    @Autowired WorkflowService workflow;
    @Autowired DatasetService datasets;
    @Autowired LabelSchemaService schemas;
    @Autowired OrganizationProvisioning provisioning;
    @Autowired ReleaseRepository repository;
    @Autowired ReleaseRecovery recovery;
    @Autowired ReleaseHeartbeats heartbeats;
    @Autowired AuditService audit;
    @Autowired EpisodeStore episodes;
    @Autowired BlobStore blobs;
    @Autowired DSLContext dsl;
    @Autowired JsonMapper json;
    @Value("${touchstone.data-dir}") Path dataDir;
    @LocalServerPort int port;

    UUID acme;
    UUID pm;
    Project project;

    @BeforeAll
    void project() throws IOException {
        acme = provisioning.organization("acme").orElseThrow().id();
        pm = dsl.resultQuery("select id from app_user where email = 'pm@acme.test'").fetchSingle(0, UUID.class);
        signIn.as("pm@acme.test");
        try {
            Dataset dataset = datasets.create("recovery " + UUID.randomUUID(), "");
            try (EpisodeRecorder recorder = episodes.record(acme, dataset.id(), null)) {
                recorder.describe(EpisodeDescription.of("episode 0", "x.mcap", "test"));
                recorder.signal("joints", StreamSource.of("x.mcap"), List.of(new SignalChannel("j1", "rad")))
                        .append(0, 0.0);
                recorder.commit();
            }
            LabelSchema starter = LabelSchemaJson.humanoidStarter();
            UUID version = schemas.create(new LabelSchema("recovery " + UUID.randomUUID(), "", starter.definitions()))
                    .id();
            project = workflow.createProject(NewProject.of("recovery " + UUID.randomUUID(), dataset.id(), version, 2,
                    0, 600));
        } finally {
            signIn.out();
        }
    }

    // --- item 11: words a person can act on ----------------------------------------------------------------------

    @Test
    void aBlobStoreOutOfSpaceShowsTheFullDiskNotTheException(CapturedOutput log) throws Exception {
        UUID id = release();
        ReleaseBuilder builder = new ReleaseBuilder(repository, fullDisk(blobs), json, audit, episodes, heartbeats,
                dataDir, event -> { });
        builder.run(id);

        String error = error(id);
        assertThat(error).startsWith("The server's disk is full: the release could not be written. Free space or ask "
                + "an administrator, then build it again").contains("Error reference R-")
                .doesNotContain("No space left", "blobs", "labels.jsonl", "Exception");
        String reference = error.replaceAll(".*Error reference (R-[0-9A-F]{8}).*", "$1");
        assertThat(log.getOut()).as("the details are logged under the reference")
                .contains("Release " + id + " failed, error reference " + reference)
                .contains("No space left on device");

        ApiClient manager = ApiClient.signedIn(port, json, "pm@acme.test");
        JsonNode release = json.readTree(manager.get("/api/v1/releases/" + id).body());
        assertThat(release.path("state").asString()).isEqualTo("FAILED");
        assertThat(release.path("progress").path("error").asString()).isEqualTo(error);
        assertThat(json.readTree(manager.get("/api/v1/releases/" + id + "/progress").body()).path("error").asString())
                .isEqualTo(error);
        assertThat(dsl.resultQuery("select details->>'error' from audit_event where action = 'release.failed' and "
                + "target_id = ?", id.toString()).fetchSingle(0, String.class)).isEqualTo(error);
        assertThat(work(acme, id)).as("no work folder left").doesNotExist();
    }

    @Test
    void aDatabaseOutOfSpaceShowsTheDatabasesDiskNotTheSql(CapturedOutput log) {
        UUID id = release();
        ReleaseRepository fullDatabase = new ReleaseRepository(dsl, json) {
            @Override
            Batch copyBatch(BuildRow release, UUID after, int limit, String[] definitions, String[] verdicts) {
                // PostgreSQL itself raises disk_full (53100), with the words it uses when it cannot extend a table.
                dsl.execute("do $$ begin raise exception 'could not extend file \"base/5/16384.3\": No space left "
                        + "on device' using errcode = 'disk_full', hint = 'Check free disk space.'; end $$");
                throw new AssertionError("not reached");
            }
        };
        new ReleaseBuilder(fullDatabase, blobs, json, audit, episodes, heartbeats, dataDir, event -> { }).run(id);

        assertThat(error(id)).startsWith("The database's disk is full: the release could not be saved.")
                .doesNotContain("SQL", "do $$", "base/5", "No space left");
        assertThat(log.getOut()).contains("could not extend file");
    }

    @Test
    void anyOtherErrorShowsOnlyTheReference() {
        UUID id = release();
        ReleaseRepository broken = new ReleaseRepository(dsl, json) {
            @Override
            Batch copyBatch(BuildRow release, UUID after, int limit, String[] definitions, String[] verdicts) {
                dsl.execute("select no_such_column from release");
                throw new AssertionError("not reached");
            }
        };
        new ReleaseBuilder(broken, blobs, json, audit, episodes, heartbeats, dataDir, event -> { }).run(id);

        assertThat(error(id)).matches("The release could not be built \\(error reference R-[0-9A-F]{8}\\); details "
                + "are in the server log\\. Build it again under a new version, or ask an administrator\\.");
    }

    // --- item 10: interrupted builds ------------------------------------------------------------------------------

    @Test
    void aBuildWhoseHeartbeatStoppedIsInterruptedAndAFreshOneIsLeftAlone() {
        UUID stale = release();
        UUID fresh = release();
        UUID queued = release();
        dsl.execute("update release set heartbeat_at = now() - interval '30 seconds' where id = ?", stale);
        dsl.execute("update release set heartbeat_at = now() where id = ?", fresh);
        UUID lost = dsl.resultQuery("""
                insert into release (organization_id, project_id, version, label_types, schema_version_id, created_by,
                                     created_at)
                values (?, ?, ?, '{phase}', ?, ?, now() - interval '5 minutes') returning id""",
                acme, project.id(), version(), project.schemaVersionId(), pm).fetchSingle(0, UUID.class);

        recovery.detect();

        assertThat(state(stale)).isEqualTo("failed");
        assertThat(error(stale)).isEqualTo("Interrupted: the server stopped while building this release; build it "
                + "again under a new version.");
        assertThat(state(fresh)).as("a fresh heartbeat: a live build on some replica").isEqualTo("building");
        assertThat(state(queued)).as("just made, waiting for a worker").isEqualTo("building");
        assertThat(state(lost)).as("never started and no job queued after minutes").isEqualTo("failed");
        assertThat(dsl.resultQuery("select count(*)::int from audit_event where action = 'release.failed' and "
                + "target_id = ?", stale.toString()).fetchSingle(0, Integer.class)).isEqualTo(1);
    }

    @Test
    void aBuildRunningOnThisServerIsNeverInterruptedWhateverItsStamp() {
        UUID id = release();
        try (ReleaseHeartbeats.Beat beat = heartbeats.start(id)) {
            dsl.execute("update release set heartbeat_at = now() - interval '1 minute' where id = ?", id);
            recovery.detect();
            assertThat(state(id)).isEqualTo("building");
            assertThat(beat.lost()).isFalse();
            dsl.execute("update release set heartbeat_at = now() - interval '1 minute' where id = ?", id);
        }
        recovery.detect();
        assertThat(state(id)).as("once its build ended here, the stale stamp counts").isEqualTo("failed");
    }

    @Test
    void aBuildThatAnotherServerFailedLearnsItAtItsNextHeartbeat() throws Exception {
        UUID id = release();
        try (ReleaseHeartbeats.Beat beat = heartbeats.start(id)) {
            dsl.execute("update release set state = 'failed', error = 'x', finished_at = now() where id = ?", id);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!beat.lost()) {
                assertThat(System.nanoTime()).as("the next heartbeat notices").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }

    // --- item 10: the sweep ---------------------------------------------------------------------------------------

    @Test
    void theSweepRemovesFilesOfDeadBuildsAndKeepsLiveAndReadyOnes() throws Exception {
        UUID failed = release();
        dsl.execute("update release set state = 'failed', error = 'x', finished_at = now() where id = ?", failed);
        UUID killedWhileWriting = release();
        dsl.execute("update release set state = 'failed', error = 'x', finished_at = now() where id = ?",
                killedWhileWriting);
        UUID missing = UUID.randomUUID();
        UUID live = release();
        dsl.execute("update release set heartbeat_at = now() where id = ?", live);
        UUID ready = release();
        dsl.execute("""
                update release set state = 'ready', report = '{}', task_count = 0, finished_at = now()
                 where id = ?""", ready);
        UUID otherOrganization = UUID.randomUUID();

        put(acme, failed, "labels.jsonl");
        Path failedPart = part(acme, failed);
        Path onlyPart = part(acme, killedWhileWriting);
        put(acme, missing, "labels.jsonl");
        put(acme, live, "labels.jsonl");
        Path livePart = part(acme, live);
        put(acme, ready, "labels.jsonl");
        put(acme, ready, "lerobot-v3.0.zip");
        put(otherOrganization, UUID.randomUUID(), "labels.jsonl");
        Path failedWork = workFile(work(acme, failed));
        Path missingWork = workFile(work(acme, missing));
        Path readyWork = workFile(work(acme, ready));
        Path liveWork = workFile(work(acme, live));
        Path legacyWork = workFile(ReleaseBuilder.workRoot(dataDir).resolve("release-" + failed + "8812345"));
        Path otherWork = workFile(work(otherOrganization, UUID.randomUUID()));

        ReleaseRecovery.Swept swept = recovery.sweep();

        assertThat(swept.blobFolders()).isGreaterThanOrEqualTo(3);
        assertThat(keys(acme, failed)).isEmpty();
        assertThat(failedPart).doesNotExist();
        assertThat(onlyPart).as("a folder with nothing but a killed write").doesNotExist();
        assertThat(onlyPart.getParent()).doesNotExist();
        assertThat(keys(acme, missing)).as("a release this database does not have").isEmpty();
        assertThat(keys(acme, live)).containsExactly(ReleaseBuilder.key(acme, live, "labels.jsonl"));
        assertThat(livePart).as("a live build's write in progress").exists();
        assertThat(keys(acme, ready)).hasSize(2);
        assertThat(blobs.list("releases/" + otherOrganization + "/").count())
                .as("an organization of another database sharing the store").isEqualTo(1);

        assertThat(failedWork).doesNotExist();
        assertThat(missingWork).doesNotExist();
        assertThat(readyWork).doesNotExist();
        assertThat(legacyWork).doesNotExist();
        assertThat(liveWork).exists();
        assertThat(otherWork).exists();
    }

    // -------------------------------------------------------------------------------------------------------------

    private UUID release() {
        return repository.insert(acme, project.id(), version(), "", false, EnumSet.allOf(LabelType.class),
                project.schemaVersionId(), pm, null);
    }

    private static String version() {
        return String.valueOf(Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 999_999_999L) + 1);
    }

    private String error(UUID id) {
        return dsl.resultQuery("select error from release where id = ?", id).fetchSingle(0, String.class);
    }

    private String state(UUID id) {
        return dsl.resultQuery("select state from release where id = ?", id).fetchSingle(0, String.class);
    }

    private void put(UUID organization, UUID release, String file) {
        byte[] bytes = ("content of " + file).getBytes(StandardCharsets.UTF_8);
        blobs.put(ReleaseBuilder.key(organization, release, file), new ByteArrayInputStream(bytes), bytes.length);
    }

    /** What a write killed half-way leaves in the filesystem store: its temporary file beside the blob. */
    private Path part(UUID organization, UUID release) throws IOException {
        Path folder = dataDir.resolve("blobs").resolve(ReleaseBuilder.folder(organization, release));
        Files.createDirectories(folder);
        return Files.writeString(folder.resolve(".tmp-4711.part"), "half a zip");
    }

    private Path work(UUID organization, UUID release) {
        return ReleaseBuilder.workRoot(dataDir).resolve(organization.toString()).resolve(release.toString());
    }

    private static Path workFile(Path folder) throws IOException {
        Files.createDirectories(folder.resolve("datasets/lerobot"));
        return Files.writeString(folder.resolve("datasets/lerobot/episode.jsonl.tmp"), "{}").getParent().getParent()
                .getParent();
    }

    private List<String> keys(UUID organization, UUID release) {
        try (Stream<BlobInfo> list = blobs.list(ReleaseBuilder.folder(organization, release))) {
            return list.map(BlobInfo::key).toList();
        }
    }

    /** The blob store as it answers on a full disk: the JDK's ENOSPC inside the store's own exception. */
    private static BlobStore fullDisk(BlobStore store) {
        return new BlobStore() {
            @Override
            public BlobInfo put(String key, InputStream content, long length) {
                throw full(key);
            }

            @Override
            public BlobInfo put(String key, Path file) {
                throw full(key);
            }

            private BlobStoreException full(String key) {
                IOException enospc = new IOException("No space left on device");
                return new BlobStoreException("Cannot store blob '" + key + "' in /data/blobs: " + enospc, enospc);
            }

            @Override
            public InputStream open(String key) {
                return store.open(key);
            }

            @Override
            public InputStream openRange(String key, long offset, long length) {
                return store.openRange(key, offset, length);
            }

            @Override
            public Optional<BlobInfo> info(String key) {
                return store.info(key);
            }

            @Override
            public void delete(String key) {
                store.delete(key);
            }

            @Override
            public Stream<BlobInfo> list(String prefix) {
                return store.list(prefix);
            }

            @Override
            public String describe() {
                return store.describe();
            }
        };
    }
}
