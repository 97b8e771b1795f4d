package dev.touchstone.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Mouse;
import com.microsoft.playwright.options.BoundingBox;
import dev.touchstone.SignIn;
import dev.touchstone.TestFrontend;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.ingest.EpisodeSource;
import dev.touchstone.ingest.ImportProgress;
import dev.touchstone.ingest.bundle.BundleImporter;
import dev.touchstone.ingest.generator.EpisodeGenerator;
import dev.touchstone.ingest.generator.GeneratorOptions;
import dev.touchstone.organization.CurrentOrganization;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The spatial editors of the views (boxes on a camera, cuboids in the point cloud) with the mouse, on a generated
 * episode (test page {@code test/spatial-labeling/:episodeId}), and the pure edit functions they share with the
 * workspace's keyboard (spatial-edit.ts, called through the harness). The harness is test code: this test bundles
 * it ({@link TestFrontend#bundle}) and adds it to the page as an init script, so that it never ships. The test plays
 * the player's part by setting the harness's time; the label store lives in the browser and is read with
 * page.evaluate.
 */
class SpatialLabelingIT extends BrowserTest {

    static final long T1 = 1_000_000_000L;
    static final long T2 = 3_000_000_000L;
    /** Camera size of the generated episode (4:3, shown pillarboxed in a 16:9 view). */
    static final int VW = 320;
    static final int VH = 240;
    /** The camera view's caption bar under the picture (camera-boxes.ts). */
    static final int CAPTION_PX = 20;

    /** Built once for the class: the Spring context (and its database) outlives the test instances. */
    private static UUID episode;
    /** The harness's script (src/test/frontend/harness), bundled once: it is not in the production bundle. */
    private static Path harnessScript;
    /** The generator's ground truth of that episode (where the carried box is). */
    private static String groundTruth;

    @Autowired
    SignIn signIn;
    @Autowired
    DatasetService datasets;
    @Autowired
    EpisodeStore store;
    @Autowired
    CurrentOrganization current;
    @Autowired
    BundleImporter importer;

    @BeforeEach
    void generateEpisodeOnce() throws Exception {
        synchronized (SpatialLabelingIT.class) {
            if (episode == null) {
                Path work = Files.createTempDirectory("spatial-it");
                new EpisodeGenerator(new GeneratorOptions(5, VW, VH, 4, 8, 120))
                        .generate(work.resolve("episode_0000"), "spatial labeling", 5);
                signIn.as("pm@acme.test");
                try {
                    Dataset dataset = datasets.create("spatial labeling " + UUID.randomUUID(), "");
                    EpisodeSource source = importer.episodes(work).getFirst();
                    try (EpisodeRecorder recorder = store.record(current.id(), dataset.id(), null)) {
                        importer.read(source, recorder, ImportProgress.NONE);
                        episode = recorder.commit().id();
                    }
                    groundTruth = datasets.episode(episode).orElseThrow().groundTruth();
                } finally {
                    signIn.out();
                }
                harnessScript = TestFrontend.bundle(Path.of("src", "test", "frontend", "harness", "spatial-harness.ts"),
                        Path.of("target", "test-frontend", "spatial-harness"));
            }
        }
    }

    private void open() {
        signInAs("pm@acme.test");
        // An init script, not a script tag: the page's Content-Security-Policy refuses inline scripts, and the
        // harness is served by no URL of the application.
        page.addInitScript(harnessScript);
        page.navigate("/test/spatial-labeling/" + episode);
        page.waitForFunction("() => customElements.get('ts-spatial-harness') && document.querySelector('#harness')"
                + " && document.querySelector('#harness').store && document.querySelector('#camera')"
                + " && document.querySelector('#cloud')");
        setTime(T1);
        page.waitForFunction("() => { const c = document.querySelector('#camera');"
                + " return c.getAttribute('status') === 'ready' && c.frameSize() !== undefined"
                + " && c.shadowRoot.querySelector('[part=boxes]'); }");
    }

    private void setTime(long time) {
        page.evaluate("t => document.querySelector('#harness').time = t", (double) time);
    }

    /** The store's labels as plain JSON values. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> labels() {
        return (List<Map<String, Object>>) page.evaluate(
                "() => JSON.parse(JSON.stringify(document.querySelector('#harness').store.labels()))");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> keyframes(Map<String, Object> label) {
        return (List<Map<String, Object>>) label.get("keyframes");
    }

    private static double num(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).doubleValue();
    }

    private Object eval(String script, Object arg) {
        return page.evaluate("arg => { const h = document.querySelector('#harness'); const e = h.edit;"
                + " const m = h.model; " + script + " }", arg);
    }

    /** Where the picture is on screen: object-fit contain of the video's intrinsic size in the view. */
    private record Picture(double left, double top, double scale) {
        double clientX(double imageX) {
            return left + imageX * scale;
        }

        double clientY(double imageY) {
            return top + imageY * scale;
        }

        double imageX(double clientX) {
            return (clientX - left) / scale;
        }

        double imageY(double clientY) {
            return (clientY - top) / scale;
        }
    }

    private Picture picture() {
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) page.evaluate(
                "() => document.querySelector('#camera').frameSize()");
        assertThat(num(size, "width")).isEqualTo(VW);
        assertThat(num(size, "height")).isEqualTo(VH);
        BoundingBox view = page.locator("#camera").boundingBox();
        // The picture fills the view above its caption bar (camera-boxes.ts CAPTION_PX).
        double height = view.height - CAPTION_PX;
        double scale = Math.min(view.width / VW, height / VH);
        return new Picture(view.x + (view.width - VW * scale) / 2, view.y + (height - VH * scale) / 2, scale);
    }

    private void drag(double fromX, double fromY, double toX, double toY) {
        page.mouse().move(fromX, fromY);
        page.mouse().down();
        page.mouse().move(toX, toY, new Mouse.MoveOptions().setSteps(6));
        page.mouse().up();
    }

    private static double centreX(BoundingBox b) {
        return b.x + b.width / 2;
    }

    private static double centreY(BoundingBox b) {
        return b.y + b.height / 2;
    }

    @Test
    void drawsMovesAndResizesABoxOnTheCameraPicture() {
        open();
        Picture pic = picture();
        assertThat(pic.left() - page.locator("#camera").boundingBox().x).as("pillarboxed").isGreaterThan(20);
        Locator overlay = page.locator("#camera [part=boxes]");
        BoundingBox over = overlay.boundingBox();
        assertThat(over.x).isCloseTo(pic.left(), within(1.0));
        assertThat(over.width).isCloseTo(VW * pic.scale(), within(1.0));

        // Draw at T1: a drag on the picture makes one box of the active class with a keyframe at the time.
        double x0 = Math.round(pic.clientX(40));
        double y0 = Math.round(pic.clientY(50));
        double x1 = Math.round(pic.clientX(140));
        double y1 = Math.round(pic.clientY(130));
        drag(x0, y0, x1, y1);
        List<Map<String, Object>> labels = labels();
        assertThat(labels).hasSize(1);
        Map<String, Object> box = labels.getFirst();
        assertThat(box).containsEntry("kind", "box2d").containsEntry("stream", "head_camera")
                .containsEntry("definition", "object_box").containsEntry("classKey", "box")
                .containsEntry("trackId", "1");
        assertThat(keyframes(box)).hasSize(1);
        Map<String, Object> k = keyframes(box).getFirst();
        assertThat(num(k, "time")).isEqualTo(T1);
        assertThat(num(k, "x")).isCloseTo(pic.imageX(x0), within(1.0)).isCloseTo(40, within(1.5));
        assertThat(num(k, "y")).isCloseTo(pic.imageY(y0), within(1.0)).isCloseTo(50, within(1.5));
        assertThat(num(k, "width")).isCloseTo(pic.imageX(x1) - pic.imageX(x0), within(1.0))
                .isCloseTo(100, within(1.5));
        assertThat(num(k, "height")).isCloseTo(pic.imageY(y1) - pic.imageY(y0), within(1.0))
                .isCloseTo(80, within(1.5));
        String id = (String) box.get("id");
        assertThat(page.evaluate("() => document.querySelector('#harness').store.selected")).isEqualTo(id);
        Locator drawn = page.locator("#camera .box[data-id='" + id + "']");
        assertThat(drawn).hasAttribute("data-track", "1");
        assertThat(drawn).hasAttribute("data-keyframe", "true");
        assertThat(drawn).hasAttribute("data-selected", "true");
        assertThat(drawn.locator(".caption")).hasText("Box #1");
        assertThat(drawn.locator("[data-handle]")).hasCount(8);
        // Drawn where the mouse went: the box element covers the dragged rectangle on screen.
        BoundingBox onScreen = drawn.boundingBox();
        assertThat(onScreen.x).isCloseTo(x0, within(2.0));
        assertThat(onScreen.y).isCloseTo(y0, within(2.0));
        assertThat(onScreen.width).isCloseTo(x1 - x0, within(2.0));
        assertThat(onScreen.height).isCloseTo(y1 - y0, within(2.0));

        // A click on the empty picture deselects, a click on the box selects it again.
        page.mouse().click(pic.clientX(250), pic.clientY(200));
        assertThat(page.evaluate("() => document.querySelector('#harness').store.selected")).isNull();
        assertThat(drawn).hasAttribute("data-selected", "false");
        assertThat(drawn.locator("[data-handle]")).hasCount(0);
        page.mouse().click(pic.clientX(90), pic.clientY(90));
        assertThat(page.evaluate("() => document.querySelector('#harness').store.selected")).isEqualTo(id);

        // At T2 the box is held from T1 (dashed); moving its body puts a second keyframe there.
        setTime(T2);
        assertThat(drawn).hasAttribute("data-keyframe", "false");
        BoundingBox before = drawn.boundingBox();
        double mx = centreX(before);
        double my = centreY(before);
        double dx = Math.round(60 * pic.scale());
        double dy = Math.round(40 * pic.scale());
        drag(mx, my, mx + dx, my + dy);
        box = labels().getFirst();
        assertThat(keyframes(box)).hasSize(2);
        Map<String, Object> first = keyframes(box).get(0);
        Map<String, Object> second = keyframes(box).get(1);
        assertThat(num(first, "time")).isEqualTo(T1);
        assertThat(num(second, "time")).isEqualTo(T2);
        assertThat(num(second, "x")).isCloseTo(num(first, "x") + dx / pic.scale(), within(0.01));
        assertThat(num(second, "y")).isCloseTo(num(first, "y") + dy / pic.scale(), within(0.01));
        assertThat(num(second, "width")).isEqualTo(num(first, "width"));
        assertThat(drawn).hasAttribute("data-keyframe", "true");

        // Halfway between the keyframes the box is interpolated, in the store and on screen.
        long mid = (T1 + T2) / 2;
        @SuppressWarnings("unchecked")
        Map<String, Object> atMid = (Map<String, Object>) eval(
                "return m.boxAt(h.store.get(arg.id).keyframes, arg.t);", Map.of("id", id, "t", (double) mid));
        assertThat(num(atMid, "x")).isCloseTo((num(first, "x") + num(second, "x")) / 2, within(1e-6));
        assertThat(num(atMid, "y")).isCloseTo((num(first, "y") + num(second, "y")) / 2, within(1e-6));
        setTime(mid);
        assertThat(drawn).hasAttribute("data-keyframe", "false");
        BoundingBox between = drawn.boundingBox();
        assertThat(between.x).isCloseTo(pic.clientX(num(atMid, "x")), within(1.5));
        assertThat(between.y).isCloseTo(pic.clientY(num(atMid, "y")), within(1.5));

        // Resize by the bottom-right handle at T2: the same keyframe changes, the top-left corner stays.
        setTime(T2);
        Locator handle = drawn.locator("[data-handle=se]");
        BoundingBox h = handle.boundingBox();
        double rw = Math.round(30 * pic.scale());
        double rh = Math.round(20 * pic.scale());
        drag(centreX(h), centreY(h), centreX(h) + rw, centreY(h) + rh);
        box = labels().getFirst();
        assertThat(keyframes(box)).hasSize(2);
        Map<String, Object> resized = keyframes(box).get(1);
        assertThat(num(resized, "x")).isCloseTo(num(second, "x"), within(1e-9));
        assertThat(num(resized, "y")).isCloseTo(num(second, "y"), within(1e-9));
        assertThat(num(resized, "width")).isCloseTo(num(second, "width") + rw / pic.scale(), within(1.0));
        assertThat(num(resized, "height")).isCloseTo(num(second, "height") + rh / pic.scale(), within(1.0));
        // The top-left handle dragged past the bottom-right corner turns the box over: never a negative size.
        BoundingBox nw = drawn.locator("[data-handle=nw]").boundingBox();
        BoundingBox now = drawn.boundingBox();
        drag(centreX(nw), centreY(nw), now.x + now.width + 20, now.y + now.height + 10);
        Map<String, Object> flipped = keyframes(labels().getFirst()).get(1);
        assertThat(num(flipped, "width")).isPositive();
        assertThat(num(flipped, "height")).isPositive();
        assertThat(num(flipped, "x")).isCloseTo(num(resized, "x") + num(resized, "width"), within(1.0));
        page.evaluate("() => document.querySelector('#harness').store.undo()");

        // A box drawn past the picture's edge is cut at the image border.
        drag(pic.clientX(280), pic.clientY(200), pic.clientX(VW) + 40, pic.clientY(VH) + 40);
        List<Map<String, Object>> all = labels();
        assertThat(all).hasSize(2);
        Map<String, Object> edge = all.stream().filter(l -> !id.equals(l.get("id"))).findFirst().orElseThrow();
        assertThat(edge).containsEntry("trackId", "2");
        Map<String, Object> e = keyframes(edge).getFirst();
        assertThat(num(e, "x") + num(e, "width")).isCloseTo(VW, within(1e-9));
        assertThat(num(e, "y") + num(e, "height")).isCloseTo(VH, within(1e-9));
        assertThat(page.locator("#camera [part=boxes]")).hasAttribute("data-boxes", "2");

        // Each completed drag was one undoable edit: draw, move, resize (the flip was undone), draw.
        Object undone = page.evaluate("() => { const s = document.querySelector('#harness').store; let n = 0;"
                + " while (s.undo()) n++; return n + ' edits, ' + s.labels().length + ' labels'; }");
        assertThat(undone).isEqualTo("4 edits, 0 labels");
        assertThat(page.locator("#camera .box")).hasCount(0);
    }

    @Test
    void placesSelectsAndMovesACuboidInTheCloud() {
        open();
        Locator cloud = page.locator("#cloud");
        page.waitForFunction("() => Number(document.querySelector('#cloud').dataset.frame) >= 0"
                + " && Number(document.querySelector('#cloud').dataset.renders || 0) > 0");
        assertThat(cloud).hasAttribute("data-cuboids", "0");
        @SuppressWarnings("unchecked")
        List<Number> focus = (List<Number>) page.evaluate("() => document.querySelector('#cloud').focusPoint()");
        BoundingBox canvas = page.locator("#cloud canvas").boundingBox();

        // Double-click in the middle of the canvas: the ray through it meets the orbit target's plane at the target.
        page.mouse().dblclick(centreX(canvas), centreY(canvas));
        List<Map<String, Object>> labels = labels();
        assertThat(labels).hasSize(1);
        Map<String, Object> cuboid = labels.getFirst();
        assertThat(cuboid).containsEntry("kind", "cuboid3d").containsEntry("stream", "head_lidar")
                .containsEntry("definition", "object_pose").containsEntry("classKey", "box")
                .containsEntry("trackId", "1");
        Map<String, Object> placed = keyframes(cuboid).getFirst();
        assertThat(num(placed, "time")).isEqualTo(T1);
        assertThat(num(placed, "cx")).isCloseTo(focus.get(0).doubleValue(), within(0.02));
        assertThat(num(placed, "cy")).isCloseTo(focus.get(1).doubleValue(), within(0.02));
        assertThat(num(placed, "cz")).isCloseTo(focus.get(2).doubleValue(), within(1e-6));
        assertThat(List.of(num(placed, "length"), num(placed, "width"), num(placed, "height"), num(placed, "yaw")))
                .containsExactly(0.4, 0.4, 0.4, 0.0);
        String id = (String) cuboid.get("id");
        assertThat(cloud).hasAttribute("data-cuboids", "1");
        assertThat(cloud).hasAttribute("data-selected-cuboid", id);

        // A click on nothing deselects; a click on the cuboid selects it.
        page.mouse().click(canvas.x + 15, canvas.y + 15);
        assertThat(cloud).hasAttribute("data-selected-cuboid", "");
        assertThat(page.evaluate("() => document.querySelector('#harness').store.selected")).isNull();
        Map<String, Object> point = screenPoint(id);
        page.mouse().click(num(point, "x"), num(point, "y"));
        assertThat(cloud).hasAttribute("data-selected-cuboid", id);

        // Dragging the selected cuboid moves it in its horizontal plane; the camera does not orbit meanwhile.
        String camera = cloud.getAttribute("data-camera");
        int renders = Integer.parseInt(cloud.getAttribute("data-renders"));
        drag(num(point, "x"), num(point, "y"), num(point, "x") + 60, num(point, "y") + 25);
        Map<String, Object> moved = keyframes(labels().getFirst()).getFirst();
        assertThat(keyframes(labels().getFirst())).hasSize(1);
        double shift = Math.hypot(num(moved, "cx") - num(placed, "cx"), num(moved, "cy") - num(placed, "cy"));
        assertThat(shift).as("moved in the plane").isGreaterThan(0.05);
        assertThat(num(moved, "cz")).isEqualTo(num(placed, "cz"));
        assertThat(num(moved, "length")).isEqualTo(0.4);
        assertThat(num(moved, "yaw")).isEqualTo(0.0);
        assertThat(cloud.getAttribute("data-camera")).isEqualTo(camera);
        page.waitForFunction("r => Number(document.querySelector('#cloud').dataset.renders) > r", renders);
        // The cuboid is drawn where it now is: its centre follows the pointer.
        Map<String, Object> after = screenPoint(id);
        assertThat(num(after, "x")).isCloseTo(num(point, "x") + 60, within(3.0));
        assertThat(num(after, "y")).isCloseTo(num(point, "y") + 25, within(3.0));

        // At a later time a drag puts a second keyframe; between them the cuboid is interpolated.
        setTime(T2);
        after = screenPoint(id);
        drag(num(after, "x"), num(after, "y"), num(after, "x") - 40, num(after, "y"));
        List<Map<String, Object>> keys = keyframes(labels().getFirst());
        assertThat(keys).extracting(key -> ((Number) key.get("time")).longValue()).containsExactly(T1, T2);

        // A drag that does not start on the selected cuboid orbits and leaves the labels alone.
        String labelsBefore = labels().toString();
        String cameraBefore = cloud.getAttribute("data-camera");
        drag(canvas.x + 30, canvas.y + 30, canvas.x + 150, canvas.y + 60);
        page.waitForFunction("c => document.querySelector('#cloud').dataset.camera !== c", cameraBefore);
        assertThat(labels().toString()).isEqualTo(labelsBefore);

        // Place, move, move: three edits.
        Object undone = page.evaluate("() => { const s = document.querySelector('#harness').store; let n = 0;"
                + " while (s.undo()) n++; return n + ' edits'; }");
        assertThat(undone).isEqualTo("3 edits");
        assertThat(cloud).hasAttribute("data-cuboids", "0");

        String screenshot = System.getProperty("spatial.screenshot");
        if (screenshot != null) {
            takeScreenshot(Path.of(screenshot));
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> screenPoint(String id) {
        Object p = page.evaluate("id => document.querySelector('#cloud').cuboidScreenPoint(id)", id);
        assertThat(p).as("cuboid %s is drawn", id).isNotNull();
        return (Map<String, Object>) p;
    }

    /**
     * Boxes on the camera (the carried box, held from an earlier keyframe so dashed, and the right hand, selected) and
     * a cuboid on the box in the cloud, placed from the generator's ground truth, for
     * docs/images/spatial-labeling.png.
     */
    private void takeScreenshot(Path file) {
        page.evaluate("() => document.querySelector('#harness').store.select(null)");
        setTime(T1 - 200_000_000L);
        Picture pic = picture();
        drag(pic.clientX(68), pic.clientY(73), pic.clientX(150), pic.clientY(134));
        setTime(T1);
        page.mouse().click(pic.clientX(300), pic.clientY(230));
        drag(pic.clientX(150), pic.clientY(84), pic.clientX(184), pic.clientY(117));
        page.evaluate("() => { const s = document.querySelector('#harness').store; const b = s.get(s.selected);"
                + " s.edit('Class', [{...b, classKey: 'hand'}]); }");

        List<Double> centre = numbers(groundTruth, "startCentre");
        List<Double> size = numbers(groundTruth, "sizeMeters");
        BoundingBox canvas = page.locator("#cloud canvas").boundingBox();
        page.mouse().dblclick(centreX(canvas), centreY(canvas));
        page.evaluate("([c, z]) => { const h = document.querySelector('#harness'); const s = h.store;"
                + " const cube = s.labels().find(l => l.kind === 'cuboid3d');"
                + " s.edit('Fit', [h.edit.setCuboidAt(cube, cube.keyframes[0].time, {cx: c[0], cy: c[1], cz: c[2],"
                + " length: z[0], width: z[1], height: z[2], yaw: 0.15})]); s.select(null);"
                + " const v = document.querySelector('#cloud'); v.controls.target.set(c[0], c[1], c[2]);"
                + " v.camera.position.set(c[0] - 0.9, c[1] - 0.75, c[2] + 0.8); v.controls.update(); }",
                List.of(centre, size));
        // The hand box selected again, so its handles show.
        page.mouse().click(pic.clientX(167), pic.clientY(100));
        page.waitForTimeout(400);
        page.evaluate("() => { document.querySelector('#harness').style.width = 'fit-content';"
                + " document.querySelector('#cloud').renderNow(); }");
        page.locator("#harness").screenshot(new Locator.ScreenshotOptions().setPath(file));
    }

    /** A JSON array of numbers by its key, read from the ground truth's text. */
    private static List<Double> numbers(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\\[([^\\]]*)]").matcher(json);
        assertThat(m.find()).as("%s in the ground truth", key).isTrue();
        return Arrays.stream(m.group(1).split(",")).map(String::trim).map(Double::valueOf).toList();
    }

    @Test
    void theEditFunctionsClampWrapAndNeverMutate() {
        open();
        // Boxes: a rectangle drawn backwards and past the image is cut to it; a tiny one grows to 2 px.
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) eval("""
                const b = {width: 320, height: 240};
                const back = e.newBox('object_box', 'box', '1', 'head_camera', 5.4, {x: 300, y: 250, width: -60,
                  height: -30}, b);
                const tiny = e.newBox('object_box', 'box', '2', 'head_camera', 0, {x: 319.5, y: 10, width: 0.1,
                  height: 0}, b);
                const free = e.newBox('object_box', 'box', '3', 'head_camera', 0, {x: -5, y: -5, width: 1, height: 1});
                const frozen = JSON.stringify(back);
                const moved = e.moveBox(back, 10, 500, -500, b);
                const shrunk = e.resizeBox(back, 5, -1000, -1000, b);
                const twice = e.setBoxAt(moved, 10, {x: 1, y: 2, width: 3, height: 4}, b);
                const removed = e.removeKeyframe(twice, 10);
                return {back: back.keyframes, tiny: tiny.keyframes[0], free: free.keyframes[0],
                  moved: moved.keyframes, shrunk: shrunk.keyframes, twice: twice.keyframes, removed: removed.keyframes,
                  last: e.removeKeyframe(removed, 5) === undefined, unchanged: JSON.stringify(back) === frozen,
                  has5: e.hasKeyframeAt(twice, 5), has6: e.hasKeyframeAt(twice, 6),
                  next: e.nextTrackId([back, tiny, {...tiny, trackId: 'left'}, {...tiny, trackId: '7', stream: 'x'},
                    {...tiny, trackId: '9', definition: 'other'}], 'box2d', 'head_camera', 'object_box'),
                  none: e.nextTrackId([], 'cuboid3d', 'head_lidar', 'object_pose')};
                """, null);
        assertThat(asKeys(result.get("back"))).containsExactly(List.of(5.0, 240.0, 220.0, 60.0, 20.0));
        assertThat(asKey(result.get("tiny"))).containsExactly(0.0, 318.0, 10.0, 2.0, 2.0);
        assertThat(asKey(result.get("free"))).containsExactly(0.0, -5.0, -5.0, 2.0, 2.0);
        // Moved against the corner: it stops there with its size kept (a new keyframe at 10 ns).
        assertThat(asKeys(result.get("moved"))).containsExactly(List.of(5.0, 240.0, 220.0, 60.0, 20.0),
                List.of(10.0, 260.0, 0.0, 60.0, 20.0));
        assertThat(asKeys(result.get("shrunk"))).containsExactly(List.of(5.0, 240.0, 220.0, 2.0, 2.0));
        assertThat(asKeys(result.get("twice"))).containsExactly(List.of(5.0, 240.0, 220.0, 60.0, 20.0),
                List.of(10.0, 1.0, 2.0, 3.0, 4.0));
        assertThat(asKeys(result.get("removed"))).containsExactly(List.of(5.0, 240.0, 220.0, 60.0, 20.0));
        assertThat(result).containsEntry("last", true).containsEntry("unchanged", true)
                .containsEntry("has5", true).containsEntry("has6", false)
                .containsEntry("next", "3").containsEntry("none", "1");

        // Cuboids: yaw stays in (-pi, pi], local moves follow the heading, sizes stop at 1 cm.
        @SuppressWarnings("unchecked")
        Map<String, Object> c = (Map<String, Object>) eval("""
                const pose = {cx: 1, cy: 2, cz: 0.5, length: 0.4, width: 0.2, height: 0.3, yaw: 3.0};
                const a = e.newCuboid('object_pose', 'box', '1', 'head_lidar', 100, pose);
                const frozen = JSON.stringify(a);
                const turned = e.rotateCuboid(a, 100, 0.5);
                const half = e.rotateCuboid({...a, keyframes: [{...a.keyframes[0], yaw: 0}]}, 100, Math.PI);
                const minusHalf = e.rotateCuboid({...a, keyframes: [{...a.keyframes[0], yaw: 0}]}, 100, -Math.PI);
                const wrapped = e.newCuboid('object_pose', 'box', '2', 'head_lidar', 0, {...pose, yaw: 7.5});
                const north = e.setCuboidAt(a, 100, {...pose, yaw: Math.PI / 2});
                const local = e.moveCuboid(north, 100, 1, 0, 0.25, true);
                const global = e.moveCuboid(north, 100, 1, 0, 0, false);
                const small = e.resizeCuboid(a, 100, -1, 0.1, -0.295);
                const later = e.moveCuboid(a, 300, 0, 0, 1);
                return {turned: turned.keyframes[0].yaw, half: half.keyframes[0].yaw,
                  minusHalf: minusHalf.keyframes[0].yaw, wrapped: wrapped.keyframes[0].yaw,
                  local: local.keyframes[0], global: global.keyframes[0], small: small.keyframes[0],
                  later: later.keyframes.map(k => k.time + ':' + k.cz).join(), unchanged: JSON.stringify(a) === frozen,
                  removeFirst: e.removeKeyframe(later, 100).keyframes.map(k => k.time).join(),
                  removeMissing: String(e.removeKeyframe(later, 200).keyframes.length),
                  midYaw: m.cuboidAt([{...a.keyframes[0], time: 0, yaw: 3.0}, {...a.keyframes[0], time: 10,
                    yaw: e.rotateCuboid(a, 100, 0.5).keyframes[0].yaw}], 5).yaw};
                """, null);
        assertThat(num(c, "turned")).isCloseTo(3.5 - 2 * Math.PI, within(1e-12));
        assertThat(num(c, "half")).isEqualTo(Math.PI);
        assertThat(num(c, "minusHalf")).isEqualTo(Math.PI);
        assertThat(num(c, "wrapped")).isCloseTo(7.5 - 2 * Math.PI, within(1e-12));
        @SuppressWarnings("unchecked")
        Map<String, Object> local = (Map<String, Object>) c.get("local");
        assertThat(num(local, "cx")).isCloseTo(1, within(1e-12));
        assertThat(num(local, "cy")).isCloseTo(3, within(1e-12));
        assertThat(num(local, "cz")).isCloseTo(0.75, within(1e-12));
        @SuppressWarnings("unchecked")
        Map<String, Object> global = (Map<String, Object>) c.get("global");
        assertThat(num(global, "cx")).isCloseTo(2, within(1e-12));
        assertThat(num(global, "cy")).isCloseTo(2, within(1e-12));
        @SuppressWarnings("unchecked")
        Map<String, Object> small = (Map<String, Object>) c.get("small");
        assertThat(num(small, "length")).isEqualTo(0.01);
        assertThat(num(small, "width")).isCloseTo(0.3, within(1e-12));
        assertThat(num(small, "height")).isCloseTo(0.01, within(1e-12));
        assertThat(num(small, "cx")).isEqualTo(1.0);
        assertThat(c).containsEntry("later", "100:0.5,300:1.5").containsEntry("unchanged", true)
                .containsEntry("removeMissing", "2").containsEntry("removeFirst", "300");
        // Interpolation between 3.0 and 3.5 - 2 pi goes the short way, through pi: halfway is 3.25 (as -3.03).
        assertThat(num(c, "midYaw")).isCloseTo(3.25 - 2 * Math.PI, within(1e-9));
    }

    /** Keyframes as [time, x, y, width, height] lists. */
    @SuppressWarnings("unchecked")
    private static List<List<Double>> asKeys(Object keyframes) {
        return ((List<Map<String, Object>>) keyframes).stream().map(SpatialLabelingIT::asKey).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Double> asKey(Object keyframe) {
        Map<String, Object> k = (Map<String, Object>) keyframe;
        return List.of(num(k, "time"), num(k, "x"), num(k, "y"), num(k, "width"), num(k, "height"));
    }
}
