package dev.touchstone.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * Page object of the episode player. Reads what a camera really shows by drawing its video into a canvas and
 * decoding the frame number that the fixture clips carry as stripes (stripe k is white when bit k is set).
 */
final class PlayerPage {

    /** What one camera view shows once it has settled on the clock's time. */
    record Shown(String name, boolean settled, int dataFrame, int dataExpectedFrame, int decoded, double clock) {
    }

    private final Page page;

    PlayerPage(Page page) {
        this.page = page;
    }

    PlayerPage open(Object episodeId) {
        page.navigate("/episodes/" + episodeId + "/play");
        assertThat(page.locator("ts-player")).isVisible();
        return this;
    }

    Locator player() {
        return page.locator("ts-player");
    }

    Locator camera(String name) {
        return page.locator("ts-camera-view[name='" + name + "']");
    }

    PlayerPage waitUntilReady(String... cameras) {
        for (String camera : cameras) {
            assertThat(camera(camera)).hasAttribute("status", "ready");
        }
        return this;
    }

    void openViewMenu() {
        if (player().locator("#views-menu").count() == 0) {
            player().locator("#views-toggle").click();
        }
        assertThat(player().locator("#views-menu")).isVisible();
    }

    Locator viewToggle(String viewKey) {
        return player().locator("#views-menu input[data-view='" + viewKey + "']");
    }

    /** How many columns the camera tiles are laid out in, as the browser computed it. */
    int tileColumns() {
        return ((Number) page.evaluate("""
                () => getComputedStyle(document.querySelector('ts-player').shadowRoot.querySelector('#tiles'))
                  .gridTemplateColumns.split(' ').length""")).intValue();
    }

    double time() {
        return ((Number) page.evaluate("document.querySelector('ts-player').time")).doubleValue();
    }

    double end() {
        return ((Number) page.evaluate("document.querySelector('ts-player').end")).doubleValue();
    }

    void seek(long nanos) {
        // Playwright has no long argument type; doubles are exact for these times (below 2^53).
        page.evaluate("t => document.querySelector('ts-player').seek(t)", (double) nanos);
    }

    /** Focuses the player without clicking a view (a click on a camera would choose the step source). */
    void focus() {
        page.locator("ts-player #readout").click();
    }

    void press(String key) {
        page.keyboard().press(key);
    }

    /**
     * Waits (up to 5 s) until the camera has taken the clock's current time, finished seeking and reported a
     * presented frame equal to the requested one, then decodes the pixels on screen. Returns what it saw even when
     * it did not settle, so that the assertion message shows the disagreement.
     */
    @SuppressWarnings("unchecked")
    Shown shown(String name) {
        Map<String, Object> result = (Map<String, Object>) page.evaluate("""
                async name => {
                  const player = document.querySelector('ts-player');
                  const view = document.querySelector(`ts-camera-view[name='${name}']`);
                  const deadline = performance.now() + 5000;
                  let settled = false;
                  while (performance.now() < deadline) {
                    await player.updateComplete;
                    await view.updateComplete;
                    const video = view.shadowRoot.querySelector('video');
                    if (view.time === player.time && !video.seeking && video.readyState >= 2
                        && view.dataset.expectedFrame !== undefined
                        && view.dataset.frame === view.dataset.expectedFrame) {
                      settled = true;
                      break;
                    }
                    await new Promise(r => setTimeout(r, 20));
                  }
                  const video = view.shadowRoot.querySelector('video');
                  const canvas = document.createElement('canvas');
                  canvas.width = video.videoWidth;
                  canvas.height = video.videoHeight;
                  const context = canvas.getContext('2d', {willReadFrequently: true});
                  context.drawImage(video, 0, 0);
                  let decoded = 0;
                  const stripes = Math.floor(video.videoWidth / 16);
                  for (let k = 0; k < stripes; k++) {
                    const pixel = context.getImageData(16 * k + 8, 48, 1, 1).data;
                    if (pixel[0] >= 128) decoded |= 1 << k;
                  }
                  return {settled, decoded, clock: player.time,
                          frame: Number(view.dataset.frame ?? -1), expected: Number(view.dataset.expectedFrame ?? -1)};
                }
                """, name);
        return new Shown(name, (Boolean) result.get("settled"), ((Number) result.get("frame")).intValue(),
                ((Number) result.get("expected")).intValue(), ((Number) result.get("decoded")).intValue(),
                ((Number) result.get("clock")).doubleValue());
    }

    List<Shown> shown(List<String> names) {
        return names.stream().map(this::shown).toList();
    }
}
