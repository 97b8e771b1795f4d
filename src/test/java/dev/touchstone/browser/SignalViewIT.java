package dev.touchstone.browser;

import com.microsoft.playwright.Locator;
import dev.touchstone.SignIn;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.TactileLayout;
import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.organization.CurrentOrganization;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signal and tactile views on their own (test page {@code test/signal-view/:episodeId}), on an episode whose
 * samples are known functions of time, so every number the views show can be computed here independently.
 */
class SignalViewIT extends BrowserTest {

    private static final long SAMPLE_NANOS = 1_000_000L;      // 1 kHz
    private static final long TACTILE_NANOS = 10_000_000L;    // 100 Hz
    private static final long DURATION = 60_000_000_000L;
    private static final int TAXELS = 32;                      // two 4x4 pads

    @Autowired
    SignIn signIn;
    @Autowired
    DatasetService datasets;
    @Autowired
    EpisodeStore store;
    @Autowired
    CurrentOrganization current;

    /** The stored value of channel c at sample time t (ns); float, as the signal file keeps it. */
    static float signal(int c, long t) {
        double s = t / 1e9;
        return switch (c) {
            case 0 -> (float) Math.sin(2 * Math.PI * 0.5 * s);
            case 1 -> (float) (3 * Math.cos(2 * Math.PI * 0.2 * s));
            case 2 -> (float) (0.1 * s);
            default -> (float) Math.floorMod((long) Math.floor(s * 7), 5L);
        };
    }

    static float taxel(int k, long t) {
        return (float) ((k * 3 + t / TACTILE_NANOS) % 100);
    }

    private UUID recordEpisode() throws IOException {
        signIn.as("pm@acme.test");
        try {
            Dataset dataset = datasets.create("signal view " + UUID.randomUUID(), "");
            try (EpisodeRecorder recorder = store.record(current.id(), dataset.id(), null)) {
                recorder.describe(EpisodeDescription.of("known-signals", "known.mcap", "test"));
                var arm = recorder.signal("arm", StreamSource.of("known.mcap"), List.of(
                        new SignalChannel("wave", "rad"), new SignalChannel("slow", "N"),
                        new SignalChannel("ramp", "m"), new SignalChannel("steps", "")));
                for (long t = 0; t < DURATION; t += SAMPLE_NANOS) {
                    arm.append(t, signal(0, t), signal(1, t), signal(2, t), signal(3, t));
                }
                List<SignalChannel> taxels = new ArrayList<>();
                for (int k = 0; k < TAXELS; k++) {
                    taxels.add(new SignalChannel("taxel" + k, "kPa"));
                }
                var tactile = recorder.tactile("hand", StreamSource.of("known.mcap"), taxels,
                        new TactileLayout(List.of(new TactileLayout.Pad("thumb", 4, 4),
                                new TactileLayout.Pad("index", 4, 4))));
                for (long t = 0; t < DURATION; t += TACTILE_NANOS) {
                    float[] values = new float[TAXELS];
                    for (int k = 0; k < TAXELS; k++) {
                        values[k] = taxel(k, t);
                    }
                    tactile.append(t, values);
                }
                return recorder.commit().id();
            }
        } finally {
            signIn.out();
        }
    }

    /** Vaadin attaches the elements after the page script runs; properties set before that would be lost. */
    private void waitForViews() {
        page.waitForFunction("() => customElements.get('ts-signal-view') && customElements.get('ts-tactile-view')"
                + " && ['#signals', '#tactile', '#broken'].every(s => document.querySelector(s))");
    }

    /** Plays the player's part. Playwright passes no Java longs; doubles hold these nanoseconds exactly. */
    private void setClock(long time, long t0, long t1) {
        page.evaluate("([t, a, b]) => document.querySelectorAll('ts-signal-view, ts-tactile-view').forEach(v => {"
                + " v.time = t; v.viewRange = {t0: a, t1: b}; })", List.of((double) time, (double) t0, (double) t1));
    }

    private void expectReadout(long time) {
        page.waitForFunction("t => document.querySelector('#signals').dataset.readoutTime === String(t)", (double) time);
        long sample = Math.floorDiv(time, SAMPLE_NANOS) * SAMPLE_NANOS;
        for (int c = 0; c < 4; c++) {
            Locator row = page.locator("#signals .sv-readout-row[data-channel='" + c + "']");
            String shown = row.getAttribute("data-value");
            assertThat(shown).as("readout of channel %d at %d ns", c, time).isNotEmpty();
            assertThat(Double.parseDouble(shown)).as("readout of channel %d at %d ns", c, time)
                    .isEqualTo((double) signal(c, sample));
        }
    }

    @Test
    void plotsReadsOutStoredSamplesAndRefetchesOnZoom() throws IOException {
        UUID episode = recordEpisode();
        List<String> windowUrls = new CopyOnWriteArrayList<>();
        page.onRequest(r -> {
            if (r.url().contains("/signal?") && !r.url().contains("width=65536")) {
                windowUrls.add(r.url());
            }
        });
        signInAs("pm@acme.test");
        page.navigate("/test/signal-view/" + episode);
        waitForViews();
        setClock(0, 0, DURATION);

        assertThat(page.locator("#signals canvas").first()).isVisible();
        page.waitForFunction("() => Number(document.querySelector('#signals').dataset.windows || 0) >= 1");
        assertThat(page.locator("#signals .sv-error")).hasCount(0);
        assertThat(page.locator("#signals .sv-picker label").first()).containsText("[rad]");
        // Something was painted: the plot canvas is not uniformly one colour.
        Object distinct = page.evaluate("() => { const c = document.querySelector('#signals .u-wrap canvas');"
                + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; const seen = new Set();"
                + " for (let i = 0; i < d.length; i += 4 * 97) seen.add(d[i] + ',' + d[i+1] + ',' + d[i+2] + ',' + d[i+3]);"
                + " return seen.size; }");
        assertThat(((Number) distinct).intValue()).isGreaterThan(2);

        // Whole range on screen: the window is min/max, so the readout asks for the exact samples.
        for (long time : new long[]{12_345_678_901L, 30_000_000_000L, 47_999_999_999L, 3_141_592_653L}) {
            setClock(time, 0, DURATION);
            expectReadout(time);
        }

        String wide = windowUrls.getLast();
        long zoom0 = 20_000_000_000L;
        long zoom1 = 20_500_000_000L;
        setClock(20_123_456_789L, zoom0, zoom1);
        page.waitForCondition(() -> windowUrls.stream().anyMatch(u -> u.contains("t0=" + zoom0 + "&t1=" + zoom1)));
        String narrow = windowUrls.stream().filter(u -> u.contains("t0=" + zoom0)).findFirst().orElseThrow();
        assertThat(span(narrow)).isLessThan(span(wide));
        // Zoomed in to 500 samples the window is raw; the readout comes from it and still equals the samples.
        expectReadout(20_123_456_789L);
        // The playhead sits at the time on the new axis (within two pixels).
        Object at = page.evaluate("() => { const v = document.querySelector('#signals');"
                + " const o = v.querySelector('.u-over').getBoundingClientRect();"
                + " const p = v.querySelector('.sv-playhead').getBoundingClientRect();"
                + " return [p.left + p.width / 2 - o.left, o.width]; }");
        double x = ((Number) ((List<?>) at).get(0)).doubleValue();
        double width = ((Number) ((List<?>) at).get(1)).doubleValue();
        assertThat(x).isCloseTo((20_123_456_789L - zoom0) / (double) (zoom1 - zoom0) * width,
                org.assertj.core.data.Offset.offset(2.0));

        // Drag and wheel do not move the axis themselves: they ask the player (ts-view-range).
        page.evaluate("() => { window.__ranges = []; document.addEventListener('ts-view-range',"
                + " e => window.__ranges.push(e.detail)); document.addEventListener('ts-seek',"
                + " e => window.__seeks = (window.__seeks || []).concat([e.detail.time])); }");
        Locator over = page.locator("#signals .u-over");
        over.hover();
        page.mouse().wheel(0, -200);
        Object ranges = page.evaluate("() => window.__ranges.map(r => r.t1 - r.t0)");
        assertThat((List<?>) ranges).isNotEmpty();
        assertThat(((Number) ((List<?>) ranges).getFirst()).longValue()).isLessThan(zoom1 - zoom0);
        over.click();
        Object seeks = page.evaluate("() => window.__seeks");
        assertThat((List<?>) seeks).hasSize(1);
        long seek = ((Number) ((List<?>) seeks).getFirst()).longValue();
        assertThat(seek).isBetween(zoom0, zoom1);
    }

    @Test
    void playingZoomedInKeepsThePagesAheadSoAFollowingRangeIsDrawnWithoutARequest() throws IOException {
        UUID episode = recordEpisode();
        List<String> windowUrls = new CopyOnWriteArrayList<>();
        page.onRequest(r -> {
            if (r.url().contains("/signal?")) {
                windowUrls.add(r.url());
            }
        });
        signInAs("pm@acme.test");
        page.navigate("/test/signal-view/" + episode);
        waitForViews();
        setClock(10_500_000_000L, 10_000_000_000L, 12_000_000_000L);
        page.waitForFunction("() => Number(document.querySelector('#signals').dataset.windows || 0) >= 1");
        page.waitForTimeout(300);
        assertThat(windowUrls).as("paused: no page is fetched ahead")
                .noneMatch(u -> u.contains("t0=12000000000&t1=13999999999"));

        // Playing with a 2 s view: pages are [2k s, 2k+2 s); the playhead's page 5, the next two, and page 4 (the
        // playhead is in the first half of its page).
        page.evaluate("() => document.querySelector('#signals').playing = true");
        for (String page6 : List.of("t0=12000000000&t1=13999999999", "t0=14000000000&t1=15999999999",
                "t0=8000000000&t1=9999999999")) {
            page.waitForCondition(() -> windowUrls.stream().anyMatch(u -> u.contains(page6)));
        }
        page.waitForFunction("() => performance.getEntriesByType('resource').some(e => e.name.includes("
                + "'t0=8000000000&t1=9999999999') && e.responseEnd > 0)");
        page.waitForTimeout(200);
        int before = windowUrls.size();
        Object windows = page.evaluate("() => { const v = document.querySelector('#signals'); const n ="
                + " Number(v.dataset.windows); v.time = 12500000000; v.viewRange = {t0: 11500000000, t1: 13500000000};"
                + " return [n]; }");
        page.waitForTimeout(300);
        Object after = page.evaluate("() => Number(document.querySelector('#signals').dataset.windows)");
        assertThat(((Number) after).intValue()).as("the followed range was drawn (windows %s)", windows)
                .isGreaterThan(((Number) ((List<?>) windows).getFirst()).intValue());
        assertThat(windowUrls.subList(before, windowUrls.size())).as("drawn from pages 5 and 6, no request")
                .noneMatch(u -> u.contains("t0=11500000000"));
        assertThat(page.locator("#signals")).not().hasAttribute("loading", "");
    }

    private static long span(String url) {
        Matcher m = Pattern.compile("t0=(\\d+)&t1=(\\d+)").matcher(url);
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(2)) - Long.parseLong(m.group(1));
    }

    @Test
    void aMissingStreamShowsItsErrorAndTheTactileHeatmapFollowsTheClock() throws IOException {
        // The view of a stream the episode lacks shows the server's 404: provoked on purpose.
        allowProblem("HTTP 404 GET /media/v1/");
        UUID episode = recordEpisode();
        signInAs("pm@acme.test");
        page.navigate("/test/signal-view/" + episode);
        waitForViews();
        setClock(5_000_000_000L, 0, DURATION);

        assertThat(page.locator("#broken .sv-error")).containsText("HTTP 404");
        assertThat(page.locator("#broken .sv-error")).containsText("missing stream");
        assertThat(page.locator("#signals .sv-error")).hasCount(0);

        Locator thumb = page.locator("#tactile figure[data-pad='0'] canvas");
        page.waitForFunction("() => document.querySelector('#tactile').dataset.sampleTime === '5000000000'");
        assertThat(thumb.getAttribute("data-values")).isEqualTo(expectedPad(0, 5_000_000_000L));
        String colourAt5 = cellColour();
        page.waitForFunction("() => !document.querySelector('#tactile').hasAttribute('loading')");

        setClock(5_555_000_000L, 0, DURATION);
        page.waitForFunction("() => document.querySelector('#tactile').dataset.sampleTime === '5550000000'");
        assertThat(thumb.getAttribute("data-values")).isEqualTo(expectedPad(0, 5_550_000_000L));
        assertThat(cellColour()).isNotEqualTo(colourAt5);
        assertThat(page.locator("#tactile .tv-legend")).containsText("kPa");

        // Playing: frames come from a read-ahead window of raw samples, and still show the stored values.
        List<String> readAhead = new CopyOnWriteArrayList<>();
        page.onRequest(r -> {
            if (r.url().contains("/tactile?t0=")) {
                readAhead.add(r.url());
            }
        });
        page.evaluate("() => document.querySelector('#tactile').playing = true");
        for (long time = 30_000_000_000L; time <= 30_400_000_000L; time += 33_000_000L) {
            setClock(time, 0, DURATION);
            page.waitForTimeout(35);
        }
        page.waitForFunction("() => document.querySelector('#tactile').dataset.sampleTime === '30390000000'");
        assertThat(thumb.getAttribute("data-values")).isEqualTo(expectedPad(0, 30_390_000_000L));
        // A read-ahead window starting inside the played second (which tick gets it depends on load).
        assertThat(readAhead).anyMatch(u -> u.matches(".*/tactile\\?t0=30[0-4]\\d{8}&t1=.*"));
    }

    private String expectedPad(int pad, long time) {
        List<String> values = new ArrayList<>();
        for (int k = pad * 16; k < pad * 16 + 16; k++) {
            values.add(formatJs(taxel(k, time)));
        }
        return String.join(",", values);
    }

    /** Taxel values here are small integers, which JavaScript prints without a decimal point. */
    private static String formatJs(float v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Float.toString(v);
    }

    private String cellColour() {
        return String.valueOf(page.evaluate("() => { const c = document.querySelector("
                + "\"#tactile figure[data-pad='0'] canvas\"); return Array.from(c.getContext('2d')"
                + ".getImageData(5, 5, 1, 1).data).join(','); }"));
    }

}
