package dev.touchstone.browser;

import dev.touchstone.SignIn;
import dev.touchstone.curation.EpisodePair;
import dev.touchstone.curation.EpisodePairs;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.dataset.StoredStream;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamKind;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.VideoTestFiles;
import dev.touchstone.dataset.frames.FrameIndex;
import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.organization.OrganizationService;
import dev.touchstone.storage.BlobStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The paired player (issue 22 item 4) in Chromium on two recorded episodes, "sim take" and "real take", each with a
 * frame-coded H.264 camera (every frame shows its number as stripes, read off the screen as in {@link PlayerIT}) and
 * the same joint signals. The real take's camera starts 0.25 s into its episode, so the pair offset and a stream's
 * own offset add up. At clock time t the first episode must show frame f1(t) and the second f2(t + offset), both
 * computed here from the server's frame indexes.
 */
class PairedPlayerIT extends BrowserTest {

    private static final String CAMERA = "head";
    private static final long SECOND_CAMERA_START = 250_000_000L;
    private static final long OFFSET = 500_000_000L;

    private static Fixture fixture;

    private record Camera(long offset, long[] timestamps) {
        /** The player's rule: the last frame whose timestamp is <= t - offset (the first one before it). */
        int frameAt(long time) {
            int lo = 0;
            int hi = timestamps.length - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (timestamps[mid] <= time - offset) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return Math.max(0, found);
        }
    }

    private record Fixture(UUID sim, UUID real, Camera simCamera, Camera realCamera, UUID pair) {
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
    EpisodePairs pairs;

    @BeforeEach
    void buildFixtureOnce() throws Exception {
        synchronized (PairedPlayerIT.class) {
            if (fixture == null) {
                fixture = buildFixture();
            }
        }
    }

    private Fixture buildFixture() throws Exception {
        Path work = Files.createTempDirectory("paired-player-it");
        Path video = work.resolve("head.mp4");
        VideoTestFiles.ffmpeg(work, "-f", "lavfi", "-i", "color=c=black:size=256x96:rate=30", "-frames:v", "300",
                "-vf", "format=yuv420p,geq=lum='16+219*mod(floor(N/pow(2,floor(X/16))),2)':cb=128:cr=128",
                "-c:v", "libx264", "-g", "30", "-bf", "2", "-pix_fmt", "yuv420p", video.toString());
        signIn.as("admin@acme.test");
        try {
            UUID organization = organizations.current().id();
            Dataset dataset = datasets.create("paired player " + UUID.randomUUID(), "two takes on one clock");
            UUID sim = record(organization, dataset.id(), "sim take", video, 0);
            UUID real = record(organization, dataset.id(), "real take", video, SECOND_CAMERA_START);
            UUID pair = pairs.create(dataset.id(), EpisodePair.TAKES, sim, real, "take-1", 300_000_000L).id();
            return new Fixture(sim, real, camera(sim), camera(real), pair);
        } finally {
            signIn.out();
        }
    }

    private UUID record(UUID organization, UUID dataset, String name, Path video, long cameraStart) throws Exception {
        try (EpisodeRecorder recorder = store.record(organization, dataset, null)) {
            recorder.describe(EpisodeDescription.of(name, "head.mp4", "mp4"));
            recorder.video(CAMERA, StreamSource.of("head.mp4"), video, null, cameraStart);
            var joints = recorder.signal("arm/joints", StreamSource.of("joints.csv"),
                    List.of(new SignalChannel("shoulder", "rad"), new SignalChannel("elbow", "rad")));
            // The same samples in both episodes: their difference at offset 0 must be exactly zero.
            for (int i = 0; i <= 1000; i++) {
                double t = i / 100.0;
                joints.append(i * 10_000_000L, Math.sin(t), 0.5 * Math.cos(2 * t));
            }
            return recorder.commit().id();
        }
    }

    private Camera camera(UUID episode) throws Exception {
        StreamInfo stream = datasets.episode(episode).orElseThrow().streams().stream()
                .filter(s -> s.kind() == StreamKind.VIDEO).findFirst().orElseThrow();
        StoredStream stored = datasets.storedStream(stream.id()).orElseThrow();
        try (InputStream in = blobs.open(stored.indexBlobKey())) {
            return new Camera(stream.offsetNanos(), FrameIndex.read(in, stored.indexBlobKey()).timestamps());
        }
    }

    @Test
    void bothEpisodesShowTheirExactFramesWithTheOffsetHonoured() {
        assertThat(fixture.realCamera().timestamps()[0]).isEqualTo(SECOND_CAMERA_START);
        signInAs("pm@acme.test");
        PairedPlayerPage paired = new PairedPlayerPage(page).open(fixture.sim(), fixture.real(), OFFSET);
        assertThat(page.locator("#pair-first-link")).hasText("First: sim take");
        assertThat(page.locator("#pair-second-link")).hasText("Second: real take");
        String first = "sim take · " + CAMERA;
        String second = "real take · " + CAMERA;
        paired.player.waitUntilReady(first, second);
        assertThat(page.locator("#pair-offset-ms")).hasValue("500");

        checkFrames(paired, first, second, OFFSET, times(OFFSET));

        // Typed by hand: the second moves to t - 120 ms at once, and the address keeps the offset.
        paired.typeOffsetMillis("-120");
        assertThat(paired.offsetControl()).hasAttribute("data-applied", "-120000000");
        assertThat(page).hasURL(java.util.regex.Pattern.compile("offset=-120000000"));
        checkFrames(paired, first, second, -120_000_000L, times(-120_000_000L));

        // No number (the number field hands over "" for anything else): said so, and nothing moves.
        paired.typeOffsetMillis("");
        assertThat(page.locator("#pair-offset-error")).containsText("Type the offset as a number of milliseconds");
        assertThat(paired.offsetControl()).hasAttribute("data-applied", "-120000000");
        paired.typeOffsetMillis("-120");
        documentationScreenshot("paired-player.png");
    }

    @Test
    void twoIdenticalEpisodesAtOffsetZeroDifferByZeroAndTheTableSaysWhereTimingsComeFrom() {
        signInAs("pm@acme.test");
        PairedPlayerPage paired = new PairedPlayerPage(page).open(fixture.sim(), fixture.sim(), 700_000_000L);
        assertThat(paired.overlay()).hasAttribute("data-status", "ready");
        assertThat(paired.overlay()).hasAttribute("data-offset", "700000000");
        assertThat(paired.overlay()).hasAttribute("data-channel", "arm/joints/shoulder");
        double shifted = Double.parseDouble(paired.overlay().getAttribute("data-max-abs-difference"));
        assertThat(shifted).as("sin(t) against sin(t + 0.7 s) differs").isGreaterThan(0.1);

        paired.typeOffsetMillis("0");
        assertThat(paired.overlay()).hasAttribute("data-offset", "0");
        assertThat(paired.overlay()).hasAttribute("data-status", "ready");
        assertThat(paired.overlay()).hasAttribute("data-max-abs-difference", "0");
        assertThat(Integer.parseInt(paired.overlay().getAttribute("data-points"))).isGreaterThan(100);
        assertThat(page.locator("#paired-difference")).containsText("largest |difference| in view: 0 rad");

        // Another channel of the same stream, chosen in the chart: still zero.
        page.locator("#paired-channel").selectOption("elbow");
        assertThat(paired.overlay()).hasAttribute("data-channel", "arm/joints/elbow");
        assertThat(paired.overlay()).hasAttribute("data-max-abs-difference", "0");

        // The fixture has neither accepted labels nor the streams the proposers read: the page says so.
        assertThat(paired.timingSources()).containsText("proposals of the contact and phase proposers");
        assertThat(paired.timingSources()).containsText("none found");
        assertThat(paired.alignSelect()).isDisabled();
    }

    @Test
    void aStoredPairPlaysAtItsOffsetAndAManagerStoresANewOne() {
        signInAs("pm@acme.test");
        page.navigate("/pairs/" + fixture.pair() + "/play");
        assertThat(page.locator("#pair-offset")).hasAttribute("data-applied", "300000000");
        assertThat(page.locator("#pair-summary")).containsText("Pair: takes · key take-1 · stored offset +300.0 ms");
        PairedPlayerPage paired = new PairedPlayerPage(page);
        String first = "sim take · " + CAMERA;
        String second = "real take · " + CAMERA;
        paired.player.waitUntilReady(first, second);
        checkFrames(paired, first, second, 300_000_000L, List.of(2_000_000_000L, 4_321_000_000L));

        paired.typeOffsetMillis("250");
        assertThat(paired.offsetControl()).hasAttribute("data-applied", "250000000");
        page.locator("#pair-save-offset").click();
        assertThat(page.locator("#pair-summary")).containsText("stored offset +250.0 ms");
        signIn.as("pm@acme.test");
        try {
            assertThat(pairs.pair(fixture.pair()).offsetNanos()).isEqualTo(250_000_000L);
        } finally {
            signIn.out();
        }
    }

    @Test
    void anOffsetInTheAddressThatIsNoNumberIsSaidAndTheEpisodesStartAligned() {
        signInAs("pm@acme.test");
        page.navigate("/episodes/" + fixture.sim() + "/compare/" + fixture.real() + "?offset=soon");
        assertThat(page.locator("#pair-offset-invalid")).containsText("not a whole number of nanoseconds");
        assertThat(page.locator("#pair-offset")).hasAttribute("data-applied", "0");
    }

    /** Frame boundaries of both cameras (on and 1 ns before), past the ends, then random times. */
    private static List<Long> times(long offset) {
        List<Long> times = new ArrayList<>(List.of(0L, 1L));
        long[] a = fixture.simCamera().timestamps();
        long[] b = fixture.realCamera().timestamps();
        for (int k : new int[] {1, 2, 29, 150}) {
            times.add(a[k]);
            times.add(a[k] - 1);
            long clock = b[k] + fixture.realCamera().offset() - offset;
            if (clock >= 0) {
                times.add(clock);
                times.add(clock - 1);
            }
        }
        times.add(a[a.length - 1] + 100_000_000L);
        Random random = new Random(22);
        for (int i = 0; i < 8; i++) {
            times.add((long) (random.nextDouble() * 9.5e9));
        }
        return times;
    }

    private static void checkFrames(PairedPlayerPage paired, String first, String second, long offset,
                                    List<Long> times) {
        for (long t : times) {
            paired.player.seek(t);
            PlayerPage.Shown a = paired.player.shown(first);
            PlayerPage.Shown b = paired.player.shown(second);
            int expectedA = fixture.simCamera().frameAt(t);
            int expectedB = fixture.realCamera().frameAt(t + offset);
            assertThat(a.settled()).as("first settled at %d: %s", t, a).isTrue();
            assertThat(b.settled()).as("second settled at %d: %s", t, b).isTrue();
            assertThat(a.decoded()).as("first episode's frame on screen at clock %d ns", t).isEqualTo(expectedA);
            assertThat(b.decoded()).as("second episode's frame on screen at clock %d ns (its own time %d ns)", t,
                    t + offset).isEqualTo(expectedB);
            assertThat(a.dataExpectedFrame()).isEqualTo(expectedA);
            assertThat(b.dataExpectedFrame()).isEqualTo(expectedB);
        }
    }
}
