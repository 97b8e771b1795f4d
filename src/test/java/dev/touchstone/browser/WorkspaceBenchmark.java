package dev.touchstone.browser;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.microsoft.playwright.CDPSession;
import dev.touchstone.SignIn;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamKind;
import dev.touchstone.ingest.bundle.BundleImporter;
import dev.touchstone.ingest.generator.GeneratorOptions;
import dev.touchstone.labeling.Draft;
import dev.touchstone.labeling.DraftOp;
import dev.touchstone.labeling.DraftSave;
import dev.touchstone.labeling.DraftService;
import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchemaService;
import dev.touchstone.labeling.SchemaSummary;
import dev.touchstone.labeling.SchemaVersion;
import dev.touchstone.organization.OrganizationService;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Benchmark, not a test (no assertions on the numbers; its name keeps it out of the IT run): opening the labeling
 * workspace ({@code episodes/:id/label?schema=}) on a generated demo-like episode (default generator options) with a
 * draft that already holds a realistic amount of labels, against the peer: the plain player page
 * ({@code episodes/:id/play}) of the same episode, which builds the same player with the same views. In one run and
 * alternating: from navigation start until every view has painted (cameras {@code data-frame}, the signal view's first
 * window, tactile drawn, the LiDAR and depth views' first frame) and, for the workspace, until it is ready to label
 * (side panel, every stored label in the list, the phase segments on the label tracks, save state "saved"). Once
 * cold, then warm reloads; the browser's JS heap after each open (CDP Performance.getMetrics, before and after a
 * forced GC). Run with {@code -Dit.test=WorkspaceBenchmark}; see docs/benchmarks.md.
 */
class WorkspaceBenchmark extends BrowserTest {

    private static final String STARTER = "Humanoid manipulation (starter)";
    private static final String MEMBER = "pm@acme.test";
    private static final int WARM = Integer.getInteger("bench.warm", 7);
    /** Which page is opened first when the server is cold: "workspace" (default) or "player". */
    private static final String FIRST = System.getProperty("bench.first", "workspace");

    private static final int PHASES = 7;
    private static final int EVENTS = 40;
    private static final int BOX_TRACKS = 20;
    private static final int BOX_KEYFRAMES = 10;
    private static final int CUBOID_TRACKS = 5;
    private static final int CUBOID_KEYFRAMES = 10;

    @Autowired
    SignIn signIn;
    @Autowired
    OrganizationService organizations;
    @Autowired
    DatasetService datasets;
    @Autowired
    EpisodeStore store;
    @Autowired
    BundleImporter importer;
    @Autowired
    LabelSchemaService schemas;
    @Autowired
    DraftService drafts;
    @Autowired
    JsonMapper json;
    @Autowired
    DSLContext dsl;

    @Test
    void openTheWorkspaceAndThePlayerPage() throws Exception {
        long started = System.nanoTime();
        GeneratorOptions options = GeneratorOptions.defaults();
        EpisodeDetail detail = GeneratedEpisode.generateAndImport("workspace bench", options, signIn, organizations, datasets,
                store, importer);
        UUID episode = detail.episode().id();
        int cameras = count(detail, StreamKind.VIDEO);
        int tactile = count(detail, StreamKind.TACTILE);
        int clouds = count(detail, StreamKind.POINTCLOUD);
        int depths = count(detail, StreamKind.DEPTH);
        System.out.printf("BENCH generated and imported a %.0f s episode at %dx%d in %.1f s: %d cameras, %d signal"
                        + " streams, %d tactile, %d depth, %d point cloud%n", options.durationSeconds(),
                options.width(), options.height(), (System.nanoTime() - started) / 1e9, cameras,
                count(detail, StreamKind.SIGNAL), tactile, depths, clouds);
        waitForTheDemoImport();

        // The member's draft under the starter schema, with the labels of a thoroughly labelled episode.
        UUID schemaVersion;
        int labels;
        signIn.as(MEMBER);
        try {
            SchemaVersion version = schemas.schemas().stream().filter(s -> s.name().equals(STARTER)).findFirst()
                    .map(SchemaSummary::latestVersionId).flatMap(schemas::version).orElseThrow();
            schemaVersion = version.id();
            Draft draft = drafts.openDirect(episode, schemaVersion);
            List<Label> made = labels(detail, options);
            drafts.save(draft.id(), new DraftSave(UUID.randomUUID(), "workspace-bench",
                    made.stream().<DraftOp>map(l -> new DraftOp.Put(l, 0)).toList()));
            Draft stored = drafts.openDirect(episode, schemaVersion);
            labels = stored.labels().size();
            System.out.printf("BENCH draft of %s under '%s' v%d: %d labels (%d phases, %d events, 5 values,"
                            + " %d box tracks × %d keyframes, %d cuboid tracks × %d keyframes); the page hands over"
                            + " %,d bytes of draft JSON and %,d bytes of schema JSON%n", MEMBER, version.name(),
                    version.version(), labels, PHASES, EVENTS, BOX_TRACKS, BOX_KEYFRAMES, CUBOID_TRACKS,
                    CUBOID_KEYFRAMES, json.writeValueAsString(stored).length(),
                    json.writeValueAsString(version.schema()).length());
            serverSide(episode, schemaVersion);
        } finally {
            signIn.out();
        }

        context.addInitScript(WATCH.formatted(cameras, tactile, clouds, depths, labels, PHASES, EVENTS));
        signInAs(MEMBER);
        page.setDefaultTimeout(120_000);
        Set<String> failed = ConcurrentHashMap.newKeySet();
        page.onResponse(response -> {
            // signal/at and tactile/at answer 404 before a stream's first sample (docs/formats/media-api.md).
            if (response.status() >= 400 && failed.add(response.url().replaceAll("[0-9a-f-]{36}", "{id}"))) {
                System.out.println("BENCH note: HTTP " + response.status() + " for " + response.url());
            }
        });
        CDPSession cdp = context.newCDPSession(page);
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("workspace", "/episodes/" + episode + "/label?schema=" + schemaVersion);
        urls.put("player", "/episodes/" + episode + "/play");
        String second = FIRST.equals("player") ? "workspace" : "player";
        Map<String, List<Map<String, Object>>> opens = new HashMap<>();
        for (int round = 0; round <= WARM; round++) {
            // Alternating which page goes first, so neither always follows the other.
            List<String> order = round % 2 == 0 ? List.of(FIRST, second) : List.of(second, FIRST);
            for (String which : order) {
                Map<String, Object> open = open(urls.get(which), cdp);
                System.out.println("BENCH open " + which + " " + (round == 0 ? "cold" : "warm " + round) + " " + open);
                opens.computeIfAbsent(which, k -> new ArrayList<>()).add(open);
            }
        }

        System.out.printf("BENCH cold order: %s first, then %s (the first open also warms the server's media"
                + " readers for the second)%n", FIRST, second);
        Map<String, Double> medians = new HashMap<>();
        for (String which : List.of("workspace", "player")) {
            List<Map<String, Object>> all = opens.get(which);
            List<Map<String, Object>> warm = all.subList(1, all.size());
            double median = median(warm, o -> num(o, "all"));
            medians.put(which, median);
            System.out.printf("BENCH %s open to %s: cold %.0f ms; warm median %.0f ms, worst %.0f ms (%d opens);"
                            + " all views painted: warm median %.0f ms; ts-player in the page: warm median %.0f ms;"
                            + " before the first media request: warm median %.0f ms (%.0f–%.0f), cold %.0f ms;"
                            + " the route's Vaadin round trip: sent at %.0f ms, server %.0f ms, %,.0f bytes (warm"
                            + " medians; server cold %.0f ms)%n", which,
                    which.equals("workspace") ? "ready to label" : "all views painted", num(all.getFirst(), "all"),
                    median, max(warm, o -> num(o, "all")), warm.size(), median(warm, o -> num(o, "views")),
                    median(warm, o -> num(o, "player")), median(warm, o -> num(o, "firstMediaRequest")),
                    min(warm, o -> num(o, "firstMediaRequest")), max(warm, o -> num(o, "firstMediaRequest")),
                    num(all.getFirst(), "firstMediaRequest"), median(warm, o -> num(o, "routeSent")),
                    median(warm, o -> num(o, "routeServer")), median(warm, o -> num(o, "routeBytes")),
                    num(all.getFirst(), "routeServer"));
            System.out.printf("BENCH %s JS heap after open: used %.1f MiB (median of warm), after a forced GC"
                            + " %.1f MiB; DOM nodes %.0f, JS event listeners %.0f; long tasks %.0f ms%n", which,
                    median(warm, o -> num(o, "heapUsed")) / 1048576.0, median(warm, o -> num(o, "heapAfterGc")) / 1048576.0,
                    median(warm, o -> num(o, "nodes")), median(warm, o -> num(o, "listeners")),
                    median(warm, o -> num(o, "longTaskMs")));
        }
        List<Map<String, Object>> ws = opens.get("workspace");
        List<Map<String, Object>> pl = opens.get("player");
        List<Map<String, Object>> wsWarm = ws.subList(1, ws.size());
        List<Map<String, Object>> plWarm = pl.subList(1, pl.size());
        System.out.printf("BENCH ratio workspace / player: warm median %.2f×, worst %.2f×, cold %.2f× (order-dependent,"
                        + " see above); all views painted alone %.2f×; JS heap after GC %.2f× (+%.2f MiB), DOM nodes"
                        + " +%.0f%n", medians.get("workspace") / medians.get("player"),
                max(wsWarm, o -> num(o, "all")) / max(plWarm, o -> num(o, "all")),
                num(ws.getFirst(), "all") / num(pl.getFirst(), "all"),
                median(wsWarm, o -> num(o, "views")) / median(plWarm, o -> num(o, "views")),
                median(wsWarm, o -> num(o, "heapAfterGc")) / median(plWarm, o -> num(o, "heapAfterGc")),
                (median(wsWarm, o -> num(o, "heapAfterGc")) - median(plWarm, o -> num(o, "heapAfterGc"))) / 1048576.0,
                median(wsWarm, o -> num(o, "nodes")) - median(plWarm, o -> num(o, "nodes")));
        System.out.printf("BENCH workspace ready to label (panel, %d labels listed, segments, saved) at warm median"
                        + " %.0f ms, %.0f ms before its views have all painted; ts-label-workspace's own updates"
                        + " %.0f ms (median, all updates of an open); route round trip vs player: server +%.0f ms,"
                        + " +%,.0f bytes%n", ws.getFirst().get("labelCount") instanceof Number n ? n.intValue() : -1,
                median(wsWarm, o -> num(o, "ready")), median(wsWarm, o -> num(o, "views") - num(o, "ready")),
                median(wsWarm, o -> num(o, "workspaceUpdateMs")),
                median(wsWarm, o -> num(o, "routeServer")) - median(plWarm, o -> num(o, "routeServer")),
                median(wsWarm, o -> num(o, "routeBytes")) - median(plWarm, o -> num(o, "routeBytes")));
    }

    /** One navigation, until the page's views (and, for the workspace, the labels) are shown; then its heap. */
    private Map<String, Object> open(String url, CDPSession cdp) {
        page.navigate(url);
        @SuppressWarnings("unchecked")
        Map<String, Object> open = new LinkedHashMap<>((Map<String, Object>) page.evaluate("() => window.__bench"));
        cdp.send("Performance.enable");
        Map<String, Double> before = metrics(cdp);
        cdp.send("HeapProfiler.collectGarbage");
        Map<String, Double> after = metrics(cdp);
        open.put("heapUsed", before.get("JSHeapUsedSize"));
        open.put("heapAfterGc", after.get("JSHeapUsedSize"));
        open.put("nodes", after.get("Nodes"));
        open.put("listeners", after.get("JSEventListeners"));
        open.put("documents", after.get("Documents"));
        return open;
    }

    private static Map<String, Double> metrics(CDPSession cdp) {
        JsonObject result = cdp.send("Performance.getMetrics");
        Map<String, Double> metrics = new HashMap<>();
        for (JsonElement m : result.getAsJsonArray("metrics")) {
            metrics.put(m.getAsJsonObject().get("name").getAsString(), m.getAsJsonObject().get("value").getAsDouble());
        }
        return metrics;
    }

    /** What the page's server side does for the workspace beyond the player: open the draft and write the JSON. */
    private void serverSide(UUID episode, UUID schemaVersion) {
        SchemaVersion version = schemas.version(schemaVersion).orElseThrow();
        for (int i = 0; i < 20; i++) {
            json.writeValueAsString(drafts.openDirect(episode, schemaVersion));
        }
        List<Double> open = new ArrayList<>();
        List<Double> write = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            long t0 = System.nanoTime();
            Draft draft = drafts.openDirect(episode, schemaVersion);
            long t1 = System.nanoTime();
            json.writeValueAsString(version.schema());
            json.writeValueAsString(draft);
            long t2 = System.nanoTime();
            open.add((t1 - t0) / 1e6);
            write.add((t2 - t1) / 1e6);
        }
        open.sort(null);
        write.sort(null);
        System.out.printf("BENCH server side of the workspace (in-process, warm, 30 runs): DraftService.openDirect"
                        + " median %.2f ms (max %.2f), schema + draft JSON median %.2f ms (max %.2f)%n",
                open.get(15), open.getLast(), write.get(15), write.getLast());
    }

    /** The test profile imports one small demo episode in the background: not while measuring. */
    private void waitForTheDemoImport() throws InterruptedException {
        for (int attempt = 0; attempt < 240; attempt++) {
            if (dsl.fetchOptional("""
                    select e.id from episode e join organization o on o.id = e.organization_id
                    where o.slug = 'acme' and e.name = 'synthetic-1-0000'""").isPresent()) {
                return;
            }
            Thread.sleep(500);
        }
    }

    /** Phases covering the episode, events, the five episode values, box tracks on the cameras, cuboids in the LiDAR. */
    private static List<Label> labels(EpisodeDetail detail, GeneratorOptions options) {
        long d = detail.episode().durationNanos();
        List<String> cams = detail.streams().stream().filter(s -> s.kind() == StreamKind.VIDEO).map(StreamInfo::name)
                .sorted().toList();
        String lidar = detail.streams().stream().filter(s -> s.kind() == StreamKind.POINTCLOUD).map(StreamInfo::name)
                .findFirst().orElseThrow();
        List<Label> labels = new ArrayList<>();
        String[] phases = {"reach", "grasp", "lift", "transport", "place", "release", "retract"};
        for (int i = 0; i < PHASES; i++) {
            labels.add(new Label.Phase(UUID.randomUUID(), "phase", "main", phases[i], d * i / PHASES,
                    d * (i + 1) / PHASES));
        }
        String[] events = {"contact-on", "contact-off", "slip"};
        for (int i = 0; i < EVENTS; i++) {
            labels.add(new Label.Event(UUID.randomUUID(), "contact", events[i % 3], (long) (d * (i + 0.5) / EVENTS)));
        }
        labels.add(new Label.Value(UUID.randomUUID(), "grasp_outcome", null, List.of("success"), null, null, null));
        labels.add(new Label.Value(UUID.randomUUID(), "quality", null, List.of(), null, true, null));
        labels.add(new Label.Value(UUID.randomUUID(), "description", null, List.of(), null, null,
                "pick up the red cup with the right hand and place it on the tray"));
        labels.add(new Label.Value(UUID.randomUUID(), "demo_quality", null, List.of(), 4.0, null, null));
        labels.add(new Label.Value(UUID.randomUUID(), "object_mass", null, List.of(), 0.35, null, null));
        for (int i = 0; i < BOX_TRACKS; i++) {
            List<Label.BoxKey> keys = new ArrayList<>();
            for (int k = 0; k < BOX_KEYFRAMES; k++) {
                keys.add(new Label.BoxKey(d * k / BOX_KEYFRAMES, 10 + (i * 13 + k * 7) % (options.width() - 80),
                        10 + (i * 11 + k * 5) % (options.height() - 70), 60, 50));
            }
            labels.add(new Label.BoxTrack(UUID.randomUUID(), "object_box", i % 2 == 0 ? "target" : "container",
                    String.valueOf(i / cams.size() + 1), cams.get(i % cams.size()), keys));
        }
        for (int i = 0; i < CUBOID_TRACKS; i++) {
            List<Label.CuboidKey> keys = new ArrayList<>();
            for (int k = 0; k < CUBOID_KEYFRAMES; k++) {
                keys.add(new Label.CuboidKey(d * k / CUBOID_KEYFRAMES, 0.5 + 0.1 * i, -0.2 + 0.02 * k, 0.8, 0.2, 0.15,
                        0.1, 0.1 * k));
            }
            labels.add(new Label.CuboidTrack(UUID.randomUUID(), "object_cuboid", i % 2 == 0 ? "target" : "container",
                    String.valueOf(i + 1), lidar, keys));
        }
        return labels;
    }

    private static int count(EpisodeDetail detail, StreamKind kind) {
        return (int) detail.streams().stream().map(StreamInfo::kind).filter(kind::equals).count();
    }

    private static double num(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static double median(List<Map<String, Object>> opens, Function<Map<String, Object>, Double> f) {
        List<Double> xs = opens.stream().map(f).sorted().toList();
        return xs.get(xs.size() / 2);
    }

    private static double max(List<Map<String, Object>> opens, Function<Map<String, Object>, Double> f) {
        return opens.stream().map(f).max(Double::compare).orElseThrow();
    }

    private static double min(List<Map<String, Object>> opens, Function<Map<String, Object>, Double> f) {
        return opens.stream().map(f).min(Double::compare).orElseThrow();
    }

    /**
     * Installed before every document of the context; on the player and workspace routes it polls from the first
     * moment of the document (so no paint happens before the watch starts) and exposes {@code window.__bench}, a
     * promise of the times (performance.now(), i.e. since navigation start) at which each part was first shown.
     * Arguments: cameras, tactile views, point clouds, depth views, stored labels, phase segments, events.
     */
    private static final String WATCH = """
            (() => {
              if (!/\\/episodes\\/[^/]+\\/(play|label)$/.test(location.pathname)) return;
              const [cameraCount, tactileCount, cloudCount, depthCount, labelCount, segmentCount, eventCount] =
                [%d, %d, %d, %d, %d, %d, %d];
              const workspace = location.pathname.endsWith('/label');
              performance.setResourceTimingBufferSize(5000);
              let longTaskMs = 0, longTasks = 0;
              try {
                new PerformanceObserver(list => list.getEntries().forEach(e => { longTasks++; longTaskMs += e.duration; }))
                  .observe({type: 'longtask', buffered: true});
              } catch (e) { /* not supported */ }
              // The own time of the labeling elements' and the player's updates (Lit performUpdate: render, commit,
              // firstUpdated, updated), to tell the workspace's rendering from the rest of the main thread's work.
              const elementMs = {};
              const define = customElements.define.bind(customElements);
              customElements.define = (name, cls, options) => {
                const own = cls.prototype.performUpdate;
                if (['ts-label-workspace', 'ts-label-tracks', 'ts-player'].includes(name) && own) {
                  cls.prototype.performUpdate = function (...args) {
                    const t0 = performance.now();
                    try { return own.apply(this, args); } finally {
                      const e = elementMs[name] ??= {updates: 0, ms: 0};
                      e.updates++; e.ms += performance.now() - t0;
                    }
                  };
                }
                return define(name, cls, options);
              };
              const first = {};
              // A frame view has painted when it shows a frame, or has read its index and shows the empty state
              // (the time is before its first frame).
              const framed = v => Number(v.dataset.frame ?? -1) >= 0 || (v.index !== undefined && !v.loading && v.wanted === -1);
              const check = () => {
                const now = performance.now();
                if (document.querySelector('ts-player') && customElements.get('ts-player')) first.player ??= now;
                const cams = [...document.querySelectorAll('ts-camera-view')];
                if (cams.length === cameraCount && cams.every(c => c.dataset.frame !== undefined)) first.cameras ??= now;
                const sig = document.querySelector('ts-signal-view');
                if (sig && Number(sig.dataset.windows || 0) >= 1) first.signals ??= now;
                const tac = [...document.querySelectorAll('ts-tactile-view')];
                if (tac.length === tactileCount && tac.every(t => t.dataset.sampleTime !== undefined
                    || (t.lastDraw > 0 && !t.inFlight && !t.loading))) first.tactile ??= now;
                const clouds = [...document.querySelectorAll('ts-cloud-view:not([ts-hidden])')];
                if (clouds.length === cloudCount && clouds.every(framed)) first.clouds ??= now;
                const depths = [...document.querySelectorAll('ts-depth-view')];
                if (depths.length === depthCount && depths.every(framed)) first.depth ??= now;
                const views = ['cameras', 'signals', 'tactile', 'clouds', 'depth'].every(k => first[k] !== undefined);
                if (views) first.views ??= now;
                if (!workspace) return views;
                const root = document.querySelector('ts-label-workspace')?.shadowRoot;
                if (root?.querySelector('#workspace-panel')) first.panel ??= now;
                if (root && root.querySelectorAll('#label-list button[data-id]').length === labelCount) first.list ??= now;
                const tracks = document.querySelector('ts-label-tracks')?.shadowRoot;
                if (tracks && tracks.querySelectorAll('.segment[data-id]').length === segmentCount
                    && tracks.querySelectorAll('.event[data-id]').length === eventCount) first.segments ??= now;
                if (root?.querySelector('#save-state')?.dataset.state === 'saved') first.saved ??= now;
                const ready = ['panel', 'list', 'segments', 'saved'].every(k => first[k] !== undefined);
                if (ready) first.ready ??= now;
                return views && ready;
              };
              const result = timedOut => {
                const all = performance.now();
                const nav = performance.getEntriesByType('navigation')[0];
                const resources = performance.getEntriesByType('resource');
                const media = resources.filter(e => e.name.includes('/media/v1/'));
                const init = resources.filter(e => e.name.includes('v-r=init'));
                const uidl = resources.filter(e => e.name.includes('v-r=uidl'));
                const r = x => x === undefined ? -1 : Math.round(x);
                const out = {all: timedOut ? -1 : r(all), timedOut, views: r(first.views), player: r(first.player),
                  cameras: r(first.cameras), signals: r(first.signals), tactile: r(first.tactile), clouds: r(first.clouds),
                  depth: r(first.depth),
                  document: r(nav?.responseEnd), domContentLoaded: r(nav?.domContentLoadedEventEnd),
                  initRequest: init.length ? r(init[0].startTime) : -1,
                  initTook: init.length ? r(init[0].responseEnd - init[0].startTime) : -1,
                  initServer: init.length ? r(init[0].responseStart - init[0].requestStart) : -1,
                  initBytes: init.length ? init[0].encodedBodySize : -1, uidlRequests: uidl.length,
                  firstMediaRequest: media.length ? r(Math.min(...media.map(e => e.startTime))) : -1,
                  mediaRequests: media.length, longTasks, longTaskMs: r(longTaskMs),
                  // Vaadin's round trips: start, server (request sent → first byte), end, bytes
                  uidl: uidl.map(e => [r(e.startTime), r(e.responseStart - e.requestStart), r(e.responseEnd),
                    e.encodedBodySize].join('/')).join(' '),
                  scripts: resources.filter(e => e.initiatorType === 'script').length,
                  lastScriptEnd: r(Math.max(0, ...resources.filter(e => e.initiatorType === 'script' || e.name.endsWith('.js'))
                    .map(e => e.responseEnd))),
                  routeSent: uidl.length ? r(uidl[0].startTime) : -1,
                  routeServer: uidl.length ? r(uidl[0].responseStart - uidl[0].requestStart) : -1,
                  routeEnd: uidl.length ? r(uidl[0].responseEnd) : -1, routeBytes: uidl.length ? uidl[0].encodedBodySize : -1,
                  workspaceUpdateMs: elementMs['ts-label-workspace']?.ms ?? 0, labelCount,
                  elementMs: Object.entries(elementMs).map(([k, v]) => `${k}:${v.updates}x${Math.round(v.ms)}`).join(' ')};
                if (workspace) Object.assign(out, {ready: r(first.ready), panel: r(first.panel), list: r(first.list),
                  segments: r(first.segments), saved: r(first.saved)});
                if (timedOut) {
                  out.cameraState = [...document.querySelectorAll('ts-camera-view')]
                    .map(c => c.getAttribute('status') + '/' + c.dataset.frame).join(' ');
                  out.cloudState = [...document.querySelectorAll('ts-cloud-view, ts-depth-view')]
                    .map(c => c.localName + ':' + c.dataset.frame + '/' + c.loading + '/' + c.wanted).join(' ');
                  out.labelsListed = document.querySelector('ts-label-workspace')?.shadowRoot
                    ?.querySelectorAll('#label-list button[data-id]').length ?? -1;
                }
                return out;
              };
              window.__bench = new Promise(resolve => {
                const deadline = 60000;
                const poll = () => {
                  if (check()) {
                    requestAnimationFrame(() => resolve(result(false)));
                  } else if (performance.now() > deadline) {
                    resolve(result(true));
                  } else {
                    setTimeout(poll, 2);
                  }
                };
                poll();
              });
            })();
            """;
}
