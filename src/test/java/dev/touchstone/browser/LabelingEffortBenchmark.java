package dev.touchstone.browser;

import com.microsoft.playwright.Locator;
import dev.touchstone.SignIn;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.ingest.ImportProgress;
import dev.touchstone.ingest.bundle.BundleImporter;
import dev.touchstone.ingest.generator.EpisodeGenerator;
import dev.touchstone.ingest.generator.GeneratorOptions;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.organization.OrganizationService;
import dev.touchstone.organization.Role;
import dev.touchstone.proposal.ProposalService;
import dev.touchstone.workflow.NewProject;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkflowService;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * Benchmark, not a test (its name keeps it out of the IT run; it prints, and asserts only that the run happened):
 * labeling effort with and without proposals (issue 20). Generated episodes (default realism, unseen seeds) are
 * imported into one dataset with three projects over it, each restricted to its own new annotator: two show the stored
 * signal proposals ({@link ProposalService#proposeFromSignals}; one annotator accepts each right proposal with Enter,
 * the other accepts what is left right on a track with one Shift+Enter), one is labelled blind ("Annotators see
 * proposals" off). A scripted annotator opens each task from My work and, in the browser, with the workspace's keys and the
 * label list, makes the draft hold the generated episode's ground-truth phases and contact events within the tolerance
 * (contact: the schema's 100 ms; phases: the same 100 ms for each boundary, the schema has none for phases), then
 * submits. What it reached is checked against the stored draft afterwards. See docs/benchmarks.md, "Labeling effort
 * with proposals". Run with {@code -Dit.test=LabelingEffortBenchmark} (-Dbench.episodes=N, -Dbench.seed=S).
 */
class LabelingEffortBenchmark extends BrowserTest {

    private static final String STARTER = "Humanoid manipulation (starter)";
    private static final int EPISODES = Integer.getInteger("bench.episodes", 6);
    /** "demo": the generator's defaults (30 s and more, 320x240, as the demo); "small": 20 s, small images. */
    private static final String SIZE = System.getProperty("bench.size", "demo");
    private static final long SEED = Long.getLong("bench.seed", 20_2612L);
    private static final long TOLERANCE = 100_000_000L;
    /** How close the script brings a boundary it moves (half the tolerance, so frame snapping keeps it inside). */
    private static final long AIM = TOLERANCE / 2;
    private static final Map<String, String> EVENTS = Map.of("contact_on", "contact-on", "contact_off", "contact-off");
    private static final Map<String, String> EVENT_KEYS = Map.of("contact-on", "c", "contact-off", "v");
    private static final Map<String, String> PHASE_KEYS = Map.of("reach", "1", "grasp", "2", "lift", "3",
            "transport", "4", "place", "5", "release", "6", "retract", "7");

    @Autowired
    SignIn signIn;
    @Autowired
    OrganizationService organizations;
    @Autowired
    OrganizationProvisioning provisioning;
    @Autowired
    DatasetService datasets;
    @Autowired
    EpisodeStore store;
    @Autowired
    BundleImporter importer;
    @Autowired
    LabelSchemaService schemas;
    @Autowired
    WorkflowService workflow;
    @Autowired
    ProposalService proposals;
    @Autowired
    JsonMapper json;
    @Autowired
    DSLContext dsl;

    record Truth(List<Target> phases, List<Target> events) {
    }

    /** A phase (start, end) or an event (start = end = its time) of the ground truth. */
    record Target(String classKey, long start, long end) {
    }

    /** What the scripted annotator did on one task. */
    static final class Effort {
        int creations;
        int moves;
        int deletes;
        int accepts;
        int keys;
        int clicks;
        double seconds;
        boolean reached;
        String misses = "";
        /** The episode: its length and the generator's disturbances in it. */
        String episode = "";

        int edits() {
            return creations + moves + deletes + accepts;
        }

        int inputs() {
            return keys + clicks;
        }
    }

    /** A label in the browser's store, with whether it is still a pending proposal. */
    record Shown(String id, String kind, String classKey, long start, long end, boolean pending) {
    }

    private WorkspacePage ws;

    @Test
    void labelTheGroundTruthWithAndWithoutProposals() throws Exception {
        UUID version;
        signIn.as("pm@acme.test");
        try {
            version = schemas.schemas().stream().filter(s -> s.name().equals(STARTER)).findFirst().orElseThrow()
                    .latestVersionId();
        } finally {
            signIn.out();
        }
        UUID dataset = generateAndImport();
        String withProposals = annotator("Effort With");
        String withTracks = annotator("Effort Tracks");
        String blind = annotator("Effort Blind");
        Project shown = project("Effort with proposals", dataset, version, withProposals, true);
        Project shownTracks = project("Effort with proposals by track", dataset, version, withTracks, true);
        project("Effort blind", dataset, version, blind, false);
        waitForProposals(shown);
        waitForProposals(shownTracks);

        Map<String, Effort> with = label(withProposals, Mode.EACH);
        Map<String, Effort> tracks = label(withTracks, Mode.TRACK);
        Map<String, Effort> without = label(blind, Mode.BLIND);

        System.out.println("BENCH episode (length, outcome, contacts, disturbances) | condition | creations moves deletes accepts = edits | keys clicks = inputs"
                + " | seconds | reached");
        Effort totalWith = new Effort();
        Effort totalTracks = new Effort();
        Effort totalWithout = new Effort();
        for (String episode : with.keySet()) {
            print(episode, "with, Enter each", with.get(episode));
            print(episode, "with, Shift+Enter per track", tracks.get(episode));
            print(episode, "without", without.get(episode));
            add(totalWith, with.get(episode));
            add(totalTracks, tracks.get(episode));
            add(totalWithout, without.get(episode));
        }
        int n = with.size();
        summary("with, Enter each", totalWith, totalWithout, with, n);
        summary("with, Shift+Enter per track", totalTracks, totalWithout, tracks, n);
        System.out.printf("BENCH without proposals: %.1f edits, %.1f inputs, %.1f s per task; reached %d/%d%n",
                totalWithout.edits() / (double) n, totalWithout.inputs() / (double) n, totalWithout.seconds / n,
                without.values().stream().filter(e -> e.reached).count(), n);
        for (Project p : List.of(shown, shownTracks)) {
            System.out.println("BENCH proposal outcomes of " + p.name() + ": " + dsl.fetch("""
                    select coalesce(lp.outcome, 'proposed') o, count(*) from label_proposal lp
                    join assignment a on a.draft_id = lp.draft_id join task t on t.id = a.task_id
                    where t.project_id = ? group by 1 order by 1""", p.id()).map(r -> r.get(0) + "=" + r.get(1)));
        }
        org.assertj.core.api.Assertions.assertThat(with).hasSize(EPISODES);
    }

    enum Mode { BLIND, EACH, TRACK }

    private static void summary(String condition, Effort total, Effort without, Map<String, Effort> each, int n) {
        System.out.printf("BENCH %s: %.1f edits, %.1f inputs, %.1f s per task (mean of %d); ratio to without:"
                        + " edits %.2fx, inputs %.2fx, wall time %.2fx (goal edits <= 0.30x); reached %d/%d%n",
                condition, total.edits() / (double) n, total.inputs() / (double) n, total.seconds / n, n,
                total.edits() / (double) without.edits(), total.inputs() / (double) without.inputs(),
                total.seconds / without.seconds, each.values().stream().filter(e -> e.reached).count(), n);
    }

    private static void add(Effort total, Effort one) {
        total.creations += one.creations;
        total.moves += one.moves;
        total.deletes += one.deletes;
        total.accepts += one.accepts;
        total.keys += one.keys;
        total.clicks += one.clicks;
        total.seconds += one.seconds;
    }

    private static void print(String episode, String condition, Effort e) {
        System.out.printf("BENCH %s (%s) | %s | %d %d %d %d = %d | %d %d = %d | %.1f | %s%s%n", episode, e.episode,
                condition, e.creations, e.moves, e.deletes, e.accepts, e.edits(), e.keys, e.clicks, e.inputs(),
                e.seconds, e.reached ? "yes" : "NO", e.misses.isEmpty() ? "" : " (" + e.misses + ")");
    }

    // ---- setup ---------------------------------------------------------------------------------------------------

    private UUID generateAndImport() throws Exception {
        Path work = Files.createTempDirectory("labeling-effort");
        GeneratorOptions options = SIZE.equals("small") ? GeneratorOptions.small() : GeneratorOptions.defaults();
        EpisodeGenerator generator = new EpisodeGenerator(options);
        for (int i = 0; i < EPISODES; i++) {
            generator.generate(work.resolve("episode_%04d".formatted(i)), "effort-%04d".formatted(i),
                    EpisodeGenerator.episodeSeed(SEED, i));
        }
        signIn.as("admin@acme.test");
        try {
            Dataset dataset = datasets.create("Labeling effort " + UUID.randomUUID(), "");
            for (var source : importer.episodes(work)) {
                try (EpisodeRecorder recorder = store.record(organizations.current().id(), dataset.id(), null)) {
                    importer.read(source, recorder, ImportProgress.NONE);
                    recorder.commit();
                }
            }
            return dataset.id();
        } finally {
            signIn.out();
        }
    }

    private String annotator(String name) {
        String email = "effort-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
        provisioning.addMember(provisioning.organization("acme").orElseThrow(), email, name, "touchstone-demo",
                EnumSet.of(Role.ANNOTATOR));
        return email;
    }

    private Project project(String name, UUID dataset, UUID version, String annotator, boolean show) {
        UUID user = provisioning.accountOrganizations(annotator).orElseThrow().userId();
        signIn.as("pm@acme.test");
        try {
            Project p = workflow.createProject(new NewProject(name + " " + UUID.randomUUID(), dataset, version, 1, 0,
                    3600, 1000, null, null, Set.of(user)));
            if (!show) {
                workflow.updateProject(p.id(), p.overlap(), p.goldRate(), p.leaseSeconds(), p.priority(),
                        p.deadline(), workflow.settings(p.id()).withShowProposals(false));
            }
            return p;
        } finally {
            signIn.out();
        }
    }

    private void waitForProposals(Project project) throws InterruptedException {
        signIn.as("pm@acme.test");
        try {
            proposals.proposeFromSignals(project.id());
            for (int attempt = 0; attempt < 600; attempt++) {
                if (proposals.sets(project.id()).size() >= 2 * EPISODES) {
                    return;
                }
                Thread.sleep(500);
            }
        } finally {
            signIn.out();
        }
        throw new AssertionError("the signal proposals were not stored in time");
    }

    // ---- the scripted annotator --------------------------------------------------------------------------------

    private Map<String, Effort> label(String annotator, Mode mode) {
        Map<String, Effort> efforts = new LinkedHashMap<>();
        AppShell shell = signInAs(annotator);
        for (int i = 0; i < EPISODES; i++) {
            page.navigate("/work");
            page.locator("#start-labeling").click();
            page.waitForURL(Pattern.compile(".*/work/[0-9a-f-]{36}$"));
            UUID assignment = UUID.fromString(page.url().substring(page.url().lastIndexOf('/') + 1));
            ws = new WorkspacePage(page).waitUntilReady();
            var row = dsl.fetchSingle("""
                    select e.name, e.ground_truth::text, a.draft_id from assignment a join task t on t.id = a.task_id
                    join episode e on e.id = t.episode_id where a.id = ?""", assignment);
            String name = row.get(0, String.class);
            Truth truth = truth(row.get(1, String.class));
            Effort effort = new Effort();
            effort.episode = describe(row.get(1, String.class));
            long started = System.nanoTime();
            if (mode != Mode.BLIND) {
                correctProposals(truth, effort, mode == Mode.TRACK);
            } else {
                labelFromScratch(truth, effort);
            }
            // The required episode values, the same in both conditions.
            keys(effort, "o", "Space", "Escape", "q", "Space", "Escape");
            ws.waitSaved();
            ws.submit().click();
            effort.clicks++;
            assertThat(ws.submitted()).isVisible();
            effort.seconds = (System.nanoTime() - started) / 1e9;
            check(row.get(2, UUID.class), truth, effort);
            efforts.put(name, effort);
        }
        shell.signOut();
        return efforts;
    }

    /** Without proposals: consecutive phases one key each at their starts, Enter at the end; events one key each. */
    private void labelFromScratch(Truth truth, Effort effort) {
        List<Target> phases = truth.phases();
        for (int i = 0; i < phases.size(); i++) {
            Target p = phases.get(i);
            boolean joined = i > 0 && phases.get(i - 1).end() == p.start();
            if (i > 0 && !joined) {
                seek(effort, phases.get(i - 1).end());
                keys(effort, "Enter");
            }
            seek(effort, p.start());
            keys(effort, PHASE_KEYS.get(p.classKey()));
            effort.creations++;
        }
        if (!phases.isEmpty()) {
            seek(effort, phases.getLast().end());
            keys(effort, "Enter");
        }
        for (Target e : truth.events()) {
            seek(effort, e.start());
            keys(effort, EVENT_KEYS.get(e.classKey()));
            effort.creations++;
        }
    }

    /**
     * With proposals: each ground-truth label is matched to a proposal of its class (phases in order, events the
     * nearest within 1 s); proposals matched by none are deleted; a match within the tolerance is accepted with Enter,
     * one outside is moved with Ctrl(+Shift)+arrows a frame at a time (each boundary that needed moving is one move);
     * a label with no proposal is made as without proposals.
     */
    private void correctProposals(Truth truth, Effort effort, boolean byTrack) {
        List<Shown> shown = shown();
        Map<Target, String> phaseMatch = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        for (Target t : truth.phases()) {
            shown.stream().filter(s -> s.kind().equals("phase") && s.pending() && !used.contains(s.id())
                            && s.classKey().equals(t.classKey()) && s.end() > t.start() && s.start() < t.end())
                    .max(Comparator.comparingLong(s -> Math.min(s.end(), t.end()) - Math.max(s.start(), t.start())))
                    .ifPresent(s -> {
                        phaseMatch.put(t, s.id());
                        used.add(s.id());
                    });
        }
        Map<Target, String> eventMatch = new LinkedHashMap<>();
        for (Target t : truth.events()) {
            shown.stream().filter(s -> s.kind().equals("event") && s.pending() && !used.contains(s.id())
                            && s.classKey().equals(t.classKey()) && Math.abs(s.start() - t.start()) <= 1_000_000_000L)
                    .min(Comparator.comparingLong(s -> Math.abs(s.start() - t.start())))
                    .ifPresent(s -> {
                        eventMatch.put(t, s.id());
                        used.add(s.id());
                    });
        }
        for (Shown s : shown) {
            if (s.pending() && !used.contains(s.id()) && (s.kind().equals("phase") || s.kind().equals("event"))) {
                select(effort, s.id());
                keys(effort, "Delete");
                effort.deletes++;
            }
        }
        for (Target t : truth.phases()) {
            String id = phaseMatch.get(t);
            if (id == null) {
                continue;
            }
            boolean moved = moveTo(effort, id, t.start(), false);
            moved |= moveTo(effort, id, t.end(), true);
            if (!byTrack && !moved && current(id).pending()) {
                select(effort, id);
                keys(effort, "Enter");
                effort.accepts++;
            }
        }
        for (Target t : truth.events()) {
            String id = eventMatch.get(t);
            if (id == null) {
                continue;
            }
            if (!moveTo(effort, id, t.start(), false) && !byTrack) {
                select(effort, id);
                keys(effort, "Enter");
                effort.accepts++;
            }
        }
        if (byTrack) {
            // What is left pending is right: one Shift+Enter per track accepts it all (one edit, one undo step).
            for (String kind : List.of("phase", "event")) {
                shown().stream().filter(s -> s.kind().equals(kind) && s.pending()).findFirst().ifPresent(s -> {
                    select(effort, s.id());
                    keys(effort, "Shift+Enter");
                    effort.accepts++;
                });
            }
        }
        for (Target t : truth.phases()) {
            if (!phaseMatch.containsKey(t)) {
                seek(effort, t.start());
                keys(effort, PHASE_KEYS.get(t.classKey()));
                seek(effort, t.end());
                keys(effort, "Enter");
                effort.creations++;
            }
        }
        for (Target t : truth.events()) {
            if (!eventMatch.containsKey(t)) {
                seek(effort, t.start());
                keys(effort, EVENT_KEYS.get(t.classKey()));
                effort.creations++;
            }
        }
    }

    /**
     * Nudges a phase's start (or end) or an event one frame at a time toward {@code target} until it is within
     * {@link #AIM}; returns whether it had to move (one move, however many frames: holding the key is one undo step).
     */
    private boolean moveTo(Effort effort, String id, long target, boolean end) {
        Shown s = current(id);
        long at = end ? s.end() : s.start();
        if (Math.abs(at - target) <= TOLERANCE) {
            return false;
        }
        select(effort, id);
        effort.moves++;
        for (int press = 0; press < 400 && Math.abs(at - target) > AIM; press++) {
            String key = (end ? "Control+Shift+" : "Control+") + (target > at ? "ArrowRight" : "ArrowLeft");
            keys(effort, key);
            Shown now = current(id);
            long next = end ? now.end() : now.start();
            if (next == at) {
                break; // refused (a neighbour that does not share the boundary stops it)
            }
            at = next;
        }
        return true;
    }

    private void select(Effort effort, String id) {
        Object selected = page.evaluate("document.querySelector('ts-label-workspace').store.selected");
        if (!id.equals(selected)) {
            ws.listItem(id).click();
            effort.clicks++;
        }
        ws.focusPlayer();
    }

    /** A click on the timeline at that time (done through the player, the same place a click would seek to). */
    private void seek(Effort effort, long nanos) {
        ws.seek(nanos / 1e9);
        effort.clicks++;
    }

    private void keys(Effort effort, String... keys) {
        ws.press(keys);
        effort.keys += keys.length;
    }

    private List<Shown> shown() {
        String labels = (String) page.evaluate("""
                () => { const w = document.querySelector('ts-label-workspace');
                  return JSON.stringify(w.store.labels().map(l => ({id: l.id, kind: l.kind, classKey: l.classKey ?? '',
                    start: l.kind === 'event' ? l.time : (l.start ?? -1), end: l.kind === 'event' ? l.time : (l.end ?? -1),
                    pending: w.store.isPending(l.id)}))); }""");
        List<Shown> shown = new ArrayList<>();
        for (JsonNode l : json.readTree(labels)) {
            shown.add(new Shown(l.path("id").asString(), l.path("kind").asString(), l.path("classKey").asString(),
                    l.path("start").asLong(), l.path("end").asLong(), l.path("pending").asBoolean()));
        }
        return shown;
    }

    private Shown current(String id) {
        return shown().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    private String describe(String groundTruth) {
        JsonNode truth = json.readTree(groundTruth);
        Set<String> kinds = new java.util.TreeSet<>();
        truth.path("disturbances").forEach(d -> kinds.add(d.path("kind").asString()));
        return "%.0f s, %s, %d contacts%s".formatted(truth.path("durationNanos").asLong() / 1e9,
                truth.path("outcome").asString(), truth(groundTruth).events().size(),
                kinds.isEmpty() ? ", clean" : ", " + String.join("+", kinds));
    }

    private Truth truth(String groundTruth) {
        JsonNode truth = json.readTree(groundTruth);
        List<Target> phases = new ArrayList<>();
        for (JsonNode p : truth.path("phases")) {
            phases.add(new Target(p.path("label").asString(), p.path("startNanos").asLong(), p.path("endNanos").asLong()));
        }
        List<Target> events = new ArrayList<>();
        for (JsonNode e : truth.path("events")) {
            String key = EVENTS.get(e.path("label").asString());
            if (key != null) {
                events.add(new Target(key, e.path("timeNanos").asLong(), e.path("timeNanos").asLong()));
            }
        }
        phases.sort(Comparator.comparingLong(Target::start));
        events.sort(Comparator.comparingLong(Target::start));
        return new Truth(phases, events);
    }

    /** Whether the submitted draft holds exactly the ground truth's phases and contacts, each within the tolerance. */
    private void check(UUID draft, Truth truth, Effort effort) {
        List<Target> phases = new ArrayList<>();
        List<Target> events = new ArrayList<>();
        dsl.fetch("select body::text from label where draft_id = ? and not deleted", draft).forEach(r -> {
            JsonNode l = json.readTree(r.get(0, String.class));
            switch (l.path("kind").asString()) {
                case "phase" -> phases.add(new Target(l.path("classKey").asString(), l.path("start").asLong(),
                        l.path("end").asLong()));
                case "event" -> {
                    if (l.path("definition").asString().equals("contact")) {
                        events.add(new Target(l.path("classKey").asString(), l.path("time").asLong(),
                                l.path("time").asLong()));
                    }
                }
                default -> { }
            }
        });
        List<String> misses = new ArrayList<>();
        match(truth.phases(), phases, "phase", misses);
        match(truth.events(), events, "event", misses);
        effort.reached = misses.isEmpty();
        effort.misses = String.join("; ", misses);
    }

    private static void match(List<Target> truth, List<Target> made, String what, List<String> misses) {
        List<Target> left = new ArrayList<>(made);
        for (Target t : truth) {
            Target hit = left.stream().filter(m -> m.classKey().equals(t.classKey())
                            && Math.abs(m.start() - t.start()) <= TOLERANCE && Math.abs(m.end() - t.end()) <= TOLERANCE)
                    .findFirst().orElse(null);
            if (hit == null) {
                misses.add("missing " + what + " " + t.classKey() + " at " + t.start() / 1e9);
            } else {
                left.remove(hit);
            }
        }
        left.forEach(m -> misses.add("extra " + what + " " + m.classKey() + " at " + m.start() / 1e9));
    }
}
