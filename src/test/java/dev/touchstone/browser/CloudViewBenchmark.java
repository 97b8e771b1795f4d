package dev.touchstone.browser;

import dev.touchstone.SignIn;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.dataset.StreamKind;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.pointcloud.PointCloud;
import dev.touchstone.organization.CurrentOrganization;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Benchmark, not a test (no assertions; its name keeps it out of the IT run): {@code ts-cloud-view} at 1M points per
 * frame against the peer of plain {@code THREE.Points} with a {@code PointsMaterial} on the same data, same three.js
 * build, same page and canvas size. Measures (1) orbiting: a camera step and a forced draw per animation frame, the
 * draw timed up to a 1-pixel readPixels so the GPU work is inside the time; (2) switching to a new 1M-point frame,
 * cold (fetch + decode + upload + draw) and from memory (upload + draw). Run with
 * {@code -Dit.test=CloudViewBenchmark}; see docs/benchmarks.md.
 */
class CloudViewBenchmark extends BrowserTest {

    private static final int POINTS = 1_000_000;
    private static final int FRAMES = 5;
    private static final long FRAME_NANOS = 100_000_000L;

    @Autowired
    SignIn signIn;
    @Autowired
    DatasetService datasets;
    @Autowired
    EpisodeStore store;
    @Autowired
    CurrentOrganization current;

    @Test
    void orbitAndFrameSwitchAtOneMillionPointsVersusPlainThreePoints() throws IOException {
        long started = System.nanoTime();
        UUID episode;
        UUID stream;
        signIn.as("pm@acme.test");
        try {
            Dataset dataset = datasets.create("cloud bench " + UUID.randomUUID(), "");
            try (EpisodeRecorder recorder = store.record(current.id(), dataset.id(), null)) {
                recorder.describe(EpisodeDescription.of("bench", "bench.mcap", "test"));
                var lidar = recorder.pointCloud("lidar", StreamSource.of("bench.mcap"));
                SplittableRandom random = new SplittableRandom(7);
                for (int k = 0; k < FRAMES; k++) {
                    float[] xyz = new float[3 * POINTS];
                    float[] intensity = new float[POINTS];
                    for (int i = 0; i < POINTS; i++) {
                        // A room-sized scan: points on a cylinder wall and a floor, with noise.
                        double a = random.nextDouble(2 * Math.PI);
                        boolean floor = i % 4 == 0;
                        double r = floor ? 8 * Math.sqrt(random.nextDouble()) : 8 + 0.05 * random.nextGaussian();
                        xyz[3 * i] = (float) (r * Math.cos(a));
                        xyz[3 * i + 1] = (float) (r * Math.sin(a));
                        xyz[3 * i + 2] = (float) (floor ? 0.02 * random.nextGaussian() : 3 * random.nextDouble()
                                + 0.1 * k);
                        intensity[i] = (float) (random.nextDouble() * 100);
                    }
                    lidar.append(k * FRAME_NANOS, PointCloud.of(xyz, intensity, null,
                            List.of("x", "y", "z", "intensity"), 0));
                }
                episode = recorder.commit().id();
            }
            stream = datasets.episode(episode).orElseThrow().streams().stream()
                    .filter(s -> s.kind() == StreamKind.POINTCLOUD).findFirst().orElseThrow().id();
        } finally {
            signIn.out();
        }
        System.out.printf("BENCH recorded %d frames x %d points in %.1f s%n", FRAMES, POINTS,
                (System.nanoTime() - started) / 1e9);

        signInAs("pm@acme.test");
        page.navigate("/test/cloud-view/" + episode);
        page.waitForFunction("() => customElements.get('ts-cloud-view') && document.querySelector('#cloud')"
                + " && document.querySelector('#cloud').renderer");
        page.setDefaultTimeout(600_000);
        List<Double> times = new ArrayList<>();
        for (int k = 0; k < FRAMES; k++) {
            times.add((double) (k * FRAME_NANOS));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) page.evaluate(SCRIPT, List.of(stream.toString(), times));
        System.out.println("BENCH " + result);
        double oursOrbit = ((Number) result.get("oursOrbitMedian")).doubleValue();
        double peerOrbit = ((Number) result.get("peerOrbitMedian")).doubleValue();
        double oursWarm = ((Number) result.get("oursSwitchWarmMedian")).doubleValue();
        double peerWarm = ((Number) result.get("peerSwitchWarmMedian")).doubleValue();
        double oursCold = ((Number) result.get("oursSwitchColdMedian")).doubleValue();
        double peerCold = ((Number) result.get("peerSwitchColdMedian")).doubleValue();
        System.out.printf("BENCH renderer: %s%n", result.get("renderer"));
        System.out.printf("BENCH orbit draw at 1M points (median of %s frames): ts-cloud-view %.1f ms, plain THREE.Points"
                + " %.1f ms, ratio %.2fx%n", result.get("orbitFrames"), oursOrbit, peerOrbit, oursOrbit / peerOrbit);
        System.out.printf("BENCH frame switch from memory (upload + draw): ts-cloud-view %.1f ms, plain THREE.Points"
                + " %.1f ms, ratio %.2fx%n", oursWarm, peerWarm, oursWarm / peerWarm);
        System.out.printf("BENCH frame switch from memory, ts-cloud-view coloured by intensity: %.1f ms%n",
                ((Number) result.get("oursSwitchWarmIntensityMedian")).doubleValue());
        System.out.printf("BENCH frame switch cold (fetch + decode + upload + draw): ts-cloud-view %.1f ms, plain"
                + " THREE.Points %.1f ms, ratio %.2fx%n", oursCold, peerCold, oursCold / peerCold);
    }

    private static final String SCRIPT = """
            async ([id, times]) => {
              const el = document.querySelector('#cloud');
              const THREE = customElements.get('ts-cloud-view').THREE;
              const frame = () => new Promise(r => requestAnimationFrame(() => r()));
              const until = cond => new Promise(r => { const poll = () => cond() ? r() : setTimeout(poll, 1); poll(); });
              const median = xs => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
              // Resolves as soon as the element has put frame k into its buffers: a MutationObserver runs as a
              // microtask, before the element's own animation-frame draw, which renderNow() then replaces.
              const shown = k => new Promise(r => {
                if (el.dataset.frame === String(k)) return r();
                const mo = new MutationObserver(() => { if (el.dataset.frame === String(k)) { mo.disconnect(); r(); } });
                mo.observe(el, {attributes: true, attributeFilter: ['data-frame']});
              });
              const px = new Uint8Array(4);
              const finish = g => g.readPixels(0, 0, 1, 1, g.RGBA, g.UNSIGNED_BYTE, px);
              const gl = el.renderer.getContext();
              const info = gl.getExtension('WEBGL_debug_renderer_info');
              const renderer = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);

              // Peer: its own renderer and canvas of the same size, plain THREE.Points + PointsMaterial.
              const canvas = el.renderer.domElement;
              const peerBox = document.createElement('div');
              peerBox.style.cssText = `width:${canvas.clientWidth}px;height:${canvas.clientHeight}px`;
              document.body.append(peerBox);
              const peerRenderer = new THREE.WebGLRenderer({antialias: false});
              peerRenderer.setPixelRatio(el.renderer.getPixelRatio());
              peerRenderer.setSize(canvas.clientWidth, canvas.clientHeight);
              peerBox.append(peerRenderer.domElement);
              const pg = peerRenderer.getContext();
              const peerScene = new THREE.Scene();
              let peerCamera;
              const peerMaterial = new THREE.PointsMaterial({size: el.pointSize, sizeAttenuation: false, color: 0x88ccff});
              let peerPoints = null;
              const decode = buffer => {
                const v = new DataView(buffer);
                const n = v.getUint32(8, true), h = v.getUint32(12, true);
                return new Float32Array(buffer, h, 3 * n);
              };
              const peerShow = xyz => {
                const g = new THREE.BufferGeometry();
                g.setAttribute('position', new THREE.BufferAttribute(xyz, 3));
                if (peerPoints) { peerPoints.geometry.dispose(); peerScene.remove(peerPoints); }
                peerPoints = new THREE.Points(g, peerMaterial);
                peerScene.add(peerPoints);
              };
              const fetchFrame = async t => decode(await (await fetch(`/media/v1/streams/${id}/cloud?t=${t}`)).arrayBuffer());

              // Frame switch, cold: ours from setting time to the frame drawn; the peer from fetch to drawn.
              const oursCold = [], peerCold = [], oursWarm = [], peerWarm = [];
              // Like for like with the peer (positions only): colour by height, which needs no second attribute.
              el.colour = 'height';
              el.time = times[0];
              await until(() => el.dataset.frame === '0');
              await frame();
              peerCamera = el.camera.clone();   // framed on the first cloud, like ours
              for (let k = 1; k < times.length; k++) {
                await frame();
                const t0 = performance.now();
                el.time = times[k];
                await shown(k);
                el.renderNow(); finish(gl);
                oursCold.push(performance.now() - t0);
              }
              const peerFrames = [];
              for (let k = 0; k < times.length; k++) {
                await frame();
                const t0 = performance.now();
                const xyz = await fetchFrame(times[k]);
                peerShow(xyz);
                peerRenderer.render(peerScene, peerCamera); finish(pg);
                if (k > 0) peerCold.push(performance.now() - t0);
                peerFrames.push(xyz);
              }
              // Frame switch from memory: ours from its frame cache, the peer from the decoded arrays.
              for (let round = 0; round < 2; round++) {
                for (let k = 0; k < times.length; k++) {
                  await frame();
                  let t0 = performance.now();
                  el.time = times[k];
                  await shown(k);
                  el.renderNow(); finish(gl);
                  oursWarm.push(performance.now() - t0);
                  await frame();
                  t0 = performance.now();
                  peerShow(peerFrames[k]);
                  peerRenderer.render(peerScene, peerCamera); finish(pg);
                  peerWarm.push(performance.now() - t0);
                }
              }

              // Orbit: one camera step and one forced draw per animation frame, alternating ours and the peer.
              const target = el.controls.target.clone();
              const start = el.camera.position.clone().sub(target);
              const orbit = (camera, step) => {
                const p = start.clone().applyAxisAngle(new THREE.Vector3(0, 0, 1), step * 0.02);
                camera.position.copy(target).add(p);
                camera.lookAt(target);
              };
              const oursOrbit = [], peerOrbit = [];
              const frames = 60;
              for (let step = 0; step < frames; step++) {
                await frame();
                orbit(el.camera, step);
                let t0 = performance.now();
                el.renderNow(); finish(gl);
                oursOrbit.push(performance.now() - t0);
                orbit(peerCamera, step);
                t0 = performance.now();
                peerRenderer.render(peerScene, peerCamera); finish(pg);
                peerOrbit.push(performance.now() - t0);
              }
              // Ours coloured by intensity: a second attribute (4 bytes a point) is uploaded with every frame.
              el.colour = 'intensity';
              await el.updateComplete;
              const oursWarmIntensity = [];
              for (let k = 0; k < times.length; k++) {
                await frame();
                const t0 = performance.now();
                el.time = times[k];
                await shown(k);
                el.renderNow(); finish(gl);
                oursWarmIntensity.push(performance.now() - t0);
              }
              peerRenderer.dispose();
              const fmt = xs => xs.map(x => x.toFixed(1)).join(' ');
              return {renderer, points: Number(el.dataset.points), canvas: canvas.width + 'x' + canvas.height,
                orbitFrames: frames,
                oursOrbitMedian: median(oursOrbit), peerOrbitMedian: median(peerOrbit),
                oursSwitchWarmMedian: median(oursWarm), peerSwitchWarmMedian: median(peerWarm),
                oursSwitchWarmIntensityMedian: median(oursWarmIntensity), oursWarmIntensity: fmt(oursWarmIntensity),
                oursSwitchColdMedian: median(oursCold), peerSwitchColdMedian: median(peerCold),
                oursCold: fmt(oursCold), peerCold: fmt(peerCold), oursWarm: fmt(oursWarm), peerWarm: fmt(peerWarm)};
            }
            """;
}
