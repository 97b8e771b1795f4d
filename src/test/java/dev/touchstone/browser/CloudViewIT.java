package dev.touchstone.browser;

import com.microsoft.playwright.Locator;
import dev.touchstone.SignIn;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.DepthFormat;
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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The point-cloud and depth views on their own (test page {@code test/cloud-view/:episodeId}), on an episode whose
 * frame times and point counts are known, with an offset on the point-cloud stream.
 */
class CloudViewIT extends BrowserTest {

    /** Irregular on purpose: the view must follow the index, not a nominal rate. */
    static final long[] CLOUD_TIMES = {0, 100_000_000L, 200_000_000L, 310_000_000L, 400_000_000L, 500_000_000L};
    static final long CLOUD_OFFSET = 20_000_000L;
    static final long DEPTH_NANOS = 66_666_667L;
    static final int DEPTH_FRAMES = 10;
    static final int W = 64;
    static final int H = 48;

    @Autowired
    SignIn signIn;
    @Autowired
    DatasetService datasets;
    @Autowired
    EpisodeStore store;
    @Autowired
    CurrentOrganization current;

    static int points(int frame) {
        return 3000 + 517 * frame;
    }

    /** A tilted disc of points with intensity rising along x. */
    static PointCloud cloud(int frame) {
        int n = points(frame);
        float[] xyz = new float[3 * n];
        float[] intensity = new float[n];
        for (int i = 0; i < n; i++) {
            double a = i * 2.399963;   // golden angle: an even spread
            double r = 2 * Math.sqrt((i + 0.5) / n);
            xyz[3 * i] = (float) (r * Math.cos(a));
            xyz[3 * i + 1] = (float) (r * Math.sin(a));
            xyz[3 * i + 2] = (float) (0.3 * xyz[3 * i] + 0.05 * frame);
            intensity[i] = (float) (50 + 20 * xyz[3 * i]);
        }
        return PointCloud.of(xyz, intensity, null, List.of("x", "y", "z", "intensity"), 0);
    }

    static short[] depth(int frame) {
        short[] d = new short[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                d[y * W + x] = (short) ((x + y) % 17 == 0 ? 0 : 500 + 40 * x + 10 * y + 30 * frame);
            }
        }
        return d;
    }

    private record Fixture(UUID episode, UUID cloudStream) {
    }

    private Fixture recordEpisode() throws IOException {
        signIn.as("pm@acme.test");
        try {
            Dataset dataset = datasets.create("cloud view " + UUID.randomUUID(), "");
            UUID episode;
            try (EpisodeRecorder recorder = store.record(current.id(), dataset.id(), null)) {
                recorder.describe(EpisodeDescription.of("known-clouds", "known.mcap", "test"));
                var lidar = recorder.pointCloud("lidar", StreamSource.of("known.mcap"));
                for (int k = 0; k < CLOUD_TIMES.length; k++) {
                    lidar.append(CLOUD_TIMES[k], cloud(k));
                }
                var depth = recorder.depth("head_depth", StreamSource.of("known.mcap"),
                        new DepthFormat(W, H, 0.001, 50, 50, 32, 24));
                for (int k = 0; k < DEPTH_FRAMES; k++) {
                    depth.append(k * DEPTH_NANOS, depth(k));
                }
                episode = recorder.commit().id();
            }
            UUID cloudStream = datasets.episode(episode).orElseThrow().streams().stream()
                    .filter(s -> s.kind() == StreamKind.POINTCLOUD).findFirst().orElseThrow().id();
            datasets.setStreamOffset(cloudStream, CLOUD_OFFSET);
            return new Fixture(episode, cloudStream);
        } finally {
            signIn.out();
        }
    }

    private void open(Fixture fixture) {
        signInAs("pm@acme.test");
        page.navigate("/test/cloud-view/" + fixture.episode());
        page.waitForFunction("() => customElements.get('ts-cloud-view') && customElements.get('ts-depth-view')"
                + " && ['#cloud', '#depth', '#depth-cloud', '#broken'].every(s => document.querySelector(s))");
    }

    private void setTime(String selector, long time) {
        page.evaluate("([s, t]) => document.querySelectorAll(s).forEach(v => v.time = t)",
                List.of(selector, (double) time));
    }

    /** The frame the index says: the last timestamp at or before t − offset, or -1. */
    static int expectedCloudFrame(long time) {
        int found = -1;
        for (int k = 0; k < CLOUD_TIMES.length; k++) {
            if (CLOUD_TIMES[k] <= time - CLOUD_OFFSET) {
                found = k;
            }
        }
        return found;
    }

    @Test
    void showsTheCloudFrameOfTheIndexAtEveryTimeAndOrbitsByDrag() throws IOException {
        Fixture fixture = recordEpisode();
        open(fixture);
        Locator cloud = page.locator("#cloud");
        // Time 0 is before the first frame (offset 20 ms): nothing drawn, and the view says why.
        assertThat(page.locator("#cloud .cv-note")).hasText("No frame before 0.02 s");
        assertThat(cloud).hasAttribute("data-frame", "-1");
        for (long time : new long[]{250_000_000L, 0, 19_999_999L, 20_000_000L, 119_999_999L, 120_000_000L,
                345_000_000L, 330_000_000L, 9_000_000_000L, 229_000_000L}) {
            setTime("#cloud", time);
            int frame = expectedCloudFrame(time);
            page.waitForFunction("f => document.querySelector('#cloud').dataset.frame === String(f)", frame);
            assertThat(cloud.getAttribute("data-points")).as("points at %d ns", time)
                    .isEqualTo(String.valueOf(frame < 0 ? 0 : points(frame)));
            assertThat(cloud.getAttribute("data-frame-time")).as("frame time at %d ns", time)
                    .isEqualTo(frame < 0 ? "" : String.valueOf(CLOUD_TIMES[frame] + CLOUD_OFFSET));
        }
        assertThat(page.locator("#cloud .cv-error")).hasCount(0);
        // Frame stepping follows the cloud's own frames, on the episode clock (offset included).
        assertThat(((Number) page.evaluate("() => document.querySelector('#cloud').frameStep(120000000, 1)"))
                .longValue()).isEqualTo(CLOUD_TIMES[2] + CLOUD_OFFSET);
        assertThat(((Number) page.evaluate("() => document.querySelector('#cloud').frameStep(120000000, -1)"))
                .longValue()).isEqualTo(CLOUD_TIMES[0] + CLOUD_OFFSET);
        assertThat(page.locator("#cloud")).hasAttribute("name", "lidar");
        // Before the first frame (0 + 20 ms offset) the canvas is empty and says why.
        setTime("#cloud", 10_000_000L);
        assertThat(page.locator("#cloud .cv-note")).hasText("No frame before 0.02 s");
        setTime("#cloud", 229_000_000L);
        assertThat(page.locator("#cloud .cv-note")).hasCount(0);
        page.waitForFunction("() => !document.querySelector('#cloud').hasAttribute('loading')");
        assertThat(page.locator("#cloud .cv-loading")).isHidden();
        // Intensity is in the frames, so it is offered (and chosen) as the colouring.
        assertThat(page.locator("#cloud select option")).hasCount(2);
        assertThat(page.locator("#cloud select")).hasValue("intensity");

        // Something was drawn: the WebGL canvas is not one colour.
        page.waitForFunction("() => Number(document.querySelector('#cloud').dataset.renders || 0) > 0");
        assertThat(distinctColours("#cloud canvas")).isGreaterThan(3);

        // Orbit: a drag on the canvas moves the camera and draws again.
        String camera = cloud.getAttribute("data-camera");
        int renders = Integer.parseInt(cloud.getAttribute("data-renders"));
        var box = page.locator("#cloud canvas").boundingBox();
        page.mouse().move(box.x + box.width / 2, box.y + box.height / 2);
        page.mouse().down();
        for (int step = 1; step <= 5; step++) {
            page.mouse().move(box.x + box.width / 2 + 30 * step, box.y + box.height / 2 + 5 * step);
        }
        page.mouse().up();
        page.waitForFunction("c => document.querySelector('#cloud').dataset.camera !== c", camera);
        assertThat(Integer.parseInt(cloud.getAttribute("data-renders"))).isGreaterThan(renders);
        // Render on demand: nothing changes, nothing is drawn.
        page.waitForTimeout(300);
        String still = cloud.getAttribute("data-renders");
        page.waitForTimeout(500);
        assertThat(cloud.getAttribute("data-renders")).isEqualTo(still);
    }

    @Test
    void readsAheadWhilePlayingAndServesTheNextFrameFromTheCache() throws IOException {
        Fixture fixture = recordEpisode();
        open(fixture);
        List<String> cloudRequests = new CopyOnWriteArrayList<>();
        page.onRequest(r -> {
            if (r.url().contains("/cloud?t=")) {
                cloudRequests.add(r.url().replaceAll(".*/cloud\\?t=", ""));
            }
        });
        setTime("#cloud", 125_000_000L);
        page.waitForFunction("() => document.querySelector('#cloud').dataset.frame === '1'");
        page.evaluate("() => document.querySelector('#cloud').playing = true");
        setTime("#cloud", 126_000_000L);
        // Frames 2, 3 and 4 are read ahead of the playhead.
        page.waitForCondition(() -> cloudRequests.containsAll(List.of(String.valueOf(CLOUD_TIMES[2]),
                String.valueOf(CLOUD_TIMES[3]), String.valueOf(CLOUD_TIMES[4]))));
        page.waitForTimeout(300);
        int before = cloudRequests.size();
        setTime("#cloud", CLOUD_TIMES[3] + CLOUD_OFFSET);
        page.waitForFunction("() => document.querySelector('#cloud').dataset.frame === '3'");
        assertThat(page.locator("#cloud").getAttribute("data-points")).isEqualTo(String.valueOf(points(3)));
        // Frame 3 came from the cache; only frames further ahead were asked for.
        assertThat(cloudRequests.subList(before, cloudRequests.size()))
                .doesNotContain(String.valueOf(CLOUD_TIMES[3]));
    }

    @Test
    void theDepthViewShowsTheFrameAtTheTimeAndAMissingStreamItsError() throws IOException {
        // The view of a stream the episode lacks shows the server's 404: provoked on purpose.
        allowProblem("HTTP 404 GET /media/v1/");
        Fixture fixture = recordEpisode();
        open(fixture);
        Locator depth = page.locator("#depth");
        for (long time : new long[]{0, DEPTH_NANOS - 1, 5 * DEPTH_NANOS + 3, 9 * DEPTH_NANOS + 1_000_000_000L}) {
            setTime("#depth", time);
            int frame = (int) Math.min(DEPTH_FRAMES - 1, time / DEPTH_NANOS);
            page.waitForFunction("f => document.querySelector('#depth').dataset.frame === String(f)", frame);
            assertThat(depth.getAttribute("data-frame-time")).isEqualTo(String.valueOf(frame * DEPTH_NANOS));
        }
        assertThat(page.locator("#depth .dv-error")).hasCount(0);
        // Frame stepping (the player's FrameStepper) follows the depth frames.
        assertThat(((Number) page.evaluate("t => document.querySelector('#depth').frameStep(t, 1)",
                (double) (5 * DEPTH_NANOS + 3))).longValue()).isEqualTo(6 * DEPTH_NANOS);
        assertThat(page.evaluate("() => document.querySelector('#depth').frameStep(0, -1)")).isNull();
        // Painted: many colours (a gradient over 0.5..3.5 m) and black where there is no depth.
        assertThat(distinctColours("#depth canvas.dv-image")).isGreaterThan(20);
        Object blackAtHole = page.evaluate("() => Array.from(document.querySelector('#depth canvas.dv-image')"
                + ".getContext('2d').getImageData(0, 0, 1, 1).data).join(',')");
        assertThat(blackAtHole).isEqualTo("0,0,0,255");
        assertThat(page.locator("#depth .dv-legend")).containsText(" m");

        // The same depth stream as points: every pixel with depth becomes one point.
        setTime("#depth-cloud", 5 * DEPTH_NANOS + 3);
        page.waitForFunction("() => document.querySelector('#depth-cloud').dataset.frame === '5'");
        int holes = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                holes += (x + y) % 17 == 0 ? 1 : 0;
            }
        }
        assertThat(page.locator("#depth-cloud").getAttribute("data-points")).isEqualTo(String.valueOf(W * H - holes));
        assertThat(page.locator("#depth-cloud .cv-error")).hasCount(0);

        setTime("#broken", 0);
        assertThat(page.locator("#broken .cv-error")).containsText("missing lidar");
        assertThat(page.locator("#broken .cv-error")).containsText("HTTP 404");
        assertThat(page.locator("#broken")).hasAttribute("status", "error");
        assertThat(page.locator("#cloud .cv-error")).hasCount(0);
    }

    /** Distinct RGBA values in a sample of the canvas; a WebGL canvas is first copied to a 2D one. */
    private int distinctColours(String selector) {
        Object n = page.evaluate("s => { const src = document.querySelector(s);"
                + " const c = document.createElement('canvas'); c.width = src.width; c.height = src.height;"
                + " const g = c.getContext('2d'); if (src.closest('ts-cloud-view')) src.closest('ts-cloud-view').renderNow();"
                + " g.drawImage(src, 0, 0); const d = g.getImageData(0, 0, c.width, c.height).data;"
                + " const seen = new Set(); for (let i = 0; i < d.length; i += 4 * 7) seen.add(d[i] + ',' + d[i+1] + ','"
                + " + d[i+2] + ',' + d[i+3]); return seen.size; }", selector);
        return ((Number) n).intValue();
    }
}
