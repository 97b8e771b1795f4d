package dev.touchstone.browser;

import dev.touchstone.SignIn;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamKind;
import dev.touchstone.ingest.bundle.BundleImporter;
import dev.touchstone.ingest.generator.GeneratorOptions;
import dev.touchstone.organization.OrganizationService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * Benchmark, not a test (no assertions on the numbers; its name keeps it out of the IT run): the player page of a
 * generated demo-like episode (cameras, signals, fingertip arrays; default generator options) in headless Chromium.
 * (a) Navigation start until every view has painted: every camera has a decoded frame on screen ({@code data-frame}),
 * the signal view's first window is applied ({@code data-windows}) and every tactile view shows a sample
 * ({@code data-sample-time}). Once cold, then five reloads. (b) Random seeks through the player's API until every
 * camera shows the frame the clock asks for and the signal readout is for the new time. Run with
 * {@code -Dit.test=PlayerBenchmark}; see docs/benchmarks.md.
 */
class PlayerBenchmark extends BrowserTest {

    private static final int OPENS = 5;
    private static final int SEEKS = 50;

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

    @Test
    void openAndScrubTheGeneratedEpisode() throws Exception {
        long started = System.nanoTime();
        GeneratorOptions options = GeneratorOptions.defaults();
        EpisodeDetail detail = GeneratedEpisode.generateAndImport("player bench", options, signIn, organizations, datasets,
                store, importer);
        UUID episode = detail.episode().id();
        long cameras = count(detail, StreamKind.VIDEO);
        long tactile = count(detail, StreamKind.TACTILE);
        System.out.printf("BENCH generated and imported a %.0f s episode at %dx%d in %.1f s: %d cameras, %d signal"
                        + " streams, %d tactile streams, %d depth, %d point cloud (not on the player page yet)%n",
                options.durationSeconds(), options.width(), options.height(), (System.nanoTime() - started) / 1e9,
                cameras, count(detail, StreamKind.SIGNAL), tactile, count(detail, StreamKind.DEPTH),
                count(detail, StreamKind.POINTCLOUD));

        signInAs("admin@acme.test");
        page.setDefaultTimeout(120_000);
        List<Map<String, Object>> opens = new ArrayList<>();
        for (int i = 0; i <= OPENS; i++) {
            page.navigate("/episodes/" + episode + "/play");
            assertThat(page.locator("ts-player")).isVisible();
            @SuppressWarnings("unchecked")
            Map<String, Object> open = (Map<String, Object>) page.evaluate(OPEN, List.of((int) cameras, (int) tactile));
            System.out.println("BENCH open " + (i == 0 ? "cold" : "warm " + i) + " " + open);
            opens.add(open);
        }
        List<Double> warm = opens.subList(1, opens.size()).stream()
                .map(o -> ((Number) o.get("all")).doubleValue()).sorted().toList();
        System.out.printf("BENCH open to all views painted: cold %.0f ms; warm median %.0f ms, worst %.0f ms (%d opens)%n",
                ((Number) opens.getFirst().get("all")).doubleValue(), warm.get(warm.size() / 2), warm.getLast(),
                warm.size());

        @SuppressWarnings("unchecked")
        Map<String, Object> scrub = (Map<String, Object>) page.evaluate(SCRUB, List.of(SEEKS, 20260505));
        System.out.println("BENCH scrub " + scrub);
        System.out.printf("BENCH scrub (%d random seeks) to all cameras on the expected frame and the signal readout at"
                        + " the new time: p50 %.0f ms, p95 %.0f ms, max %.0f ms; cameras alone p95 %.0f ms, readout"
                        + " alone p95 %.0f ms%n", SEEKS, num(scrub, "p50"), num(scrub, "p95"), num(scrub, "max"),
                num(scrub, "camerasP95"), num(scrub, "readoutP95"));
    }

    private static long count(EpisodeDetail detail, StreamKind kind) {
        return detail.streams().stream().map(StreamInfo::kind).filter(kind::equals).count();
    }

    private static double num(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).doubleValue();
    }

    /** Polls until every view has painted; times are performance.now(), i.e. since navigation start. */
    private static final String OPEN = """
            async ([cameraCount, tactileCount]) => {
              const first = {};
              const done = () => {
                const cams = [...document.querySelectorAll('ts-camera-view')];
                const sig = document.querySelector('ts-signal-view');
                const tac = [...document.querySelectorAll('ts-tactile-view')];
                const now = performance.now();
                if (cams.length === cameraCount && cams.every(c => c.dataset.frame !== undefined)) first.cameras ??= now;
                if (sig && Number(sig.dataset.windows || 0) >= 1) first.signals ??= now;
                // A tactile view has painted when it shows a sample, or has finished asking for the time and drawn
                // the empty state (the episode opens at 0, before the arrays' first sample).
                if (tac.length === tactileCount && tac.every(t => t.dataset.sampleTime !== undefined
                    || (t.lastDraw > 0 && !t.inFlight && !t.loading))) first.tactile ??= now;
                return first.cameras !== undefined && first.signals !== undefined && first.tactile !== undefined;
              };
              const deadline = performance.now() + 30000;
              let timedOut = false;
              await new Promise(r => { const poll = () => {
                if (done()) r(); else if (performance.now() > deadline) { timedOut = true; r(); } else setTimeout(poll, 2);
              }; poll(); });
              if (timedOut) {
                return {all: -1, timedOut, first: JSON.stringify(first),
                        cameras: [...document.querySelectorAll('ts-camera-view')].map(c => c.getAttribute('status') + '/' + c.dataset.frame).join(' '),
                        signals: document.querySelector('ts-signal-view')?.dataset.windows ?? 'none',
                        tactile: [...document.querySelectorAll('ts-tactile-view')].map(t => t.dataset.sampleTime + '/' + t.lastDraw).join(' ')};
              }
              await new Promise(r => requestAnimationFrame(() => r()));
              const all = performance.now();
              const nav = performance.getEntriesByType('navigation')[0];
              const media = performance.getEntriesByType('resource').filter(e => e.name.includes('/media/v1/'));
              const firstMedia = media.length ? Math.min(...media.map(e => e.startTime)) : -1;
              return {all, cameras: first.cameras, signals: first.signals, tactile: first.tactile,
                      domContentLoaded: nav ? nav.domContentLoadedEventEnd : -1, firstMediaRequest: firstMedia,
                      mediaRequests: media.length};
            }
            """;

    /**
     * Seeks to random times (a fixed seed) and waits until every camera has taken the time and shows the frame it
     * asks for (not seeking) and the signal readout is for that time; then a short pause so seeks do not overlap.
     */
    private static final String SCRUB = """
            async ([count, seed]) => {
              let s = seed;
              const random = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
              const player = document.querySelector('ts-player');
              const cams = [...document.querySelectorAll('ts-camera-view')];
              const sig = document.querySelector('ts-signal-view');
              const all = [], camsOnly = [], readout = [], readoutStart = [], readoutTook = [];
              for (let i = 0; i < count; i++) {
                const t = Math.round(player.start + random() * (player.end - player.start));
                performance.clearResourceTimings();
                const t0 = performance.now();
                player.seek(t);
                const want = player.time;
                let camAt, readAt;
                await new Promise(r => { const poll = () => {
                  const now = performance.now();
                  if (camAt === undefined && cams.every(c => {
                      const v = c.shadowRoot.querySelector('video');
                      return c.time === want && v && !v.seeking && c.dataset.expectedFrame === String(c.frameAt(want))
                        && c.dataset.frame === c.dataset.expectedFrame; })) camAt = now;
                  if (readAt === undefined && (!sig || sig.dataset.readoutTime === String(want))) readAt = now;
                  if ((camAt !== undefined && readAt !== undefined) || now - t0 > 10000) r(); else setTimeout(poll, 1);
                }; poll(); });
                camsOnly.push((camAt ?? performance.now()) - t0);
                readout.push((readAt ?? performance.now()) - t0);
                all.push(Math.max(camsOnly.at(-1), readout.at(-1)));
                // The readout's requests for this seek: when they started and how long they took.
                performance.getEntriesByType('resource').filter(e => e.name.includes('/signal/at') && e.startTime >= t0)
                  .forEach(e => { readoutStart.push(e.startTime - t0); readoutTook.push(e.responseEnd - e.startTime); });
                await new Promise(r => setTimeout(r, 100));
              }
              const q = (xs, p) => { const a = [...xs].sort((x, y) => x - y); return a[Math.min(a.length - 1, Math.ceil(p * a.length) - 1)]; };
              return {p50: q(all, 0.5), p95: q(all, 0.95), max: q(all, 1), camerasP50: q(camsOnly, 0.5),
                      camerasP95: q(camsOnly, 0.95), readoutP50: q(readout, 0.5), readoutP95: q(readout, 0.95),
                      readoutRequests: readoutTook.length, readoutRequestStartP50: q(readoutStart, 0.5),
                      readoutRequestP50: q(readoutTook, 0.5), readoutRequestP95: q(readoutTook, 0.95),
                      times: all.map(Math.round).join(' ')};
            }
            """;
}
