package dev.touchstone.workflow;

import dev.touchstone.TouchstoneSpringTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.touchstone.workflow.WorkflowFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fifty annotators work one project (40 tasks, N = 3, 2 s leases) at once, each thread signed in as its own member:
 * they claim, heartbeat, submit, skip, and walk away so that leases expire, while a sweeper expires leases and
 * watches the tables. Afterwards no task ever had more than N slots held, nobody got a task twice, and every task
 * is complete with exactly N submissions.
 */
@TouchstoneSpringTest
class WorkflowConcurrencyTest extends WorkflowTestBase {

    private static final int ANNOTATORS = 50;
    private static final int TASKS = 40;
    private static final int OVERLAP = 3;
    private static final int LEASE_SECONDS = 2;

    @Test
    void fiftyAnnotatorsAtOnceNeverOverAssignRepeatOrLoseATask() throws Exception {
        List<String> annotators = fixtures.annotators(ANNOTATORS);
        Project project = fixtures.project(TASKS, 5, settings(OVERLAP, 0.1, LEASE_SECONDS));
        List<UUID> gold = fixtures.tasks(project.id()).stream().limit(4).map(TaskInfo::id).toList();
        signIn.as("qa@acme.test");
        workflow.setGold(project.id(), gold, true);
        signIn.out();

        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger maxSlotsSeen = new AtomicInteger();
        AtomicInteger walkedAway = new AtomicInteger();
        AtomicInteger lateRefused = new AtomicInteger();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        // (annotator, task) of every new assignment a thread was given; a resumed one has a known id.
        Map<UUID, String> claimed = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> pairs = new ConcurrentLinkedQueue<>();

        ExecutorService threads = Executors.newFixedThreadPool(ANNOTATORS + 1);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        Future<?> sweeper = threads.submit(() -> {
            while (!done.get() && Instant.now().isBefore(deadline)) {
                leases.expireNow();
                maxSlotsSeen.accumulateAndGet(slotsHeld(project.id()).values().stream()
                        .mapToInt(Integer::intValue).max().orElse(0), Math::max);
                int open = dsl.resultQuery("select count(*)::int from task where project_id = ? and state <> 'complete'",
                        project.id()).fetchSingle(0, Integer.class);
                if (open == 0) {
                    done.set(true);
                }
                sleep(50);
            }
            done.set(true);
            return null;
        });
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < ANNOTATORS; i++) {
            String email = annotators.get(i);
            Random random = new Random(i);
            workers.add(threads.submit(() -> {
                signIn.as(email);
                try {
                    while (!done.get()) {
                        Optional<Assignment> next = workflow.claimNext(project.id());
                        if (next.isEmpty()) {
                            sleep(20);
                            continue;
                        }
                        Assignment a = next.get();
                        if (claimed.putIfAbsent(a.id(), email) == null) {
                            pairs.add(email + " " + a.taskId());
                        }
                        try {
                            double what = random.nextDouble();
                            if (what < 0.15) {
                                workflow.skip(a.id(), "cannot see the gripper");
                            } else if (what < 0.30) {
                                walkedAway.incrementAndGet();
                                sleep(LEASE_SECONDS * 1000L + 500);
                                workflow.submit(a.id());
                            } else {
                                for (int beat = random.nextInt(4); beat > 0; beat--) {
                                    sleep(5 + random.nextInt(25));
                                    workflow.heartbeat(a.id());
                                }
                                workflow.submit(a.id());
                            }
                        } catch (AssignmentClosedException e) {
                            // The lease ran out first (walked away, or a very slow machine): refused, as it must be.
                            lateRefused.incrementAndGet();
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                } finally {
                    signIn.out();
                }
                return null;
            }));
        }
        sweeper.get(100, TimeUnit.SECONDS);
        for (Future<?> worker : workers) {
            worker.get(30, TimeUnit.SECONDS);
        }
        threads.shutdown();

        assertThat(failures).as("no worker failed").isEmpty();
        assertThat(maxSlotsSeen.get()).as("never more than N live or submitted assignments on a task")
                .isLessThanOrEqualTo(OVERLAP);
        assertThat(new HashSet<>(pairs)).as("nobody got the same task twice").hasSameSizeAs(pairs);

        List<TaskInfo> tasks = fixtures.tasks(project.id());
        assertThat(tasks).as("no lost task: all complete").hasSize(TASKS).allSatisfy(t -> {
            assertThat(t.complete()).isTrue();
            assertThat(t.submitted()).isEqualTo(OVERLAP);
            assertThat(t.activeAssignments()).isEqualTo(OVERLAP);
        });
        Map<String, Integer> byState = dsl.resultQuery(
                        "select state, count(*)::int from assignment where project_id = ? group by state", project.id())
                .stream().collect(java.util.stream.Collectors.toMap(r -> r.get(0, String.class),
                        r -> r.get(1, Integer.class)));
        assertThat(byState.get("submitted")).isEqualTo(TASKS * OVERLAP);
        assertThat(byState.get("skipped")).as("skips happened").isPositive();
        assertThat(byState.get("expired")).as("leases expired and were swept").isPositive();
        assertThat(byState).doesNotContainKey("live");
        assertThat(slotsHeld(project.id()).values()).as("the counters agree with the rows")
                .hasSize(TASKS).containsOnly(OVERLAP);
        Set<String> distinctAnnotators = new HashSet<>(claimed.values());
        assertThat(distinctAnnotators.size()).as("the work was spread").isGreaterThan(ANNOTATORS / 2);
        assertThat(walkedAway.get()).isPositive();
        System.out.printf("concurrency: %d assignments by %d annotators, states %s, %d walked away, %d refused late%n",
                claimed.size(), distinctAnnotators.size(), byState, walkedAway.get(), lateRefused.get());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
