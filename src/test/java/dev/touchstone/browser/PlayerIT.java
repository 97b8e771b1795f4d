package dev.touchstone.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.touchstone.SignIn;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.dataset.StoredStream;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.VideoTestFiles;
import dev.touchstone.dataset.frames.FrameIndex;
import dev.touchstone.labeling.DraftService;
import dev.touchstone.organization.OrganizationProvisioning;
import dev.touchstone.organization.OrganizationService;
import dev.touchstone.storage.BlobStore;
import dev.touchstone.workflow.Project;
import dev.touchstone.workflow.WorkService;
import dev.touchstone.workflow.WorkflowService;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The player in Chromium on an episode of two frame-coded cameras that share nothing but the clock: H.264 at 30 fps
 * (GOP 30, B-frames) from 0 s, and AV1 at 24 fps (GOP 2) starting 0.25 s later. Every frame carries its own number
 * as stripes, so the test reads what is really on screen and compares it with the frame the clock asks for,
 * computed here from the server's frame index. A third camera has a variable frame rate: every third frame 20 ms
 * late and a 200 ms hole after frame 59, so nothing can lean on a constant rate.
 */
class PlayerIT extends BrowserTest {

    private static final String H264 = "head_h264_30fps";
    private static final String AV1 = "wrist_av1_24fps";
    private static final String VFR = "side_vfr_h264";
    private static final List<String> CAMERAS = List.of(H264, AV1, VFR);
    private static final long AV1_START = 250_000_000L;

    /** Built once for the class: the Spring context (and its database) outlives the test instances. */
    private static Fixture fixture;

    private record Camera(UUID streamId, long offset, long[] timestamps) {
        /** The reference rule: the last frame whose timestamp is <= t - offset (the first one before it). */
        int frameAt(long clock) {
            int lo = 0;
            int hi = timestamps.length - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (timestamps[mid] <= clock - offset) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return Math.max(0, found);
        }
    }

    private record Fixture(UUID episode, UUID brokenEpisode, Map<String, Camera> cameras) {
    }

    @Autowired
    SignIn signIn;
    @Autowired
    OrganizationService organizations;
    @Autowired
    DatasetService datasets;
    @Autowired
    EpisodeStore store;
    @Autowired
    BlobStore blobs;
    @Autowired
    DSLContext dsl;
    @Autowired
    WorkflowService workflow;
    @Autowired
    WorkService work;
    @Autowired
    DraftService drafts;
    @Autowired
    OrganizationProvisioning provisioning;

    @BeforeEach
    void buildFixtureOnce() throws Exception {
        synchronized (PlayerIT.class) {
            if (fixture == null) {
                fixture = buildFixture();
            }
        }
    }

    private Fixture buildFixture() throws Exception {
        Path work = Files.createTempDirectory("player-it");
        Path h264 = frameCoded(work, "head.mp4", 30, 360, "-c:v", "libx264", "-g", "30", "-bf", "2",
                "-pix_fmt", "yuv420p");
        Path av1 = frameCoded(work, "wrist.mp4", 24, 288, "-c:v", "libsvtav1", "-g", "2", "-crf", "30",
                "-pix_fmt", "yuv420p");
        Path vfr = frameCoded(work, "side.mp4", 30, 150,
                "-vf", "format=yuv420p,geq=lum='16+219*mod(floor(N/pow(2,floor(X/16))),2)':cb=128:cr=128,"
                        + "settb=1/90000,setpts='(N/30+0.02*eq(mod(N,3),2)+0.2*gte(N,60))/TB'",
                "-fps_mode", "passthrough", "-enc_time_base", "1/90000", "-video_track_timescale", "90000",
                "-c:v", "libx264", "-g", "15", "-bf", "2", "-pix_fmt", "yuv420p");
        signIn.as("admin@acme.test");
        try {
            UUID organization = organizations.current().id();
            Dataset dataset = datasets.create("player fixtures " + UUID.randomUUID(), "frame-coded cameras");
            UUID episode;
            try (EpisodeRecorder recorder = store.record(organization, dataset.id(), null)) {
                recorder.describe(EpisodeDescription.of("two-cameras", "head.mp4", "mp4"));
                recorder.video(H264, StreamSource.of("head.mp4"), h264, null, 0);
                recorder.video(AV1, StreamSource.of("wrist.mp4"), av1, null, AV1_START);
                recorder.video(VFR, StreamSource.of("side.mp4"), vfr, null, 0);
                episode = recorder.commit().id();
            }
            UUID broken;
            try (EpisodeRecorder recorder = store.record(organization, dataset.id(), null)) {
                recorder.describe(EpisodeDescription.of("one-broken-camera", "head.mp4", "mp4"));
                recorder.video(H264, StreamSource.of("head.mp4"), h264, null, 0);
                recorder.video("broken_cam", StreamSource.of("head.mp4"), h264, null, 0);
                broken = recorder.commit().id();
            }
            EpisodeDetail brokenDetail = datasets.episode(broken).orElseThrow();
            StreamInfo brokenStream = brokenDetail.streams().stream().filter(s -> s.name().equals("broken_cam"))
                    .findFirst().orElseThrow();
            // The index stays valid, the MP4 becomes garbage: the failure must surface in the video element.
            StoredStream stored = datasets.storedStream(brokenStream.id()).orElseThrow();
            byte[] garbage = "this is not an mp4 file ".repeat(400).getBytes(StandardCharsets.US_ASCII);
            blobs.put(stored.blobKey(), new ByteArrayInputStream(garbage), garbage.length);

            Map<String, Camera> cameras = new LinkedHashMap<>();
            for (StreamInfo stream : datasets.episode(episode).orElseThrow().streams()) {
                StoredStream s = datasets.storedStream(stream.id()).orElseThrow();
                try (InputStream in = blobs.open(s.indexBlobKey())) {
                    cameras.put(stream.name(), new Camera(stream.id(), stream.offsetNanos(),
                            FrameIndex.read(in, s.indexBlobKey()).timestamps()));
                }
            }
            assertThat(cameras.get(H264).timestamps()).hasSize(360);
            assertThat(cameras.get(AV1).timestamps()).hasSize(288);
            assertThat(cameras.get(AV1).timestamps()[0]).isEqualTo(AV1_START);
            long[] side = cameras.get(VFR).timestamps();
            assertThat(side).hasSize(150);
            assertThat(side[2] - side[1]).as("variable frame rate").isBetween(53_000_000L, 54_000_000L);
            assertThat(side[60] - side[59]).as("a hole in the VFR camera").isBetween(213_000_000L, 214_000_000L);
            return new Fixture(episode, broken, cameras);
        } finally {
            signIn.out();
        }
    }

    /**
     * Issue 17 item 10: the player said "no labels" for an episode with accepted labels. It shows the labels a
     * project accepted, read-only, named with the project, and says who accepted them.
     */
    @Test
    void theDemoEpisodeShowsItsAcceptedLabelsAndWhoseTheyAre() throws Exception {
        Project project = DemoEpisodeProjects.forBothDemoAnnotators("Player accepted", dsl, signIn, workflow,
                provisioning);
        DemoEpisodeProjects.labelAndSubmit("annotator@acme.test", project.id(), signIn, workflow, work, drafts);
        DemoEpisodeProjects.labelAndSubmit("annotator2@acme.test", project.id(), signIn, workflow, work, drafts);
        UUID episode = dsl.fetchSingle("select episode_id from task where project_id = ? and review_state = 'accepted'",
                project.id()).get(0, UUID.class);

        signInAs("pm@acme.test");
        new PlayerPage(page).open(episode);
        assertThat(page.locator("#player-accepted")).containsText(project.name());
        assertThat(page.locator("#player-accepted")).containsText("by consensus");
        Locator lane = page.locator("ts-label-tracks .lane[data-track='accepted-" + project.id() + "-phase']");
        assertThat(lane).containsText("Task phase · " + project.name());
        assertThat(lane.locator(".segment")).hasCount(2);
        assertThat(lane.locator(".segment").first()).hasAttribute("data-label", "Reach");
        assertThat(lane.locator(".segment").last()).hasAttribute("data-label", "Grasp");
        assertThat(page.locator("ts-label-tracks #no-tracks")).hasCount(0);
    }

    /**
     * Issue 17 item 10 on the demo episode (cameras, signals, tactile, LiDAR, depth): a session of playing and seeking
     * makes no request that fails and logs no console error. The tactile read-ahead asked for a window wider than
     * the server answers (400), and times before a stream's first sample answered 404.
     */
    @Test
    void aPlayerSessionOnTheDemoEpisodeHasNoFailedRequestOrConsoleError() throws InterruptedException {
        UUID episode = demoEpisode();
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        page.onResponse(response -> {
            if (response.status() >= 400) {
                failures.add(response.status() + " " + response.url());
            }
        });
        page.onRequestFailed(request -> {
            // An aborted request is one the player cancelled itself (a superseded window); nothing failed.
            if (!String.valueOf(request.failure()).contains("ERR_ABORTED")) {
                failures.add("failed " + request.url() + ": " + request.failure());
            }
        });
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type())) {
                failures.add("console: " + message.text());
            }
        });
        page.onPageError(error -> failures.add("page error: " + error));

        signInAs("pm@acme.test");
        page.setViewportSize(1600, 1000);
        new PlayerPage(page).open(episode);
        assertThat(page.locator("ts-camera-view").first()).hasAttribute("status", "ready");
        // From the start (before the first tactile and LiDAR samples), play, seek about, play again.
        page.evaluate("() => { const p = document.querySelector('ts-player'); p.pause(); p.seek(0); }");
        page.waitForTimeout(500);
        page.evaluate("document.querySelector('ts-player').play()");
        page.waitForTimeout(3000);
        for (double t : new double[] {0.001, 1.5, 0.0, 2.2}) {
            page.evaluate("t => { const p = document.querySelector('ts-player'); p.pause(); p.seek(t); }", t * 1e9);
            page.waitForTimeout(400);
        }
        page.evaluate("document.querySelector('ts-player').play()");
        page.waitForTimeout(2500);
        page.evaluate("document.querySelector('ts-player').pause()");
        assertThat(page.locator("ts-tactile-view canvas[data-values]").first()).isAttached();
        String shots = System.getProperty("player.screenshots");
        if (shots != null && !shots.isBlank()) {
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of(shots, "player-session.png")));
        }
        page.waitForTimeout(500);
        assertThat(failures).as("failed requests and console errors of the session").isEmpty();
    }

    /** The generated demo episode, imported in the background at start-up. */
    private UUID demoEpisode() throws InterruptedException {
        for (int attempt = 0; attempt < 240; attempt++) {
            UUID id = dsl.fetchOptional("""
                    select e.id from episode e join organization o on o.id = e.organization_id
                    where o.slug = 'acme' and e.name = 'synthetic-1-0000'""").map(r -> r.get(0, UUID.class))
                    .orElse(null);
            if (id != null) {
                return id;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the demo episode was not imported");
    }

    /** A clip whose frame N shows N in binary: stripe k (16 px wide) is white when bit k of N is set. */
    private static Path frameCoded(Path work, String name, int fps, int frames, String... codec)
            throws IOException, InterruptedException {
        Path file = work.resolve(name);
        List<String> arguments = new ArrayList<>(List.of("-f", "lavfi", "-i",
                "color=c=black:size=256x96:rate=" + fps, "-frames:v", String.valueOf(frames)));
        if (!List.of(codec).contains("-vf")) {
            arguments.addAll(List.of("-vf",
                    "format=yuv420p,geq=lum='16+219*mod(floor(N/pow(2,floor(X/16))),2)':cb=128:cr=128"));
        }
        arguments.addAll(List.of(codec));
        arguments.add(file.toString());
        VideoTestFiles.ffmpeg(work, arguments.toArray(String[]::new));
        return file;
    }

    private PlayerPage openFixture() {
        signInAs("admin@acme.test");
        return new PlayerPage(page).open(fixture.episode()).waitUntilReady(CAMERAS.toArray(String[]::new));
    }

    /** Every camera shows, on screen, exactly the frame of its index that the clock asks for. */
    private void assertFrameExact(PlayerPage player, String when) {
        long clock = Math.round(player.time());
        for (String name : CAMERAS) {
            int expected = fixture.cameras().get(name).frameAt(clock);
            PlayerPage.Shown shown = player.shown(name);
            assertThat(Math.round(shown.clock())).as("clock unchanged while reading %s", name).isEqualTo(clock);
            assertThat(shown)
                    .as("%s: %s at clock %d ns should show frame %d", when, name, clock, expected)
                    .extracting(PlayerPage.Shown::decoded, PlayerPage.Shown::dataExpectedFrame,
                            PlayerPage.Shown::dataFrame, PlayerPage.Shown::settled)
                    .containsExactly(expected, expected, expected, true);
        }
    }

    @Test
    void hundredRandomSeeksShowExactlyTheFrameTheClockAsksForOnEveryCamera() {
        PlayerPage player = openFixture();
        long seed = Long.getLong("player.seed", System.nanoTime());
        Random random = new Random(seed);
        long end = Math.round(player.end());
        assertThat(end).as("the clock ends on the later camera's last frame")
                .isEqualTo(Math.max(fixture.cameras().get(AV1).timestamps()[287],
                        fixture.cameras().get(H264).timestamps()[359]));
        List<Long> times = new ArrayList<>();
        // The hard cases first: exactly on a frame's timestamp, and one nanosecond before it.
        long[] h264 = fixture.cameras().get(H264).timestamps();
        long[] av1 = fixture.cameras().get(AV1).timestamps();
        long[] vfr = fixture.cameras().get(VFR).timestamps();
        for (long t : new long[]{0, h264[1], h264[1] - 1, av1[0] - 1, av1[0], av1[100], av1[100] - 1, h264[359], end,
                vfr[2], vfr[2] - 1, vfr[3] - 1, vfr[60] - 1, vfr[60], vfr[149], vfr[149] + 1}) {
            times.add(t);
        }
        while (times.size() < 100) {
            times.add((long) (random.nextDouble() * end));
        }
        for (int i = 0; i < times.size(); i++) {
            player.seek(times.get(i));
            assertFrameExact(player, "seek " + i + " (seed " + seed + ")");
        }
    }

    @Test
    void stepFrameMovesExactlyOneFrameOfTheChosenCamera() {
        PlayerPage player = openFixture();
        player.seek(2_000_000_000L);
        assertFrameExact(player, "before stepping");
        for (String name : List.of(AV1, H264, VFR)) {
            Camera camera = fixture.cameras().get(name);
            // A click on a view makes it the camera that the arrow keys step through.
            player.camera(name).click();
            assertThat(player.player().locator("#step-source")).hasText(name);
            int before = player.shown(name).decoded();
            player.press("ArrowRight");
            PlayerPage.Shown after = player.shown(name);
            assertThat(after.decoded()).as("%s one frame forward", name).isEqualTo(before + 1);
            assertThat(Math.round(player.time())).isEqualTo(camera.timestamps()[before + 1] + camera.offset());
            assertFrameExact(player, "after stepping " + name + " forward");
            player.press("ArrowLeft");
            player.press("ArrowLeft");
            assertThat(player.shown(name).decoded()).as("%s two frames back", name).isEqualTo(before - 1);
            assertFrameExact(player, "after stepping " + name + " back");
        }
        player.press("Home");
        player.camera(AV1).click();
        player.press("ArrowRight");
        assertThat(Math.round(player.time())).as("before its first frame, a step lands on the first frame")
                .isEqualTo(AV1_START);
    }

    @Test
    void afterPlayingAndPausingEveryCameraShowsTheClocksFrame() {
        PlayerPage player = openFixture();
        player.seek(500_000_000L);
        assertFrameExact(player, "before playing");
        int startFrame = player.shown(H264).decoded();
        player.focus();
        player.press("Space");
        assertThat(player.player()).hasAttribute("playing", "");
        page.waitForTimeout(2000);
        int midway = ((Number) page.evaluate(
                "Number(document.querySelector(\"ts-camera-view[name='" + H264 + "']\").dataset.frame)")).intValue();
        assertThat(midway).as("the video advances while playing").isGreaterThan(startFrame + 20);
        page.waitForTimeout(8000);
        player.press("Space");
        assertThat(player.player()).not().hasAttribute("playing", "");
        double played = player.time() - 500_000_000L;
        assertThat(played).as("about 10 s of clock time passed (the clips last 12 s)").isBetween(8.5e9, 11.5e9);
        assertFrameExact(player, "after 10 s of playing");
    }

    @Test
    void atFourTimesAndAtATenthOfTheSpeedEveryCameraStaysOnTheClocksFrame() {
        PlayerPage player = openFixture();
        player.seek(0);
        page.evaluate("p => p.setSpeed(4)", player.player().elementHandle());
        assertThat(player.player().locator("#speed")).hasText("4x");
        // Zoomed in to 2 s: the shared range turns pages so that the playhead stays in view.
        page.evaluate("p => p.setViewRange({t0: 0, t1: 2e9})", player.player().elementHandle());
        player.focus();
        player.press("Space");
        page.waitForTimeout(2000);
        player.press("Space");
        assertThat(player.time()).as("about 8 s of clock in 2 s").isBetween(5.5e9, 10.5e9);
        double t0 = ((Number) page.evaluate("document.querySelector('ts-player').viewRange.t0")).doubleValue();
        double t1 = ((Number) page.evaluate("document.querySelector('ts-player').viewRange.t1")).doubleValue();
        assertThat(t1 - t0).as("the zoom is kept").isCloseTo(2e9, org.assertj.core.data.Offset.offset(1e6));
        assertThat(player.time()).as("the playhead is in the visible range").isBetween(t0, t1);
        assertFrameExact(player, "after playing at 4x");

        double from = player.time();
        page.evaluate("p => p.setSpeed(0.1)", player.player().elementHandle());
        player.press("Space");
        page.waitForTimeout(2000);
        player.press("Space");
        assertThat(player.time() - from).as("about 0.2 s of clock in 2 s").isBetween(0.1e9, 0.35e9);
        assertFrameExact(player, "after playing at 0.1x");
    }

    @Test
    void keyboardShortcutsDriveTheClock() {
        PlayerPage player = openFixture();
        // No click first: the player has the keyboard as soon as it opens.
        player.press("?");
        assertThat(player.player().locator("#shortcuts")).isVisible();
        assertThat(player.player().locator("#shortcuts")).containsText("Space");
        assertThat(player.player().locator("#shortcuts")).containsText("Home / End");
        player.press("?");
        assertThat(player.player().locator("#shortcuts")).hasCount(0);
        player.focus();

        player.press("End");
        assertThat(Math.round(player.time())).isEqualTo(Math.round(player.end()));
        assertFrameExact(player, "after End");
        player.press("Home");
        assertThat(Math.round(player.time())).isZero();
        assertFrameExact(player, "after Home");
        player.press("Shift+ArrowRight");
        player.press("Shift+ArrowRight");
        assertThat(Math.round(player.time())).isEqualTo(2_000_000_000L);
        player.press("Shift+ArrowLeft");
        assertThat(Math.round(player.time())).isEqualTo(1_000_000_000L);
        assertFrameExact(player, "after Shift+arrows");

        player.press("+");
        assertThat(player.player().locator("#speed")).hasText("1.5x");
        player.press("-");
        player.press("-");
        assertThat(player.player().locator("#speed")).hasText("0.5x");

        player.press("[");
        player.press("Shift+ArrowRight");
        player.press("]");
        player.press("L");
        assertThat(player.player()).hasAttribute("loop", "");
        assertThat(player.player()).hasAttribute("loop-in", "1000000000");
        player.press("+");
        player.press("+");
        player.press("Space");
        page.waitForTimeout(2500);
        double looped = player.time();
        assertThat(looped).as("looping playback stays inside [in, out]").isBetween(1e9, 2e9);
        player.press("Space");
        assertFrameExact(player, "after looping");
    }

    @Test
    void theAxisScrubsTheClock() {
        PlayerPage player = openFixture();
        var axis = player.player().locator("#axis");
        var box = axis.boundingBox();
        page.mouse().move(box.x + box.width * 0.25, box.y + box.height / 2);
        page.mouse().down();
        page.mouse().move(box.x + box.width * 0.75, box.y + box.height / 2, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(5));
        page.mouse().up();
        assertThat(player.time() / player.end()).isBetween(0.73, 0.77);
        assertFrameExact(player, "after scrubbing");
        assertThat(player.player().locator("#readout")).containsText("0:09.");
    }

    @Test
    void theViewMenuHidesViewsAndTheLayoutIsRememberedForTheMember() {
        // Its own member: the remembered layout must not leak into the other tests, which sign in as admin and QA.
        signInAs("pm@acme.test");
        PlayerPage player = new PlayerPage(page).open(fixture.episode()).waitUntilReady(CAMERAS.toArray(String[]::new));
        try {
            player.openViewMenu();
            player.viewToggle("camera:" + VFR).uncheck();
            player.player().locator("#columns").selectOption("1");
            assertThat(player.camera(VFR)).isHidden();
            assertThat(player.camera(H264)).isVisible();
            assertThat(player.camera(AV1)).isVisible();
            assertThat(player.tileColumns()).as("one column").isEqualTo(1);
            player.seek(2_000_000_000L);
            assertThat(player.camera(H264)).hasAttribute("data-frame", "60");
            assertThat(player.camera(VFR).getAttribute("data-frame")).as("a hidden view is not driven")
                    .isNotEqualTo(String.valueOf(fixture.cameras().get(VFR).frameAt(2_000_000_000L)));

            page.waitForTimeout(1500); // the layout is saved 0.4 s after the last change
            page.reload();
            player.waitUntilReady(H264, AV1);
            assertThat(player.camera(VFR)).isHidden();
            assertThat(player.tileColumns()).as("remembered after reload").isEqualTo(1);
            player.openViewMenu();
            assertThat(player.viewToggle("camera:" + VFR)).not().isChecked();
            player.viewToggle("camera:" + VFR).check();
            assertThat(player.camera(VFR)).isVisible();
            player.seek(3_000_000_000L);
            assertFrameExact(player, "after showing the camera again");
        } finally {
            player.player().locator("#layout-reset").click();
            page.waitForTimeout(1500);
        }
        page.reload();
        assertThat(player.camera(VFR)).isVisible();
        assertThat(player.tileColumns()).as("reset to automatic columns").isGreaterThan(1);
    }

    @Test
    void labelTracksShareTheAxisZoomAndPageDownJumpsFromLabelToLabel() {
        PlayerPage player = openFixture();
        Locator tracks = page.locator("#player-tracks");
        assertThat(tracks.locator("#no-tracks")).isVisible();
        page.evaluate("""
                el => el.tracks = [
                  {id: 'phases', name: 'phases', segments: [
                    {start: 1e9, end: 2.5e9, label: 'reach'}, {start: 2.5e9, end: 4e9, label: 'grasp'}]},
                  {id: 'events', name: 'events', events: [{time: 3e9, label: 'contact-on'}]}]""",
                tracks.elementHandle());
        assertThat(tracks.locator("[data-track]")).hasCount(2);
        assertSegmentUnderAxis(player, tracks.locator(".segment[data-label='reach']"), 1e9);
        page.evaluate("p => p.setViewRange({t0: 5e8, t1: 4.5e9})", player.player().elementHandle());
        assertSegmentUnderAxis(player, tracks.locator(".segment[data-label='reach']"), 1e9);
        assertSegmentUnderAxis(player, tracks.locator(".event[data-label='contact-on']"), 3e9);

        player.seek(0);
        player.focus();
        long[] expected = {1_000_000_000L, 2_500_000_000L, 3_000_000_000L, 4_000_000_000L, 4_000_000_000L};
        for (long time : expected) {
            player.press("PageDown");
            assertThat(Math.round(player.time())).isEqualTo(time);
        }
        player.press("PageUp");
        assertThat(Math.round(player.time())).isEqualTo(3_000_000_000L);
        assertFrameExact(player, "after jumping to a label");
        player.player().locator("#prev-label").click();
        assertThat(Math.round(player.time())).isEqualTo(2_500_000_000L);
    }

    private double tilesShare() {
        return ((Number) page.evaluate("""
                () => { const r = document.querySelector('ts-player').shadowRoot;
                  const tiles = r.querySelector('#tiles').getBoundingClientRect().height;
                  return tiles / (tiles + r.querySelector('#wide').getBoundingClientRect().height); }""")).doubleValue();
    }

    /** The lanes share the axis: a label at time t starts where the axis puts t (within a pixel or two). */
    private void assertSegmentUnderAxis(PlayerPage player, Locator label, double time) {
        var axis = player.player().locator("#axis").boundingBox();
        double t0 = ((Number) page.evaluate("document.querySelector('ts-player').viewRange.t0")).doubleValue();
        double t1 = ((Number) page.evaluate("document.querySelector('ts-player').viewRange.t1")).doubleValue();
        double expectedX = axis.x + axis.width * (time - t0) / (t1 - t0);
        page.waitForTimeout(100);
        var box = label.boundingBox();
        double left = label.getAttribute("class").contains("event") ? box.x + box.width / 2 : box.x;
        assertThat(left).as("x of the label at " + time + " ns").isCloseTo(expectedX, org.assertj.core.data.Offset.offset(2.5));
    }

    @Test
    void aBrokenStreamShowsItsErrorWhileTheOtherCameraKeepsWorking() {
        signInAs("admin@acme.test");
        PlayerPage player = new PlayerPage(page).open(fixture.brokenEpisode());
        assertThat(player.camera("broken_cam")).hasAttribute("status", "error");
        assertThat(player.camera("broken_cam").locator("[role=alert]")).containsText("cannot be played");
        player.waitUntilReady(H264);
        Camera camera = fixture.cameras().get(H264);
        for (long t : new long[]{3_210_000_000L, 7_000_000_000L}) {
            player.seek(t);
            PlayerPage.Shown shown = player.shown(H264);
            assertThat(shown.decoded()).isEqualTo(camera.frameAt(t));
            assertThat(shown.settled()).isTrue();
        }
        player.focus();
        player.press("Space");
        page.waitForTimeout(500);
        player.press("Space");
        assertThat(player.time()).as("the clock plays past the broken view").isGreaterThan(7_100_000_000.0);
    }

    @Test
    void theEpisodePageOpensTheDemoEpisodeInThePlayer() {
        signInAs("qa@acme.test");
        DatasetPages datasets = new DatasetPages(page).openList();
        page.locator("#datasets-grid vaadin-grid-cell-content",
                new Page.LocatorOptions().setHasText("Pick and place (synthetic)")).click();
        for (int attempt = 0; attempt < 60 && !datasets.summary().textContent().startsWith("1 "); attempt++) {
            page.waitForTimeout(1000);
            page.reload();
        }
        datasets.openEpisode("synthetic-1-0000");
        page.locator("#open-player").click();
        assertThat(page.locator("ts-player")).isVisible();
        assertThat(page.locator("#player-title")).hasText("synthetic-1-0000");
        assertThat(page.locator("ts-camera-view")).not().hasCount(0);
        for (int i = 0; i < page.locator("ts-camera-view").count(); i++) {
            assertThat(page.locator("ts-camera-view").nth(i)).hasAttribute("status", "ready");
        }
        page.evaluate("p => p.seek(p.end * 0.4)", page.locator("ts-player").elementHandle());
        // The generated episode's signals and fingertip arrays play along under the cameras.
        assertThat(page.locator("#player-signals canvas").first()).isVisible();
        assertThat(page.locator("ts-tactile-view")).hasCount(2);
        // Every fingertip of a hand fits in its tile: the pads shrink with the tile instead of being cut off.
        boolean padsFit = (Boolean) page.evaluate("""
                () => [...document.querySelectorAll('ts-tactile-view')].every(view => {
                  const box = view.getBoundingClientRect();
                  return [...view.querySelectorAll('figure canvas')].every(c => {
                    const r = c.getBoundingClientRect();
                    return r.width > 0 && r.bottom <= box.bottom + 1 && r.right <= box.right + 1; }); })""");
        assertThat(padsFit).as("all tactile pads inside their views").isTrue();
        // The LiDAR and the depth camera follow the same clock; the depth-as-points view starts hidden.
        assertThat(page.locator("ts-cloud-view:not([ts-hidden])")).hasCount(1);
        assertThat(page.locator("ts-cloud-view:not([ts-hidden])")).hasAttribute("data-frame",
                java.util.regex.Pattern.compile("\\d+"));
        assertThat(page.locator("ts-depth-view")).hasAttribute("data-frame", java.util.regex.Pattern.compile("\\d+"));
        // The splitter shares the height between the cameras and the signals, from the keyboard too.
        Locator splitter = page.locator("ts-player #splitter");
        assertThat(splitter).isVisible();
        double before = tilesShare();
        splitter.focus();
        splitter.press("ArrowDown");
        splitter.press("ArrowDown");
        assertThat(splitter).hasAttribute("aria-valuenow", "70");
        assertThat(tilesShare()).as("the cameras got more of the height").isGreaterThan(before + 0.05);
        splitter.press("ArrowUp");
        splitter.press("ArrowUp");
        assertThat(splitter).hasAttribute("aria-valuenow", "60");
        String screenshot = System.getProperty("player.screenshot");
        if (screenshot != null && !screenshot.isBlank()) {
            page.waitForTimeout(1000);
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of(screenshot)));
        }
    }
}
