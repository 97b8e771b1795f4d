package dev.touchstone.browser;

import dev.touchstone.SignIn;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.dataset.StreamKind;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.organization.CurrentOrganization;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Benchmark, not a test (no assertions; its name keeps it out of the IT run): first paint of {@code ts-signal-view}
 * for 64 channels x 1 kHz x 10 min, against the peer of loading the same raw samples into plain uPlot (same uPlot,
 * same page). Also opens a second, identical stream once (warm server code, cold reader), prints each window's
 * request timing with the server's {@code Server-Timing}, and times the element's steps in one extra, uncounted open.
 * Run with {@code -Dit.test=SignalViewBenchmark}; see docs/benchmarks.md.
 */
class SignalViewBenchmark extends BrowserTest {

    private static final int CHANNELS = 64;
    private static final long SECONDS = 600;

    @Autowired
    SignIn signIn;
    @Autowired
    DatasetService datasets;
    @Autowired
    EpisodeStore store;
    @Autowired
    CurrentOrganization current;

    @Test
    void firstPaintOfMinMaxWindowsVersusRawSamplesInUplot() throws IOException {
        long started = System.nanoTime();
        UUID episode;
        UUID stream;
        UUID second;
        signIn.as("pm@acme.test");
        try {
            Dataset dataset = datasets.create("signal bench " + UUID.randomUUID(), "");
            try (EpisodeRecorder recorder = store.record(current.id(), dataset.id(), null)) {
                recorder.describe(EpisodeDescription.of("bench", "bench.mcap", "test"));
                List<SignalChannel> channels = new ArrayList<>();
                for (int c = 0; c < CHANNELS; c++) {
                    channels.add(new SignalChannel("c" + c, "rad"));
                }
                // Two equal streams: the second is opened on a server whose code is warm but whose reader is not.
                for (String name : List.of("bench", "bench2")) {
                    var writer = recorder.signal(name, StreamSource.of("bench.mcap"), channels);
                    float[] values = new float[CHANNELS];
                    for (long i = 0; i < SECONDS * 1000; i++) {
                        double s = i / 1000.0;
                        for (int c = 0; c < CHANNELS; c++) {
                            values[c] = (float) (Math.sin(s * (0.1 + c * 0.05)) + 0.01 * ((i * 7919 + c) % 13));
                        }
                        writer.append(i * 1_000_000L, values);
                    }
                }
                episode = recorder.commit().id();
            }
            var streams = datasets.episode(episode).orElseThrow().streams().stream()
                    .filter(s -> s.kind() == StreamKind.SIGNAL).toList();
            stream = streams.stream().filter(s -> s.name().equals("bench")).findFirst().orElseThrow().id();
            second = streams.stream().filter(s -> s.name().equals("bench2")).findFirst().orElseThrow().id();
        } finally {
            signIn.out();
        }
        System.out.printf("BENCH recorded %d channels x %d s at 1 kHz in %.1f s%n", CHANNELS, SECONDS,
                (System.nanoTime() - started) / 1e9);

        signInAs("pm@acme.test");
        page.navigate("/test/signal-view/" + episode);
        page.waitForFunction("() => customElements.get('ts-signal-view') && document.querySelector('#signals')");
        page.setDefaultTimeout(600_000);
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) page.evaluate(SCRIPT,
                List.of(stream.toString(), CHANNELS, (double) SECONDS * 1e9, second.toString()));
        System.out.println("BENCH " + result);
        double ours = ((Number) result.get("oursFirst")).doubleValue();
        double peer = ((Number) result.get("peer")).doubleValue();
        System.out.printf("BENCH first paint, 64 ch x 1 kHz x 10 min: ts-signal-view %.0f ms (cold), median of 3 %.0f ms;"
                        + " raw samples into uPlot %.0f ms; ratio %.1fx (%.1fx against the median);"
                        + " new stream on a warm server %.0f ms, ratio %.1fx%n", ours,
                ((Number) result.get("oursMedian")).doubleValue(), peer, peer / ours,
                peer / ((Number) result.get("oursMedian")).doubleValue(),
                ((Number) result.get("oursSecond")).doubleValue(),
                peer / ((Number) result.get("oursSecond")).doubleValue());
    }

    private static final String SCRIPT = """
            async ([id, channelCount, t1, id2]) => {
              const SV = customElements.get('ts-signal-view');
              const frame = () => new Promise(r => requestAnimationFrame(() => r()));
              const chans = Array.from({length: channelCount}, (_, i) => ({name: 'c' + i, unit: 'rad'}));
              const ours = [];
              const phases = [];
              const open = async (sid, run) => {
                const box = document.createElement('div');
                box.style.width = (1200 - run) + 'px';   // a new width: no window cached anywhere
                document.body.append(box);
                const t0 = performance.now();
                const v = document.createElement('ts-signal-view');
                v.streams = [{id: sid, name: 'bench', offsetNanos: 0, channels: chans}];
                v.selection = chans.map((_, i) => sid + ':' + i);
                v.viewRange = {t0: 0, t1};
                box.append(v);
                const created = performance.now() - t0;
                let applied = 0;
                await new Promise(r => { const poll = () => v.dataset.windows ? r() : setTimeout(poll, 1); poll(); });
                applied = performance.now() - t0;
                await frame();
                const took = performance.now() - t0;
                // Where the time went: the window request (server parts from Server-Timing) against the rest.
                const e = performance.getEntriesByType('resource').filter(e => e.name.includes(`/streams/${sid}/signal?t0=0&t1=`)
                  && e.name.includes(',63') && e.startTime >= t0).pop();
                phases.push(`run ${run}: total ${Math.round(took)} ms, appended after ${Math.round(created)}, request `
                  + (e ? `${Math.round(e.startTime - t0)}..${Math.round(e.responseEnd - t0)} (server `
                    + e.serverTiming.map(s => s.name + ' ' + s.duration).join(', ') + `, first byte at ${Math.round(e.responseStart - t0)})` : '?')
                  + `, window applied ${Math.round(applied)}`);
                box.remove();
                return took;
              };
              for (let run = 0; run < 3; run++) {
                ours.push(await open(id, run));
              }
              const oursSecond = await open(id2, 3);
              // One more open (not counted) with the element's steps timed, to see where the client's time goes.
              const marks = [];
              const longTasks = [];
              const observer = new PerformanceObserver(l => l.getEntries().forEach(e => longTasks.push(e)));
              observer.observe({type: 'longtask'});
              {
                const box = document.createElement('div');
                box.style.width = '1196px';
                document.body.append(box);
                const t0 = performance.now();
                const v = document.createElement('ts-signal-view');
                const at = () => Math.round(performance.now() - t0);
                const wrap = (target, name, label) => { const orig = target[name]; target[name] = function(...a) {
                  const s = performance.now(); const r = orig.apply(this, a);
                  marks.push(`${label} @${Math.round(s - t0)}+${Math.round(performance.now() - s)}`); return r; }; };
                ['update', 'plotData', 'fetchWindows', 'updateReadout', 'onResize', 'applyRange'].forEach(n => wrap(v, n, n));
                const rebuild = v.rebuildPlot;
                v.rebuildPlot = function() {
                  const s = performance.now(); rebuild.apply(this); marks.push(`rebuildPlot @${Math.round(s - t0)}+${at() - Math.round(s - t0)}`);
                  if (this.plot) { wrap(this.plot, 'setData', 'setData'); (this.plot.hooks.draw ??= []).push(() => marks.push('drawn @' + at())); }
                };
                v.streams = [{id, name: 'bench', offsetNanos: 0, channels: chans}];
                v.selection = chans.map((_, i) => id + ':' + i);
                v.viewRange = {t0: 0, t1};
                box.append(v);
                await new Promise(r => { const poll = () => v.dataset.windows ? r() : setTimeout(poll, 1); poll(); });
                marks.push('applied seen @' + at());
                await frame();
                marks.push('frame @' + at());
                const e = performance.getEntriesByType('resource').filter(e => e.name.includes('width=') && e.name.includes(',63') && e.startTime >= t0).pop();
                if (e) marks.push(`request @${Math.round(e.startTime - t0)} first byte @${Math.round(e.responseStart - t0)} end @${Math.round(e.responseEnd - t0)}`);
                longTasks.forEach(l => marks.push(`long task @${Math.round(l.startTime - t0)}+${Math.round(l.duration)}`));
                observer.disconnect();
                box.remove();
              }
              // Peer: every raw sample (60 s raw windows: 60,000 samples < 2 x width), then plain uPlot.
              const p0 = performance.now();
              const chunks = [];
              let bytes = 0;
              for (let s = 0; s < t1; s += 60e9) {
                const r = await fetch(`/media/v1/streams/${id}/signal?t0=${s}&t1=${s + 60e9 - 1}&width=31000`);
                if (!r.ok) throw new Error('peer fetch ' + r.status + ' ' + await r.text());
                const buf = await r.arrayBuffer();
                bytes += buf.byteLength;
                const dv = new DataView(buf);
                const n = dv.getUint32(8, true), m = dv.getUint32(12, true);
                if (!(dv.getUint16(6, true) & 1)) throw new Error('peer window not raw');
                const ts = new BigInt64Array(buf, 40, n);
                const base = 40 + 16 * n + 4 * m;
                chunks.push({n, ts, ys: Array.from({length: m}, (_, j) => new Float32Array(buf, base + 8 * n * j, n))});
              }
              const total = chunks.reduce((a, c) => a + c.n, 0);
              const x = new Float64Array(total);
              const ys = Array.from({length: channelCount}, () => new Float32Array(total));
              let at = 0;
              for (const c of chunks) {
                for (let i = 0; i < c.n; i++) x[at + i] = Number(c.ts[i]) / 1e9;
                c.ys.forEach((y, j) => ys[j].set(y, at));
                at += c.n;
              }
              const box = document.createElement('div');
              document.body.append(box);
              new SV.uPlot({width: 1200, height: 260, scales: {x: {time: false}}, legend: {show: false},
                series: [{}, ...ys.map(() => ({stroke: '#1f77b4', width: 1, points: {show: false}}))]},
                [x, ...ys], box);
              await frame();
              const peer = performance.now() - p0;
              const sorted = [...ours].sort((a, b) => a - b);
              const fetches = performance.getEntriesByType('resource')
                .filter(e => e.name.includes('/signal?t0=0&t1=') && e.name.includes(',63') && !e.name.includes('width=65536'))
                .map(e => Math.round(e.responseEnd - e.startTime) + 'ms/' + Math.round(e.encodedBodySize / 1024) + 'KiB');
              return {steps: marks.join(', '), phases: phases.join(' | '), oursSecond, windowFetches: fetches.join(' '), oursFirst: ours[0], oursMedian: sorted[1], ours: ours.join(' '), peer, peerSamples: total,
                      peerBytes: bytes};
            }
            """;
}
