package dev.touchstone.release;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.database.EmbeddedDatabase;
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
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.storage.BlobInfo;
import dev.touchstone.storage.BlobStore;
import dev.touchstone.workflow.NewProject;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkflowService;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real kill -9 during a release build (issue 18 item 10): a second server (a child JVM running the application
 * against this test's database and data folder, the only one running the release queue) builds a release of 4,000
 * one-second windows and is killed with SIGKILL while it writes the LeRobot dataset, after it stored labels.jsonl
 * and the report. This JVM stands for the replica that stays up: without any call from the test, its detector
 * fails the release as interrupted within seconds and its sweep removes the dead build's blobs and work folder.
 */
@TouchstoneSpringTest
class ReleaseKillTest {

    static final long SECOND = 1_000_000_000L;
    static final int WINDOWS = 4_000;

    @Autowired EmbeddedDatabase database;
    @Autowired SignIn signIn;
    @Autowired DatasetService datasets;
    @Autowired EpisodeStore store;
    @Autowired CurrentOrganization current;
    @Autowired LabelSchemaService schemas;
    @Autowired WorkflowService workflow;
    @Autowired ReleaseService releases;
    @Autowired ReleaseScheduling.ReleaseQueue queue;
    @Autowired BlobStore blobs;
    @Autowired DSLContext dsl;
    @Value("${touchstone.data-dir}") Path dataDir;

    @Test
    void aReleaseKilledWhileBuildingIsFailedAsInterruptedAndItsFilesAreSwept(@TempDir Path dir) throws Exception {
        Project project = acceptedWindows();
        Path log = dir.resolve("child.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "dev.touchstone.TouchstoneApplication",
                "--spring.profiles.active=test", "--touchstone.db.ephemeral=false",
                "--touchstone.db.url=" + database.jdbcUrl(), "--touchstone.db.user=postgres",
                "--touchstone.db.password=postgres", "--touchstone.data-dir=" + dataDir, "--server.port=0",
                "--touchstone.demo=false", "--touchstone.import.run-queue=false",
                "--touchstone.release.run-queue=true"));
        // Only the child takes release jobs: this JVM's queue stops, so the job waits in the table for the child.
        queue.stop();
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        UUID id;
        long killed;
        try {
            signIn.as("pm@acme.test");
            try {
                id = releases.create(project.id(), "1", "killed while building", false, Set.of()).id();
            } finally {
                signIn.out();
            }
            await(() -> {
                Record row = row(id);
                return row.get("heartbeat_at") != null
                        && row.get("progress_message", String.class).startsWith("Writing the LeRobot dataset");
            }, Duration.ofSeconds(240), child, log, "the child builds the LeRobot dataset");
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block
            killed = System.nanoTime();
            queue.start();
        }
        assertThat(child.waitFor()).isEqualTo(137);
        assertThat(row(id).get("state", String.class)).as("killed mid-build").isEqualTo("building");
        UUID acme = dsl.resultQuery("select organization_id from release where id = ?", id).fetchSingle(0, UUID.class);
        String folder = ReleaseBuilder.folder(acme, id);
        Path work = ReleaseBuilder.workRoot(dataDir).resolve(acme.toString()).resolve(id.toString());
        assertThat(keys(folder)).as("labels.jsonl and the report were stored before the kill")
                .contains(folder + ReleaseFile.LABELS);
        assertThat(work).as("the killed build's work folder").exists();

        await(() -> !"building".equals(row(id).get("state", String.class)), Duration.ofSeconds(40), null, log,
                "the release leaves building");
        double detected = (System.nanoTime() - killed) / 1e9;
        Record failed = row(id);
        assertThat(failed.get("state", String.class)).isEqualTo("failed");
        assertThat(failed.get("error", String.class)).isEqualTo(ReleaseFailure.INTERRUPTED);
        assertThat(detected).as("seconds from the kill to failed").isLessThan(20);

        await(() -> keys(folder).isEmpty() && !Files.exists(work), Duration.ofSeconds(20), null, log,
                "the sweep removes the dead build's files");
        double swept = (System.nanoTime() - killed) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "kill -9 to failed: %.1f s; to files swept: %.1f s%n", detected,
                swept);
    }

    /** As pm@acme.test: one 4,000 s episode (1 channel at 10 Hz) in one-second windows, every window accepted. */
    private Project acceptedWindows() throws Exception {
        signIn.as("pm@acme.test");
        Project project;
        try {
            Dataset dataset = datasets.create("kill " + UUID.randomUUID(), "");
            try (EpisodeRecorder recorder = store.record(current.id(), dataset.id(), null)) {
                recorder.describe(EpisodeDescription.of("long", "kill.mcap", "test"));
                EpisodeRecorder.SignalStreamWriter joints = recorder.signal("joints", StreamSource.of("kill.mcap"),
                        List.of(new SignalChannel("j1", "rad")));
                for (long i = 0; i <= WINDOWS * 10L; i++) {
                    joints.append(i * 100_000_000L, Math.sin(i * 0.01));
                }
                recorder.commit();
            }
            LabelSchema starter = LabelSchemaJson.humanoidStarter();
            UUID version = schemas.create(new LabelSchema("kill " + UUID.randomUUID(), "", starter.definitions()))
                    .id();
            project = workflow.createProject(new NewProject("kill " + UUID.randomUUID(), dataset.id(), version, 1, 0,
                    600, 0, null, SECOND, Set.of()));
        } finally {
            signIn.out();
        }
        int accepted = dsl.execute("""
                update task set state = 'complete', active_count = 1, submitted_count = 1, completed_at = now(),
                       review_state = 'accepted', accepted_at = now(),
                       final_labels = jsonb_build_array(
                         jsonb_build_object('kind', 'phase', 'id', gen_random_uuid(), 'definition', 'phase',
                             'track', 'main', 'classKey', 'reach', 'start', window_start_ns, 'end', window_end_ns))
                 where project_id = ?""", project.id());
        assertThat(accepted).isEqualTo(WINDOWS);
        return project;
    }

    private Record row(UUID id) {
        return dsl.resultQuery("select state, error, progress_message, heartbeat_at from release where id = ?", id)
                .fetchSingle();
    }

    private List<String> keys(String folder) {
        try (Stream<BlobInfo> list = blobs.list(folder)) {
            return list.map(BlobInfo::key).toList();
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout, Process child, Path log, String what)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (child != null && !child.isAlive()) {
                throw new AssertionError("the child exited (" + child.exitValue() + ") before " + what + ":\n"
                        + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what + "\n" + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }
}
