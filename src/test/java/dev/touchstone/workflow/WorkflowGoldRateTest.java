package dev.touchstone.workflow;

import dev.touchstone.TouchstoneSpringTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.touchstone.workflow.WorkflowFixtures.SECOND;
import static dev.touchstone.workflow.WorkflowFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Gold is mixed in at the project's rate, not at its share of the pool: 30 % of 1000 tasks are gold, the rate is
 * 10 %, and 400 claims by four annotators (at once) must show 10 % gold within 6 points (four standard deviations
 * of a binomial(400, 0.1), so a false failure is rarer than 1 in 10 000 runs; the pool share, 30 %, fails).
 */
@TouchstoneSpringTest
class WorkflowGoldRateTest extends WorkflowTestBase {

    private static final double GOLD_RATE = 0.1;
    private static final int CLAIMS_PER_ANNOTATOR = 100;

    @Test
    void goldIsServedAtTheProjectsRate() throws Exception {
        List<String> annotators = fixtures.annotators(4);
        Project project = fixtures.project(10, 100, settings(annotators.size(), GOLD_RATE, 600)
                .withWindow(SECOND));
        List<TaskInfo> tasks = fixtures.tasks(project.id());
        assertThat(tasks).hasSize(1000);
        List<UUID> gold = tasks.stream().filter(t -> t.windowStartNanos() / SECOND % 10 < 3).map(TaskInfo::id)
                .toList();
        signIn.as("pm@acme.test");
        assertThat(workflow.setGold(project.id(), gold, true)).isEqualTo(300);
        signIn.out();
        Set<UUID> goldIds = Set.copyOf(gold);

        // The five annotators claim at the same time, each in its own thread and security context.
        long started = System.nanoTime();
        List<Callable<int[]>> work = annotators.stream().<Callable<int[]>>map(annotator -> () -> {
            signIn.as(annotator);
            try {
                int goldClaims = 0;
                for (int i = 0; i < CLAIMS_PER_ANNOTATOR; i++) {
                    Assignment a = workflow.claimNext(project.id()).orElseThrow();
                    if (goldIds.contains(a.taskId())) {
                        goldClaims++;
                    }
                    workflow.submit(a.id());
                }
                return new int[] {CLAIMS_PER_ANNOTATOR, goldClaims};
            } finally {
                signIn.out();
            }
        }).toList();
        ExecutorService threads = Executors.newFixedThreadPool(annotators.size());
        int claims = 0;
        int goldClaims = 0;
        try {
            for (Future<int[]> result : threads.invokeAll(work)) {
                claims += result.get()[0];
                goldClaims += result.get()[1];
            }
        } finally {
            threads.shutdown();
        }
        System.out.printf("gold: %d claims and submissions in %d ms%n", claims,
                (System.nanoTime() - started) / 1_000_000);
        double observed = (double) goldClaims / claims;
        System.out.printf("gold: %d of %d claims (%.3f), rate %.2f, pool share 0.30%n", goldClaims, claims,
                observed, GOLD_RATE);
        assertThat(observed).isCloseTo(GOLD_RATE, within(0.06));

        Map<UUID, TaskInfo> byId = fixtures.tasks(project.id()).stream()
                .collect(Collectors.toMap(TaskInfo::id, Function.identity()));
        assertThat(byId.values().stream().mapToInt(TaskInfo::activeAssignments).sum()).isEqualTo(claims);
    }
}
