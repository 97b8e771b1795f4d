package dev.touchstone.release;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
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
import dev.touchstone.workflow.NewProject;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkflowService;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measurement, not part of the suite (surefire only picks up *Test): a release of a project with 100,000 accepted
 * tasks built end to end by the real job (copy, JSON Lines, report, LeRobot, zip, blob store) against the embedded
 * PostgreSQL (issue 9; docs/benchmarks.md, "Release export"). The tasks are one-second windows of 10 episodes of
 * 10,000 s each (a 14-channel signal at 50 Hz, no camera: video re-encoding is measured per episode elsewhere); their
 * accepted labels (3 phases, 2 events, outcome, verdict, mass per window) are set with SQL, without annotators'
 * versions. Prints the build time, the files and the largest heap in use seen while it ran.
 */
@TouchstoneSpringTest
class ReleaseBuildBenchmark {

    static final int EPISODES = Integer.getInteger("bench.episodes", 10);
    static final int WINDOWS = Integer.getInteger("bench.windows", 10_000);
    static final long SECOND = 1_000_000_000L;

    @Autowired SignIn signIn;
    @Autowired DatasetService datasets;
    @Autowired EpisodeStore store;
    @Autowired CurrentOrganization current;
    @Autowired LabelSchemaService schemas;
    @Autowired WorkflowService workflow;
    @Autowired ReleaseService releases;
    @Autowired DSLContext dsl;

    @Test
    void releaseOf100kTasks() throws Exception {
        long t0 = System.nanoTime();
        signIn.as("pm@acme.test");
        Project project;
        try {
            Dataset dataset = datasets.create("release bench " + UUID.randomUUID(), "");
            List<SignalChannel> channels = new ArrayList<>();
            for (int c = 0; c < 14; c++) {
                channels.add(new SignalChannel("joint_" + c, "rad"));
            }
            float[] values = new float[14];
            for (int e = 0; e < EPISODES; e++) {
                try (EpisodeRecorder recorder = store.record(current.id(), dataset.id(), null)) {
                    recorder.describe(EpisodeDescription.of("long " + e, "bench.mcap", "test").withTask("sort parts"));
                    EpisodeRecorder.SignalStreamWriter joints = recorder.signal("joints", StreamSource.of("bench.mcap"),
                            channels);
                    long samples = WINDOWS * 50L;
                    for (long i = 0; i <= samples; i++) {
                        for (int c = 0; c < 14; c++) {
                            values[c] = (float) Math.sin(i * 0.01 + c);
                        }
                        joints.append(i * 20_000_000L, values);
                    }
                    recorder.commit();
                }
            }
            LabelSchema starter = LabelSchemaJson.humanoidStarter();
            UUID version = schemas.create(new LabelSchema("bench " + UUID.randomUUID(), "", starter.definitions())).id();
            project = workflow.createProject(new NewProject("release bench " + UUID.randomUUID(), dataset.id(), version,
                    1, 0, 600, 0, null, SECOND, Set.of()));
        } finally {
            signIn.out();
        }
        int accepted = dsl.execute("""
                update task set state = 'complete', active_count = 1, submitted_count = 1, completed_at = now(),
                       review_state = 'accepted', accepted_at = now(),
                       agreement = '{"phase": {"definition": "phase", "type": "phase", "agreement": 0.9,
                                     "measure": "frame agreement"}}'::jsonb,
                       final_labels = jsonb_build_array(
                         jsonb_build_object('kind', 'phase', 'id', gen_random_uuid(), 'definition', 'phase',
                             'track', 'main', 'classKey', 'reach', 'start', window_start_ns,
                             'end', window_start_ns + 300000000),
                         jsonb_build_object('kind', 'phase', 'id', gen_random_uuid(), 'definition', 'phase',
                             'track', 'main', 'classKey', 'grasp', 'start', window_start_ns + 300000000,
                             'end', window_start_ns + 700000000),
                         jsonb_build_object('kind', 'phase', 'id', gen_random_uuid(), 'definition', 'phase',
                             'track', 'main', 'classKey', 'lift', 'start', window_start_ns + 700000000,
                             'end', window_end_ns),
                         jsonb_build_object('kind', 'event', 'id', gen_random_uuid(), 'definition', 'contact',
                             'classKey', 'contact-on', 'time', window_start_ns + 320000000),
                         jsonb_build_object('kind', 'event', 'id', gen_random_uuid(), 'definition', 'contact',
                             'classKey', 'contact-off', 'time', window_start_ns + 900000000),
                         jsonb_build_object('kind', 'value', 'id', gen_random_uuid(), 'definition', 'grasp_outcome',
                             'segment', null, 'classes', jsonb_build_array('success'), 'number', null,
                             'accept', null, 'text', null),
                         jsonb_build_object('kind', 'value', 'id', gen_random_uuid(), 'definition', 'quality',
                             'segment', null, 'classes', jsonb_build_array(), 'number', null, 'accept', true,
                             'text', null),
                         jsonb_build_object('kind', 'value', 'id', gen_random_uuid(), 'definition', 'object_mass',
                             'segment', null, 'classes', jsonb_build_array(), 'number', 0.25, 'accept', null,
                             'text', null))
                 where project_id = ?""", project.id());
        dsl.execute("update task set consensus = final_labels where project_id = ?", project.id());
        dsl.execute("analyze task");
        System.out.printf(Locale.ROOT, "seeded %d accepted tasks in %.1f s%n", accepted, (System.nanoTime() - t0) / 1e9);
        assertThat(accepted).isEqualTo(EPISODES * WINDOWS);

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported()).toList();
        AtomicLong peak = new AtomicLong();
        AtomicLong peakAfterGc = new AtomicLong();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                long afterGc = pools.stream().mapToLong(p -> p.getCollectionUsage().getUsed()).sum();
                peakAfterGc.accumulateAndGet(afterGc, Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        peakAfterGc.set(0);
        signIn.as("pm@acme.test");
        Release release;
        long start = System.nanoTime();
        try {
            release = releases.create(project.id(), "1", "benchmark", false, Set.of());
            while ((release = releases.release(release.id())).state() == ReleaseState.BUILDING) {
                Thread.sleep(1000);
            }
        } finally {
            signIn.out();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        assertThat(release.state()).as(String.valueOf(release.progress().error())).isEqualTo(ReleaseState.READY);
        assertThat(release.taskCount()).isEqualTo(EPISODES * WINDOWS);
        System.out.printf(Locale.ROOT, "release of %d tasks built in %.1f s (%.0f tasks/s); heap in use after a full "
                        + "GC before %.0f MB; while building: largest in use right after a collection %.0f MB, largest "
                        + "in use (garbage included) %.0f MB; -Xmx %d MB%n", release.taskCount(), seconds,
                release.taskCount() / seconds, before / 1e6, peakAfterGc.get() / 1e6, peak.get() / 1e6,
                Runtime.getRuntime().maxMemory() >> 20);
        for (ReleaseFile file : release.files()) {
            System.out.printf(Locale.ROOT, "  %s %.1f MB%n", file.name(), file.size() / 1e6);
        }
    }
}
