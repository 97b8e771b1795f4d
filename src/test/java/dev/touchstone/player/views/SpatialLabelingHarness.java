package dev.touchstone.player.views;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasComponents;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;

/**
 * Test support ({@code ts-spatial-harness}): stands in for the labeling workspace around camera and cloud views. The
 * element builds a label store in the browser from the schema JSON and the episode's duration and gives every
 * {@code ts-camera-view} and {@code ts-cloud-view} inside it the {@code labeling} property, with the first box2d and
 * cuboid3d definitions (first class) active. Browser tests drive its {@code time} and read its {@code store}.
 *
 * <p>Only the tag is here, no {@code @JsModule}: the element's code ({@code src/test/frontend/harness/}) is not part
 * of the production bundle. {@code SpatialLabelingIT} bundles it with Vite and adds it to the page as an init
 * script, so the element is defined before the server renders it.
 */
@Tag("ts-spatial-harness")
public class SpatialLabelingHarness extends Component implements HasComponents, HasSize {

    public SpatialLabelingHarness(String schemaJson, long durationNanos) {
        getElement().setProperty("schemaJson", schemaJson);
        getElement().setProperty("durationNanos", (double) durationNanos);
    }
}
