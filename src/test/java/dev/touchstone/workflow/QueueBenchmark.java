package dev.touchstone.workflow;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariDataSource;
import dev.touchstone.TouchstoneSpringTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

import javax.sql.DataSource;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static dev.touchstone.workflow.WorkflowFixtures.SECOND;
import static dev.touchstone.workflow.WorkflowFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measurement with peers, not part of the suite (surefire only picks up *Test): next-task claims under 500
 * annotators (issue 7). Run and results: docs/benchmarks.md, "Work queue".
 * <p>
 * One run, one embedded PostgreSQL 18, one connection pool (the application's), the same number of worker threads
 * for every design, one after the other:
 * <ol>
 *     <li><b>ours</b>: {@code WorkflowService.claimNext} with every rule on. 500 annotators (real members, each
 *     with its own security context) are served by a bounded pool of {@code bench.workers} threads (default: the
 *     connection pool's size); a worker takes the annotator who waited longest, acts as them (claim, then submit,
 *     or skip 10 %), and puts them back. Projects: A priority 10, restricted to 400 of the 500; B priority 5 with two
 *     annotators paused on it; C priority 0; D priority 20 but paused (serves nobody). N = 3, gold rate 0.1, one
 *     task in ten is gold; 1 s windows of long episodes make the tasks. 60 annotators start with returned work, and
 *     2 % of submissions are returned by a QA lead during the run. 70 % of claims are "all my projects" (null),
 *     30 % name one project.</li>
 *     <li><b>peer db-scheduler</b> (the version the application ships): a no-op one-time task, lock-and-fetch
 *     polling ({@code pollUsingLockAndFetch(0.5, 1.0)}), {@code threads(workers)}, its own table holding a backlog
 *     as large as our open slots; executions per second = rows completed (deleted) in the window.</li>
 *     <li><b>peer bare SKIP LOCKED</b>: {@code update ... where id = (select id ... where state = 'ready' order by
 *     id limit 1 for update skip locked)} on a plain table with a partial index, then a second statement marks the
 *     row done (as a submit would).</li>
 *     <li><b>ours under an old snapshot</b>: (1) again while another connection holds a REPEATABLE READ transaction
 *     whose snapshot was taken before the run, for {@code bench.snapshotSeconds}; reported as a ratio of (1).</li>
 * </ol>
 * For (1) and (4) the SQL statements the application sent in the window are counted (a jOOQ listener,
 * {@link StatementCounter}) and printed per operation; the issue 23 verdicts compare CPU per claim-and-submit (JVM +
 * PostgreSQL) with the bare claim-and-done of (3) (target at most 2x), the p99 claim latency (20 ms) and (4) with
 * (1) (at least 0.9x). {@code uptime} is printed at the start and the end: the load of the machine matters.
 * System properties: bench.workers (pool size), bench.annotators (500), bench.tasks (40000), bench.warmup seconds
 * (15), bench.seconds per measured phase (60), bench.snapshotSeconds (180).
 */
@TouchstoneSpringTest
class QueueBenchmark extends WorkflowTestBase {

    static final int ANNOTATORS = Integer.getInteger("bench.annotators", 500);
    static final int TASKS = Integer.getInteger("bench.tasks", 40_000);
    static final int WARMUP = Integer.getInteger("bench.warmup", 15);
    static final int SECONDS = Integer.getInteger("bench.seconds", 60);
    static final int SNAPSHOT_SECONDS = Integer.getInteger("bench.snapshotSeconds", 180);
    static final int EPISODE_SECONDS = 1000;

    @Autowired
    DataSource dataSource;
    @Autowired
    SecurityContextHolderStrategy securityContexts;

    int workers;

    /** One simulated annotator: their own security context and the project they name when they name one. */
    record Annotator(int index, UUID userId, SecurityContext context, UUID favourite) {
    }

    /** One measured phase: latencies in ns (sorted), operations done, and what it cost. */
    record Result(String title, long[] latencies, long ops, long empty, double seconds, long jvmCpu, long pgCpu,
                  long gcMillis, long maxHeap, String load, long statements) {
        double pct(double p) {
            return latencies.length == 0 ? Double.NaN
                    : latencies[Math.min(latencies.length - 1, (int) Math.ceil(p * latencies.length) - 1)] / 1e6;
        }

        double perSecond() {
            return ops / seconds;
        }
    }

    // --- measurement helpers (as in AutosaveBenchmark) -----------------------------------------------------------

    static volatile long postmaster;

    static List<ProcessHandle> postgresProcesses() {
        List<ProcessHandle> all = new ArrayList<>();
        ProcessHandle.of(postmaster).ifPresent(p -> {
            all.add(p);
            all.addAll(p.children().toList());
        });
        return all;
    }

    /** CPU time of this run's postgres processes in ns (utime + stime, 100 ticks/s). */
    static long postgresCpuNanos() {
        long ticks = 0;
        for (ProcessHandle p : postgresProcesses()) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (Exception e) {
                // the process ended
            }
        }
        return ticks * 10_000_000L;
    }

    static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }

    /** Samples the heap in use every 100 ms. */
    static final class HeapSampler implements AutoCloseable {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong max = new AtomicLong();
        final Thread thread = Thread.ofPlatform().daemon().name("bench-heap").start(() -> {
            var memory = ManagementFactory.getMemoryMXBean();
            while (running.get()) {
                max.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }

    /** What one worker does once; returns false when there was nothing to do (an empty claim). */
    interface Op {
        boolean run(Random random) throws Exception;
    }

    /**
     * {@code workers} threads repeat {@code op} for warm-up + {@code seconds}; the latency of the measured part of
     * each op (what {@code latency} reports, else the whole op) is recorded for ops started in the window.
     */
    Result measure(String title, int warmup, int seconds, Op op, ThreadLocal<Long> latency,
                   List<long[]> buckets) throws Exception {
        return measure(title, warmup, seconds, op, latency, buckets, () -> -1);
    }

    /** As above; {@code statements} counts SQL statements sent so far (read at the window's start and end). */
    Result measure(String title, int warmup, int seconds, Op op, ThreadLocal<Long> latency,
                   List<long[]> buckets, java.util.function.LongSupplier statements) throws Exception {
        AtomicBoolean recording = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong ops = new AtomicLong();
        AtomicLong empty = new AtomicLong();
        ConcurrentLinkedQueue<long[]> all = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int seed = w;
            threads.add(Thread.ofPlatform().name("bench-worker-" + w).start(() -> {
                Random random = new Random(seed * 7919L + title.hashCode());
                long[] mine = new long[1 << 14];
                int n = 0;
                try {
                    while (!stop.get()) {
                        boolean counted = recording.get();
                        latency.set(null);
                        long t0 = System.nanoTime();
                        boolean done = op.run(random);
                        long t1 = System.nanoTime();
                        if (counted && !stop.get()) {
                            if (done) {
                                ops.incrementAndGet();
                                if (n == mine.length) {
                                    mine = Arrays.copyOf(mine, n * 2);
                                }
                                Long measured = latency.get();
                                mine[n++] = measured == null ? t1 - t0 : measured;
                            } else {
                                empty.incrementAndGet();
                            }
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                    stop.set(true);
                } finally {
                    all.add(Arrays.copyOf(mine, n));
                }
            }));
        }
        Thread.sleep(warmup * 1000L);
        System.gc();
        String loadBefore = loadAverage();
        long jvmCpu = jvmCpuNanos();
        long pgCpu = postgresCpuNanos();
        long gc = gcMillis();
        long statementsBefore = statements.getAsLong();
        long start;
        double elapsed;
        try (HeapSampler heap = new HeapSampler()) {
            start = System.nanoTime();
            recording.set(true);
            long bucketOps = 0;
            for (int s = 10; ; s += 10) {
                int at = Math.min(s, seconds);
                Thread.sleep(Math.max(0, (start + at * SECOND - System.nanoTime()) / 1_000_000));
                if (buckets != null) {
                    long now = ops.get();
                    buckets.add(new long[]{at, now - bucketOps});
                    bucketOps = now;
                }
                if (at >= seconds || !failures.isEmpty()) {
                    break;
                }
            }
            stop.set(true);
            elapsed = (System.nanoTime() - start) / 1e9;
            long statementsAfter = statements.getAsLong();
            for (Thread t : threads) {
                t.join();
            }
            heap.close();
            if (!failures.isEmpty()) {
                throw new AssertionError("a worker failed in " + title, failures.peek());
            }
            long[] latencies = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            return new Result(title, latencies, ops.get(), empty.get(), elapsed, jvmCpuNanos() - jvmCpu,
                    postgresCpuNanos() - pgCpu, gcMillis() - gc, heap.max.get(), loadBefore + " -> " + loadAverage(),
                    statementsBefore < 0 ? -1 : statementsAfter - statementsBefore);
        }
    }

    /** CPU per operation, JVM and PostgreSQL together, in ms. */
    static double cpuPerOp(Result r) {
        return (r.jvmCpu() + r.pgCpu()) / 1e6 / Math.max(1, r.ops());
    }

    static String uptime() {
        try {
            Process p = new ProcessBuilder("uptime").redirectErrorStream(true).start();
            return new String(p.getInputStream().readAllBytes()).trim();
        } catch (Exception e) {
            return "load " + loadAverage();
        }
    }

    static void print(Result r) {
        long n = Math.max(1, r.ops());
        System.out.printf(Locale.ROOT, "BENCH %-34s %8d ops %8.1f/s (empty %d) | latency ms p50 %6.2f p95 %6.2f "
                        + "p99 %6.2f max %7.1f | per op: JVM CPU %5.2f ms, PostgreSQL CPU %5.2f ms | GC %5d ms | "
                        + "max heap used %4d MiB | load %s%n", r.title(), r.ops(), r.perSecond(), r.empty(),
                r.pct(0.50), r.pct(0.95), r.pct(0.99), r.latencies().length == 0 ? Double.NaN
                        : r.latencies()[r.latencies().length - 1] / 1e6, r.jvmCpu() / 1e6 / n, r.pgCpu() / 1e6 / n,
                r.gcMillis(), r.maxHeap() >> 20, r.load());
        if (r.statements() >= 0) {
            System.out.printf(Locale.ROOT, "BENCH %-34s %.2f SQL statements per op (%d in the window, commits not"
                    + " counted)%n", r.title(), r.statements() / (double) Math.max(1, r.ops()), r.statements());
        }
    }

    // --- the run -------------------------------------------------------------------------------------------------

    @Test
    void claimsUnder500Annotators() throws Exception {
        String loadAtStart = loadAverage();
        System.out.println("BENCH uptime at start: " + uptime());
        long setupStart = System.nanoTime();
        HikariDataSource pool = (HikariDataSource) dataSource;
        workers = Integer.getInteger("bench.workers", pool.getMaximumPoolSize());
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            String stat = Files.readString(Path.of("/proc", Integer.toString(rs.getInt(1)), "stat"));
            postmaster = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        }

        // 500 annotators (real members), each with a security context of their own.
        List<String> emails = fixtures.annotators(ANNOTATORS);
        List<UUID> ids = emails.stream().map(fixtures::userId).toList();
        double membersSeconds = (System.nanoTime() - setupStart) / 1e9;

        // Projects: A (10, restricted to the first 400), B (5, two paused), C (0), D (20, paused project).
        Set<UUID> restricted = new HashSet<>(ids.subList(0, Math.min(400, ANNOTATORS)));
        int quarter = Math.max(1, TASKS / 4 / EPISODE_SECONDS);
        int half = Math.max(1, TASKS / 2 / EPISODE_SECONDS);
        Project a = fixtures.project(quarter, EPISODE_SECONDS, settings(3, 0.1, 600).withWindow(SECOND)
                .withPriority(10).restrictedTo(restricted));
        Project b = fixtures.project(quarter, EPISODE_SECONDS, settings(3, 0.1, 600).withWindow(SECOND)
                .withPriority(5));
        Project c = fixtures.project(half, EPISODE_SECONDS, settings(3, 0.1, 600).withWindow(SECOND));
        Project d = fixtures.project(1, 100, settings(3, 0.1, 600).withWindow(SECOND).withPriority(20));
        signIn.as("qa@acme.test");
        SecurityContext qa = securityContexts.getContext();
        for (Project p : List.of(a, b, c, d)) {
            List<UUID> gold = dsl.resultQuery("""
                            select id from (select id, row_number() over (order by created_at, id) as n
                                              from task where project_id = ?) x where n % 10 = 5""", p.id())
                    .fetch(r -> r.get(0, UUID.class));
            workflow.setGold(p.id(), gold, true);
        }
        workflow.pauseAnnotator(b.id(), ids.get(0), "gold accuracy below the threshold");
        workflow.pauseAnnotator(b.id(), ids.get(1), "gold accuracy below the threshold");
        signIn.out();
        signIn.as("pm@acme.test");
        workflow.setProjectState(d.id(), ProjectState.PAUSED);
        signIn.out();

        List<Annotator> annotators = new ArrayList<>();
        List<UUID> favourites = List.of(a.id(), b.id(), c.id());
        for (int i = 0; i < ANNOTATORS; i++) {
            signIn.as(emails.get(i));
            annotators.add(new Annotator(i, ids.get(i), securityContexts.getContext(),
                    favourites.get(i % favourites.size())));
            securityContexts.clearContext();
        }
        // Returned work present for 60 annotators: each claims and submits once, a QA lead sends it back.
        for (Annotator annotator : annotators.subList(ANNOTATORS - 60, ANNOTATORS)) {
            securityContexts.setContext(annotator.context());
            Assignment first = workflow.claimNext(null).orElseThrow();
            workflow.submit(first.id());
            securityContexts.setContext(qa);
            reviews.returnToAnnotator(first.id(), "the grasp phase ends too early");
            securityContexts.clearContext();
        }
        int tasks = dsl.resultQuery("select count(*)::int from task where project_id in (?, ?, ?, ?)", a.id(), b.id(),
                c.id(), d.id()).fetchSingle(0, Integer.class);
        System.out.printf(Locale.ROOT, "BENCH setup %.1f s (%d members in %.1f s), %d annotators, %d tasks "
                        + "(A %d, B %d, C %d, D %d paused), N = 3, gold rate 0.1, %d workers, connection pool %d, "
                        + "%d cores, load average %s%n", (System.nanoTime() - setupStart) / 1e9, ANNOTATORS,
                membersSeconds, ANNOTATORS, tasks, a.tasks(), b.tasks(), c.tasks(), d.tasks(), workers,
                pool.getMaximumPoolSize(), Runtime.getRuntime().availableProcessors(), loadAtStart);

        // --- (1) ours ---
        BlockingQueue<Annotator> waiting = new ArrayBlockingQueue<>(ANNOTATORS, true);
        waiting.addAll(annotators);
        ThreadLocal<Long> claimLatency = new ThreadLocal<>();
        AtomicLong returned = new AtomicLong();
        Op ours = random -> {
            Annotator me = waiting.take();
            try {
                securityContexts.setContext(me.context());
                UUID project = random.nextDouble() < 0.3 ? me.favourite() : null;
                long t0 = System.nanoTime();
                Optional<Assignment> next = workflow.claimNext(project);
                claimLatency.set(System.nanoTime() - t0);
                if (next.isEmpty()) {
                    return false;
                }
                UUID id = next.get().id();
                double what = random.nextDouble();
                if (what < 0.10) {
                    workflow.skip(id, "cannot see the gripper");
                } else {
                    workflow.submit(id);
                    if (what > 0.98) {
                        securityContexts.setContext(qa);
                        reviews.returnToAnnotator(id, "the grasp phase ends too early");
                        returned.incrementAndGet();
                    }
                }
                return true;
            } finally {
                securityContexts.clearContext();
                waiting.put(me);
            }
        };
        StatementCounter statements = new StatementCounter(dsl.configuration());
        Result baseline = measure("ours: claimNext (+ submit/skip)", WARMUP, SECONDS, ours, claimLatency, null,
                statements::all);
        print(baseline);
        explain("after the baseline", annotators.get(5), qa);

        // --- (2) db-scheduler, lock-and-fetch ---
        long backlog = Math.max(3L * tasks, Long.getLong("bench.peerBacklog", 600_000L));
        try (Connection conn = dataSource.getConnection(); Statement s = conn.createStatement()) {
            s.execute("create table bench_scheduled_tasks (like scheduled_tasks including all)");
            s.execute("insert into bench_scheduled_tasks (task_name, task_instance, task_data, execution_time, "
                    + "picked, version) select 'bench-noop', 'i-' || g, null, now() - interval '1 minute', false, 1 "
                    + "from generate_series(1, " + backlog + ") g");
            s.execute("analyze bench_scheduled_tasks");
        }
        AtomicLong executed = new AtomicLong();
        OneTimeTask<Void> noop = Tasks.oneTime("bench-noop").execute((instance, context) -> executed.incrementAndGet());
        Scheduler scheduler = Scheduler.create(dataSource, noop).tableName("bench_scheduled_tasks").threads(workers)
                .pollUsingLockAndFetch(0.5, 1.0).pollingInterval(Duration.ofMillis(500)).build();
        Result dbScheduler;
        scheduler.start();
        try {
            // The scheduler's own threads do the work; this "worker" only watches the table.
            dbScheduler = observe("peer: db-scheduler lock-and-fetch", executed);
        } finally {
            scheduler.stop();
        }
        print(dbScheduler);

        // --- (3) bare SELECT ... FOR UPDATE SKIP LOCKED LIMIT 1 + update ---
        try (Connection conn = dataSource.getConnection(); Statement s = conn.createStatement()) {
            s.execute("create table bench_job (id bigint generated always as identity primary key, "
                    + "state text not null default 'ready', taken_by int, taken_at timestamptz)");
            s.execute("insert into bench_job (state) select 'ready' from generate_series(1, " + backlog + ")");
            s.execute("create index bench_job_ready_idx on bench_job (id) where state = 'ready'");
            s.execute("analyze bench_job");
        }
        ThreadLocal<Long> bareLatency = new ThreadLocal<>();
        Op bare = random -> {
            long id;
            long t0 = System.nanoTime();
            try (Connection conn = dataSource.getConnection(); PreparedStatement claim = conn.prepareStatement("""
                    update bench_job set state = 'taken', taken_by = ?, taken_at = now()
                     where id = (select id from bench_job where state = 'ready' order by id limit 1
                                 for update skip locked)
                    returning id""")) {
                claim.setInt(1, random.nextInt(ANNOTATORS));
                try (ResultSet rs = claim.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    id = rs.getLong(1);
                }
            }
            bareLatency.set(System.nanoTime() - t0);
            try (Connection conn = dataSource.getConnection(); PreparedStatement done = conn.prepareStatement(
                    "update bench_job set state = 'done' where id = ?")) {
                done.setLong(1, id);
                done.executeUpdate();
            }
            return true;
        };
        Result bareResult = measure("peer: bare SKIP LOCKED (+ done)", WARMUP, SECONDS, bare, bareLatency, null);
        print(bareResult);

        // --- (4) ours while an old snapshot is held ---
        Result old;
        List<long[]> buckets = new ArrayList<>();
        try (Connection holder = DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(),
                pool.getPassword())) {
            holder.setAutoCommit(false);
            holder.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement s = holder.createStatement(); ResultSet rs = s.executeQuery(
                    "select count(*), (select backend_xmin from pg_stat_activity where pid = pg_backend_pid()) "
                            + "from task")) {
                rs.next();
                System.out.printf(Locale.ROOT, "BENCH old snapshot taken: %d tasks seen, backend_xmin %s, held %d s%n",
                        rs.getLong(1), rs.getString(2), SNAPSHOT_SECONDS);
            }
            old = measure("ours: claimNext under an old snapshot", 0, SNAPSHOT_SECONDS, ours, claimLatency, buckets,
                    statements::all);
            explain("under the old snapshot", annotators.get(5), qa);
            holder.rollback();
        }
        statements.close();
        print(old);
        StringBuilder trend = new StringBuilder("BENCH old-snapshot claims/s per 10 s:");
        long previous = 0;
        for (long[] bucket : buckets) {
            trend.append(String.format(Locale.ROOT, " %.0f", bucket[1] / ((bucket[0] - previous) * 1.0)));
            previous = bucket[0];
        }
        System.out.println(trend);

        // --- the rules held: counters agree with the rows, gold share ---
        int disagree = dsl.resultQuery("""
                select count(*)::int from task t
                 where t.active_count <> (select count(*) from assignment x where x.task_id = t.id
                                            and x.state in ('live', 'submitted', 'returned'))
                    or t.submitted_count <> (select count(*) from assignment x where x.task_id = t.id
                                               and x.state = 'submitted')""").fetchSingle(0, Integer.class);
        var shares = dsl.resultQuery("""
                select count(*) filter (where t.is_gold)::float / count(*), count(*),
                       count(*) filter (where x.project_id = ?), count(*) filter (where x.project_id = ?)
                  from assignment x join task t on t.id = x.task_id""", d.id(), a.id()).fetchSingle();
        int wrong = dsl.resultQuery("""
                select count(*)::int from assignment x
                 where (x.project_id = ? and not (x.annotator_id = any(?::uuid[])))
                    or (x.project_id = ? and x.annotator_id in (?, ?))""", a.id(),
                restricted.toArray(UUID[]::new), b.id(), ids.get(0), ids.get(1)).fetchSingle(0, Integer.class);
        System.out.printf(Locale.ROOT, "BENCH rules: %d assignments, gold share %.3f, paused project D %d, A by "
                        + "others or B by paused %d, counters disagreeing with rows %d, returned during runs %d%n",
                shares.get(1, Long.class), shares.get(0, Double.class), shares.get(2, Long.class), wrong, disagree,
                returned.get());

        // --- verdicts ---
        double vsScheduler = baseline.perSecond() / dbScheduler.perSecond();
        double vsBare = baseline.perSecond() / bareResult.perSecond();
        double oldRatio = old.perSecond() / baseline.perSecond();
        System.out.printf(Locale.ROOT, "BENCH ratio ours / db-scheduler executions: %.2fx (target >= 1.0: %s)%n",
                vsScheduler, vsScheduler >= 1.0 ? "MET" : "NOT MET");
        System.out.printf(Locale.ROOT, "BENCH ratio ours / bare SKIP LOCKED claims: %.2fx (target >= 0.7: %s)%n",
                vsBare, vsBare >= 0.7 ? "MET" : "NOT MET");
        System.out.printf(Locale.ROOT, "BENCH ours p99 claim latency %.2f ms (target <= 20 ms: %s)%n",
                baseline.pct(0.99), baseline.pct(0.99) <= 20 ? "MET" : "NOT MET");
        System.out.printf(Locale.ROOT, "BENCH old snapshot / own baseline: %.2fx, p99 %.2f ms (target >= 0.9: %s)%n",
                oldRatio, old.pct(0.99), oldRatio >= 0.9 ? "MET" : "NOT MET");
        double cpuRatio = cpuPerOp(baseline) / cpuPerOp(bareResult);
        System.out.printf(Locale.ROOT, "BENCH CPU per claim-and-submit: ours %.2f ms, bare SKIP LOCKED claim-and-done"
                        + " %.2f ms: %.1fx (target <= 2x: %s)%n", cpuPerOp(baseline), cpuPerOp(bareResult), cpuRatio,
                cpuRatio <= 2 ? "MET" : "NOT MET");
        System.out.printf(Locale.ROOT, "BENCH load average at start %s, at end %s%n", loadAtStart, loadAverage());
        System.out.println("BENCH uptime at end: " + uptime());
        assertThat(disagree).isZero();
        assertThat(wrong).isZero();
        assertThat(shares.get(2, Long.class)).isZero();
    }

    /** With -Dbench.explain=true: the plan of the new-task claim for one annotator (run, then rolled back). */
    void explain(String when, Annotator annotator, SecurityContext qa) throws Exception {
        if (!Boolean.getBoolean("bench.explain")) {
            return;
        }
        var field = WorkflowRepository.class.getDeclaredField("CLAIM_FAST");
        field.setAccessible(true);
        UUID org = dsl.resultQuery("select organization_id from membership where user_id = ? limit 1",
                annotator.userId()).fetchSingle(0, UUID.class);
        String sql = ((String) field.get(null)).replace("{org}", "'" + org + "'::uuid")
                .replace("{me}", "'" + annotator.userId() + "'::uuid").replace("{project}", "null")
                .replace("{u}", "0.5");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("explain (analyze, buffers, costs off) " + sql)) {
                System.out.println("BENCH-PLAN " + when + ":");
                while (rs.next()) {
                    System.out.println("BENCH-PLAN " + rs.getString(1));
                }
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    /** db-scheduler runs on its own threads: warm up, then count rows completed (deleted) in the window. */
    Result observe(String title, AtomicLong executed) throws Exception {
        Thread.sleep(WARMUP * 1000L);
        System.gc();
        String loadBefore = loadAverage();
        long jvmCpu = jvmCpuNanos();
        long pgCpu = postgresCpuNanos();
        long gc = gcMillis();
        try (HeapSampler heap = new HeapSampler()) {
            long rowsBefore = remaining();
            long executedBefore = executed.get();
            long start = System.nanoTime();
            Thread.sleep(SECONDS * 1000L);
            long rowsAfter = remaining();
            double elapsed = (System.nanoTime() - start) / 1e9;
            long handlerRuns = executed.get() - executedBefore;
            heap.close();
            System.out.printf(Locale.ROOT, "BENCH db-scheduler: %d rows completed, %d handler runs in %.1f s, %d rows "
                    + "left%n", rowsBefore - rowsAfter, handlerRuns, elapsed, rowsAfter);
            return new Result(title, new long[0], rowsBefore - rowsAfter, rowsAfter == 0 ? 1 : 0, elapsed,
                    jvmCpuNanos() - jvmCpu, postgresCpuNanos() - pgCpu, gcMillis() - gc, heap.max.get(),
                    loadBefore + " -> " + loadAverage(), -1);
        }
    }

    long remaining() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from bench_scheduled_tasks")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
