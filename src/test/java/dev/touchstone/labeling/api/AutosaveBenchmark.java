package dev.touchstone.labeling.api;

import dev.touchstone.FormSignIn;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.labeling.Draft;
import dev.touchstone.labeling.DraftService;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.labeling.LabelSchemaJson;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.labeling.SchemaVersion;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.organization.MemberAddition;
import dev.touchstone.organization.MemberService;
import dev.touchstone.organization.NewMember;
import dev.touchstone.organization.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measurement with peers, not part of the suite (surefire only picks up *Test): autosave latency under 200
 * concurrent simulated annotators (issue 6, target p99 ≤ 50 ms). Run and results: docs/benchmarks.md.
 * <p>
 * Setup: 200 QA leads are added to the demo organization through {@code MemberService} (real Argon2 hashes), each
 * opens their own draft ({@code DraftService.openDirect}) on one of four 20-minute episodes, signs in through the
 * real form login and fetches the CSRF token. Each draft is seeded with 200 labels (150 phases, 50 events) in one
 * save. Then every annotator, on its own virtual thread, sends an autosave about once a second (0.5-1.5 s apart,
 * one at a time, as the workspace does) of 1-3 ops: 60 % a new label (a phase after the last one, or an event),
 * 30 % an edit of an existing label (a phase's end or class, an event's time), 10 % a delete. Latency is measured by
 * the client from send to the parsed answer.
 * <p>
 * The same work, with the same op sequences (seeded per annotator), goes through three designs in one run, one after
 * the other, each behind the same HTTP stack, sign-in session and CSRF check:
 * <ol>
 *     <li><b>ours</b>: {@code POST /api/v1/drafts/{id}/saves} (delta, conflict check per label, the whole draft
 *     checked against the schema, save log, audit line);</li>
 *     <li><b>peer "whole document"</b>: the naive design, the client sends its whole draft as JSON on every save and
 *     the server writes it with one {@code UPDATE ... SET body = ?::jsonb} (plain JDBC, optimistic revision check,
 *     no rules, no history);</li>
 *     <li><b>peer "floor"</b>: the same delta body, parsed, and its ops inserted as rows with one JDBC batch: no
 *     reads, no checks, the least any delta design can do.</li>
 * </ol>
 * The designs take turns (rounds of {@code bench.seconds} each), so that the load of a shared machine falls on all of
 * them alike; the summary merges the rounds. System properties: bench.annotators (200), bench.seconds per design
 * and round (20), bench.rounds (3), bench.warmup seconds per design (20), bench.seedLabels (200), bench.jfr (a file:
 * record our first measured round with Flight Recorder).
 */
@TouchstoneSpringTest
@Import(AutosaveBenchmark.Peers.class)
class AutosaveBenchmark {

    static final int ANNOTATORS = Integer.getInteger("bench.annotators", 200);
    static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    static final int WARMUP = Integer.getInteger("bench.warmup", 20);
    static final int SEED_LABELS = Integer.getInteger("bench.seedLabels", 200);
    static final long SECOND = 1_000_000_000L;
    static final long DURATION = 1200 * SECOND;
    static final int EPISODES = 4;
    static final String[] PHASES = {"reach", "grasp", "lift", "transport", "place", "release", "retract"};
    static final String[] CONTACTS = {"contact-on", "contact-off", "slip"};

    enum Design {
        OURS("ours: delta save"), DOCUMENT("peer: whole document"), FLOOR("peer: floor (insert ops)");

        final String title;

        Design(String title) {
            this.title = title;
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    SignIn signIn;
    @Autowired
    DraftService drafts;
    @Autowired
    MemberService members;
    @Autowired
    LabelSchemaService schemas;
    @Autowired
    DatasetService datasets;
    @Autowired
    EpisodeStore store;
    @Autowired
    CurrentOrganization current;
    @Autowired
    DataSource dataSource;
    @Autowired
    JsonMapper json;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    // --- the peers' server side: same security chain (/api/**: session + CSRF), plain JDBC -------------------

    @RestController
    @RequestMapping("/api/bench/{id}")
    static class Peers {
        private final DataSource dataSource;
        private final CurrentOrganization current;
        private final JsonMapper json;

        Peers(DataSource dataSource, CurrentOrganization current, JsonMapper json) {
            this.dataSource = dataSource;
            this.current = current;
            this.json = json;
        }

        /** The naive design: the client's whole draft replaces the stored one if nobody wrote in between. */
        @PostMapping("/document")
        ResponseEntity<String> document(@PathVariable UUID id, @RequestBody String body) throws SQLException {
            UUID owner = current.requireUser().userId();
            int at = body.indexOf(',');
            long base = Long.parseLong(body.substring("{\"revision\":".length(), at));
            try (Connection c = dataSource.getConnection(); PreparedStatement update = c.prepareStatement(
                    "update bench_document set body = ?::jsonb, revision = revision + 1 "
                            + "where id = ? and owner_id = ? and revision = ? returning revision")) {
                update.setString(1, body);
                update.setObject(2, id);
                update.setObject(3, owner);
                update.setLong(4, base);
                try (ResultSet rs = update.executeQuery()) {
                    return rs.next() ? ResponseEntity.ok("{\"revision\":" + rs.getLong(1) + "}")
                            : ResponseEntity.status(409).body("{\"error\":\"stale\"}");
                }
            }
        }

        /** The floor: the same delta, parsed, its ops inserted as rows in one transaction. */
        @PostMapping("/ops")
        String ops(@PathVariable UUID id, @RequestBody String body) throws SQLException {
            current.requireUser();
            JsonNode save = json.readTree(body);
            UUID saveId = UUID.fromString(save.get("saveId").asString());
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement insert = c.prepareStatement(
                        "insert into bench_op (doc_id, save_id, seq, op) values (?, ?, ?, ?::jsonb)")) {
                    int seq = 0;
                    for (JsonNode op : save.get("ops")) {
                        insert.setObject(1, id);
                        insert.setObject(2, saveId);
                        insert.setInt(3, seq++);
                        insert.setString(4, op.toString());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                c.commit();
                c.setAutoCommit(true);
            }
            return "{\"revision\":0}";
        }
    }

    // --- the simulated annotator -----------------------------------------------------------------------------

    /** A label as the client holds it: a phase in its own slot [start, slotEnd), or an event. */
    record Lab(UUID id, boolean phase, String cls, long start, long end, long slotEnd, long revision) {
        String json() {
            return phase
                    ? "{\"kind\":\"phase\",\"id\":\"" + id + "\",\"definition\":\"phase\",\"track\":\"main\","
                    + "\"classKey\":\"" + cls + "\",\"start\":" + start + ",\"end\":" + end + "}"
                    : "{\"kind\":\"event\",\"id\":\"" + id + "\",\"definition\":\"contact\",\"classKey\":\"" + cls
                    + "\",\"time\":" + start + "}";
        }

        Lab at(long newRevision) {
            return new Lab(id, phase, cls, start, end, slotEnd, newRevision);
        }
    }

    /** The client's copy of one draft and the generator of its edits; one per annotator and design. */
    static final class Document {
        final Map<UUID, Lab> labels = new LinkedHashMap<>();
        final List<UUID> ids = new ArrayList<>();
        final Random random;
        long phaseCursor;
        long revision;

        Document(long seed) {
            random = new Random(seed);
        }

        Document copy() {
            Document copy = new Document(0);
            copy.labels.putAll(labels);
            copy.ids.addAll(ids);
            copy.random.setSeed(random.nextLong());
            copy.phaseCursor = phaseCursor;
            copy.revision = revision;
            return copy;
        }

        Lab newLabel() {
            long length = SECOND / 2 + (long) (random.nextDouble() * 2.5 * SECOND);
            if (random.nextDouble() < 0.7 && phaseCursor + length < DURATION) {
                long start = phaseCursor;
                phaseCursor += length + (long) (random.nextDouble() * SECOND / 2);
                return new Lab(UUID.randomUUID(), true, PHASES[random.nextInt(PHASES.length)], start, start + length,
                        start + length, 0);
            }
            return new Lab(UUID.randomUUID(), false, CONTACTS[random.nextInt(CONTACTS.length)],
                    (long) (random.nextDouble() * DURATION), 0, 0, 0);
        }

        void put(Lab lab) {
            if (labels.put(lab.id(), lab) == null) {
                ids.add(lab.id());
            }
        }

        void remove(UUID id) {
            labels.remove(id);
            int i = ids.indexOf(id);
            ids.set(i, ids.getLast());
            ids.removeLast();
        }

        /** One autosave's ops (1-3), applied to this copy at once; returns the JSON ops and the labels put. */
        List<String> nextOps(List<UUID> put) {
            int count = 1 + random.nextInt(3);
            List<String> ops = new ArrayList<>();
            Set<UUID> touched = new HashSet<>();
            for (int k = 0; k < count; k++) {
                double r = random.nextDouble();
                if (r < 0.6 || ids.size() < 20) {
                    Lab lab = newLabel();
                    put(lab);
                    touched.add(lab.id());
                    put.add(lab.id());
                    ops.add("{\"op\":\"put\",\"label\":" + lab.json() + ",\"baseRevision\":0}");
                    continue;
                }
                UUID id = ids.get(random.nextInt(ids.size()));
                if (!touched.add(id)) {
                    continue;
                }
                Lab old = labels.get(id);
                if (r < 0.9) {
                    Lab edited = old.phase()
                            ? new Lab(id, true, random.nextDouble() < 0.3 ? PHASES[random.nextInt(PHASES.length)]
                            : old.cls(), old.start(), old.start() + SECOND / 4
                            + (long) (random.nextDouble() * (old.slotEnd() - old.start() - SECOND / 4)),
                            old.slotEnd(), old.revision())
                            : new Lab(id, false, old.cls(), Math.clamp(old.start()
                            + (long) ((random.nextDouble() - 0.5) * SECOND), 0, DURATION), 0, 0, old.revision());
                    put(edited);
                    put.add(id);
                    ops.add("{\"op\":\"put\",\"label\":" + edited.json() + ",\"baseRevision\":" + old.revision()
                            + "}");
                } else {
                    remove(id);
                    ops.add("{\"op\":\"delete\",\"labelId\":\"" + id + "\",\"baseRevision\":" + old.revision() + "}");
                }
            }
            return ops;
        }

        void acknowledge(List<UUID> put, long newRevision) {
            revision = newRevision;
            for (UUID id : put) {
                Lab lab = labels.get(id);
                if (lab != null) {
                    labels.put(id, lab.at(newRevision));
                }
            }
        }

        String wholeBody() {
            StringBuilder body = new StringBuilder(64 * labels.size() + 32);
            body.append("{\"revision\":").append(revision).append(",\"labels\":[");
            boolean first = true;
            for (Lab lab : labels.values()) {
                body.append(first ? "" : ",").append(lab.json());
                first = false;
            }
            return body.append("]}").toString();
        }
    }

    final class Annotator {
        final int index;
        final UUID draftId;
        final UUID documentId = UUID.randomUUID();
        String cookie;
        String csrfHeader;
        String csrfToken;
        final Map<Design, Document> documents = new LinkedHashMap<>();

        Annotator(int index, UUID draftId) {
            this.index = index;
            this.draftId = draftId;
        }

        HttpResponse<String> post(String path, String body) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Cookie", cookie).header(csrfHeader, csrfToken)
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** One autosave in the given design; returns false when the server refused it. */
        boolean save(Design design) throws Exception {
            Document document = documents.get(design);
            List<UUID> put = new ArrayList<>();
            List<String> ops = document.nextOps(put);
            if (ops.isEmpty()) {
                return true;
            }
            String delta = "{\"saveId\":\"" + UUID.randomUUID() + "\",\"clientId\":\"bench-" + index
                    + "\",\"ops\":[" + String.join(",", ops) + "]}";
            HttpResponse<String> response = switch (design) {
                case OURS -> post("/api/v1/drafts/" + draftId + "/saves", delta);
                case DOCUMENT -> post("/api/bench/" + documentId + "/document", document.wholeBody());
                case FLOOR -> post("/api/bench/" + documentId + "/ops", delta);
            };
            if (response.statusCode() != 200) {
                System.out.println("BENCH refused " + design + " " + response.statusCode() + " " + response.body());
                return false;
            }
            JsonNode answer = json.readTree(response.body());
            if (design == Design.OURS && !answer.get("conflicts").isEmpty()) {
                System.out.println("BENCH unexpected conflict " + answer);
                return false;
            }
            document.acknowledge(put, answer.get("revision").asLong());
            return true;
        }
    }

    // --- measurement -------------------------------------------------------------------------------------------

    /** Resource use of this JVM (server and client) and of this run's PostgreSQL processes, sampled. */
    static final class Sampler implements AutoCloseable {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong maxHeap = new AtomicLong();
        final AtomicLong maxRss = new AtomicLong();
        final AtomicLong maxPgPss = new AtomicLong();
        final Thread thread;

        Sampler() {
            thread = Thread.ofPlatform().daemon().name("bench-sampler").start(() -> {
                var memory = ManagementFactory.getMemoryMXBean();
                int tick = 0;
                while (running.get()) {
                    maxHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    maxRss.accumulateAndGet(statusKb("self", "VmRSS") * 1024, Math::max);
                    if (tick++ % 5 == 0) {
                        maxPgPss.accumulateAndGet(postgresPssBytes(), Math::max);
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }

    /** The postmaster of this run's database (pg_ctl detaches it from the JVM, so it is found by a backend). */
    static volatile long postmaster;

    static List<ProcessHandle> postgresProcesses() {
        List<ProcessHandle> all = new ArrayList<>();
        ProcessHandle.of(postmaster).ifPresent(p -> {
            all.add(p);
            all.addAll(p.children().toList());
        });
        return all;
    }

    static long statusKb(String pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (Exception e) {
            // the process ended
        }
        return 0;
    }

    /** Proportional set size summed over this run's postgres processes: shared buffers counted once in all. */
    static long postgresPssBytes() {
        long sum = 0;
        for (ProcessHandle p : postgresProcesses()) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "smaps_rollup"))) {
                    if (line.startsWith("Pss:")) {
                        sum += Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                    }
                }
            } catch (Exception e) {
                // the process ended
            }
        }
        return sum;
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

    long walPosition() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    record Result(Design design, long[] latencies, int refused, double seconds, long walBytes, long jvmCpu,
                  long pgCpu, long gcMillis, long maxHeap, long maxRss, long maxPgPss, String load) {
        double pct(double p) {
            return latencies.length == 0 ? Double.NaN
                    : latencies[Math.min(latencies.length - 1, (int) Math.ceil(p * latencies.length) - 1)] / 1e6;
        }
    }

    /** Every annotator saves in this design for the given time; latencies in ns, sorted. */
    Result run(Design design, List<Annotator> annotators, int seconds) throws Exception {
        System.gc();
        String loadBefore = loadAverage();
        long wal = walPosition();
        long jvmCpu = jvmCpuNanos();
        long pgCpu = postgresCpuNanos();
        long gc = gcMillis();
        List<long[]> perAnnotator = new ArrayList<>();
        AtomicLong refused = new AtomicLong();
        long start = System.nanoTime();
        long end = start + seconds * SECOND;
        try (Sampler sampler = new Sampler(); ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<long[]>> futures = new ArrayList<>();
            for (Annotator annotator : annotators) {
                futures.add(threads.submit(() -> {
                    Random pacing = new Random(annotator.index * 31L + design.ordinal());
                    long[] latencies = new long[seconds * 3 + 8];
                    int n = 0;
                    long next = start + (long) (pacing.nextDouble() * SECOND);
                    while (true) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(Duration.ofNanos(wait));
                        }
                        if (System.nanoTime() >= end || n == latencies.length) {
                            break;
                        }
                        long t0 = System.nanoTime();
                        boolean ok = annotator.save(design);
                        long t1 = System.nanoTime();
                        if (ok) {
                            latencies[n++] = t1 - t0;
                        } else {
                            refused.incrementAndGet();
                        }
                        next = Math.max(next + SECOND / 2 + (long) (pacing.nextDouble() * SECOND), t1);
                    }
                    return Arrays.copyOf(latencies, n);
                }));
            }
            for (Future<long[]> future : futures) {
                perAnnotator.add(future.get());
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long[] all = perAnnotator.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            sampler.close();
            return new Result(design, all, (int) refused.get(), elapsed, walPosition() - wal, jvmCpuNanos() - jvmCpu,
                    postgresCpuNanos() - pgCpu, gcMillis() - gc, sampler.maxHeap.get(), sampler.maxRss.get(),
                    sampler.maxPgPss.get(), loadBefore + " -> " + loadAverage());
        }
    }

    static Result merge(List<Result> rounds) {
        long[] all = rounds.stream().flatMapToLong(r -> Arrays.stream(r.latencies())).sorted().toArray();
        return new Result(rounds.getFirst().design(), all, rounds.stream().mapToInt(Result::refused).sum(),
                rounds.stream().mapToDouble(Result::seconds).sum(), rounds.stream().mapToLong(Result::walBytes).sum(),
                rounds.stream().mapToLong(Result::jvmCpu).sum(), rounds.stream().mapToLong(Result::pgCpu).sum(),
                rounds.stream().mapToLong(Result::gcMillis).sum(), rounds.stream().mapToLong(Result::maxHeap).max()
                .orElse(0), rounds.stream().mapToLong(Result::maxRss).max().orElse(0),
                rounds.stream().mapToLong(Result::maxPgPss).max().orElse(0),
                String.join(", ", rounds.stream().map(Result::load).toList()));
    }

    static void print(String when, Result r) {
        int saves = r.latencies().length;
        System.out.printf(Locale.ROOT, "BENCH %-9s %-26s saves %6d (%5.1f/s) refused %d | latency ms p50 %6.1f p95 %6.1f "
                        + "p99 %6.1f max %7.1f | per save: WAL %6.0f B, JVM CPU %5.2f ms, PostgreSQL CPU %5.2f ms | "
                        + "GC %5d ms | max heap %4d MiB, JVM RSS %4d MiB, PostgreSQL PSS %4d MiB | load %s%n",
                when, r.design().title, saves, saves / r.seconds(), r.refused(), r.pct(0.50), r.pct(0.95), r.pct(0.99),
                saves == 0 ? Double.NaN : r.latencies()[saves - 1] / 1e6, (double) r.walBytes() / Math.max(1, saves),
                r.jvmCpu() / 1e6 / Math.max(1, saves), r.pgCpu() / 1e6 / Math.max(1, saves), r.gcMillis(),
                r.maxHeap() >> 20, r.maxRss() >> 20, r.maxPgPss() >> 20, r.load());
    }

    // --- the run -------------------------------------------------------------------------------------------------

    @Test
    void autosaveUnder200Annotators() throws Exception {
        long setupStart = System.nanoTime();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            String stat = Files.readString(Path.of("/proc", Integer.toString(rs.getInt(1)), "stat"));
            postmaster = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        }
        String run = Long.toString(System.currentTimeMillis(), 36);
        SchemaVersion version;
        List<UUID> episodes = new ArrayList<>();
        signIn.as("pm@acme.test");
        try {
            UUID dataset = datasets.create("autosave benchmark " + run, "").id();
            for (int e = 0; e < EPISODES; e++) {
                try (EpisodeRecorder recorder = store.record(current.id(), dataset, null)) {
                    recorder.describe(EpisodeDescription.of("twenty-minutes-" + e, "bench.mcap", "benchmark"));
                    EpisodeRecorder.SignalStreamWriter joints = recorder.signal("joints",
                            StreamSource.of("bench.mcap"), List.of(new SignalChannel("j1", "rad")));
                    for (long t = 0; t <= DURATION; t += 100_000_000L) {
                        joints.append(t, 0.0);
                    }
                    episodes.add(recorder.commit().id());
                }
            }
            version = schemas.create(new LabelSchema("autosave benchmark " + run, "",
                    LabelSchemaJson.humanoidStarter().definitions()));
        } finally {
            signIn.out();
        }

        List<String> emails = new ArrayList<>();
        List<String> passwords = new ArrayList<>();
        signIn.as("admin@acme.test");
        try {
            for (int i = 0; i < ANNOTATORS; i++) {
                String email = "bench-" + run + "-" + i + "@acme.test";
                MemberAddition added = members.add(new NewMember(email, "Bench annotator " + i, Set.of(Role.QA_LEAD)));
                emails.add(email);
                passwords.add(added.oneTimePassword().orElseThrow());
            }
        } finally {
            signIn.out();
        }
        List<Annotator> annotators = new ArrayList<>();
        for (int i = 0; i < ANNOTATORS; i++) {
            signIn.as(emails.get(i));
            try {
                Draft draft = drafts.openDirect(episodes.get(i % EPISODES), version.id());
                annotators.add(new Annotator(i, draft.id()));
            } finally {
                signIn.out();
            }
        }
        long signInStart = System.nanoTime();
        for (int i = 0; i < ANNOTATORS; i++) {
            Annotator a = annotators.get(i);
            HttpResponse<String> login = http.send(FormSignIn.open(http,
                            URI.create("http://127.0.0.1:" + port + "/login"))
                    .post(emails.get(i), passwords.get(i)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(302);
            assertThat(login.headers().firstValue("Location").orElseThrow()).doesNotContain("error");
            a.cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                    .findFirst().orElseThrow().split(";")[0];
            HttpResponse<String> csrf = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/csrf")).header("Cookie", a.cookie).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode token = json.readTree(csrf.body());
            a.csrfHeader = token.get("headerName").asString();
            a.csrfToken = token.get("token").asString();
        }
        double signInSeconds = (System.nanoTime() - signInStart) / 1e9;

        // Seed: every draft (and the peers' copies) starts with the same SEED_LABELS labels.
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table bench_document (id uuid primary key, owner_id uuid not null, "
                    + "revision bigint not null, body jsonb not null)");
            s.execute("create table bench_op (doc_id uuid not null, save_id uuid not null, seq int not null, "
                    + "op jsonb not null, primary key (doc_id, save_id, seq))");
        }
        for (Annotator a : annotators) {
            Document seed = new Document(a.index);
            List<String> ops = new ArrayList<>();
            List<UUID> put = new ArrayList<>();
            for (int k = 0; k < SEED_LABELS; k++) {
                Lab lab = k % 4 == 3 ? new Lab(UUID.randomUUID(), false, CONTACTS[k % CONTACTS.length],
                        (long) (seed.random.nextDouble() * DURATION), 0, 0, 0) : null;
                if (lab == null) {
                    long length = SECOND / 2 + (long) (seed.random.nextDouble() * 2.5 * SECOND);
                    lab = new Lab(UUID.randomUUID(), true, PHASES[k % PHASES.length], seed.phaseCursor,
                            seed.phaseCursor + length, seed.phaseCursor + length, 0);
                    seed.phaseCursor += length + SECOND / 4;
                }
                seed.put(lab);
                put.add(lab.id());
                ops.add("{\"op\":\"put\",\"label\":" + lab.json() + ",\"baseRevision\":0}");
            }
            HttpResponse<String> seeded = a.post("/api/v1/drafts/" + a.draftId + "/saves", "{\"saveId\":\""
                    + UUID.randomUUID() + "\",\"clientId\":\"seed\",\"ops\":[" + String.join(",", ops) + "]}");
            assertThat(seeded.statusCode()).as(seeded.body()).isEqualTo(200);
            seed.acknowledge(put, json.readTree(seeded.body()).get("revision").asLong());
            Document document = seed.copy();
            document.revision = 0;
            try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(
                    "insert into bench_document (id, owner_id, revision, body) "
                            + "select ?, user_id, 0, ?::jsonb from membership m join app_user u on u.id = m.user_id "
                            + "where u.email = ?")) {
                insert.setObject(1, a.documentId);
                insert.setString(2, document.wholeBody());
                insert.setString(3, emails.get(a.index));
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            a.documents.put(Design.OURS, seed.copy());
            a.documents.put(Design.DOCUMENT, document);
            a.documents.put(Design.FLOOR, seed.copy());
            // the same op sequence in every design
            long sequence = a.index * 7919L;
            a.documents.values().forEach(d -> d.random.setSeed(sequence));
        }
        System.out.printf(Locale.ROOT, "BENCH setup %.1f s (%d sign-ins in %.1f s, %.0f ms each), %d annotators, "
                        + "%d labels seeded per draft, %d s per design x %d round(s), %d cores%n",
                (System.nanoTime() - setupStart) / 1e9, ANNOTATORS, signInSeconds, signInSeconds * 1000 / ANNOTATORS,
                ANNOTATORS, SEED_LABELS, SECONDS, ROUNDS, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "BENCH PostgreSQL: postmaster %d with %d processes, %d MiB PSS%n", postmaster,
                postgresProcesses().size(), postgresPssBytes() >> 20);

        if (WARMUP > 0) {
            for (Design design : Design.values()) {
                print("warm-up", run(design, annotators, WARMUP));
            }
        }
        Map<Design, List<Result>> results = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (Design design : Design.values()) {
                // -Dbench.jfr=FILE records our first measured phase with Flight Recorder (CPU samples, locks)
                jdk.jfr.Recording recording = null;
                if (round == 0 && design == Design.OURS && System.getProperty("bench.jfr") != null) {
                    recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
                    recording.setDestination(Path.of(System.getProperty("bench.jfr")));
                    recording.start();
                }
                Result result = run(design, annotators, SECONDS);
                if (recording != null) {
                    recording.stop();
                    recording.close();
                }
                print("round " + (round + 1), result);
                results.computeIfAbsent(design, d -> new ArrayList<>()).add(result);
            }
        }
        Map<Design, Result> merged = new LinkedHashMap<>();
        results.forEach((design, list) -> merged.put(design, merge(list)));
        merged.values().forEach(r -> print("all", r));
        Result ours = merged.get(Design.OURS);
        for (Design peer : List.of(Design.DOCUMENT, Design.FLOOR)) {
            Result p = merged.get(peer);
            System.out.printf(Locale.ROOT, "BENCH ratio ours / %s: p50 %.2fx, p99 %.2fx, WAL per save %.2fx, "
                            + "PostgreSQL CPU per save %.2fx, JVM CPU per save %.2fx%n", peer.title, ours.pct(0.5) / p.pct(0.5),
                    ours.pct(0.99) / p.pct(0.99),
                    ((double) ours.walBytes() / ours.latencies().length) / ((double) p.walBytes() / p.latencies().length),
                    ((double) ours.pgCpu() / ours.latencies().length) / ((double) p.pgCpu() / p.latencies().length),
                    ((double) ours.jvmCpu() / ours.latencies().length) / ((double) p.jvmCpu() / p.latencies().length));
        }
        int labels = annotators.stream().mapToInt(a -> a.documents.get(Design.OURS).labels.size()).sum();
        System.out.printf(Locale.ROOT, "BENCH labels per draft at the end: %.0f on average%n",
                (double) labels / ANNOTATORS);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select relname, pg_total_relation_size(oid) from pg_class where relname "
                     + "in ('label', 'label_change', 'audit_event', 'bench_document', 'bench_op') order by 1")) {
            StringBuilder sizes = new StringBuilder("BENCH table sizes:");
            while (rs.next()) {
                sizes.append(String.format(Locale.ROOT, " %s %.1f MiB", rs.getString(1), rs.getLong(2) / 1048576.0));
            }
            System.out.println(sizes);
        }
        String verdict = ours.pct(0.99) <= 50 ? "MET" : "NOT MET";
        System.out.printf(Locale.ROOT, "BENCH target p99 <= 50 ms for ours: %s (%.1f ms)%n", verdict, ours.pct(0.99));
        results.values().forEach(list -> list.forEach(r -> assertThat(r.refused()).as(r.design().title).isZero()));
    }
}
