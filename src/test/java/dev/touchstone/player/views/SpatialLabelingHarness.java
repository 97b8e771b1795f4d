package dev.touchstone.player.views;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasComponents;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;

/**
 * Test support ({@code ts-spatial-harness}): stands in for the labeling workspace around camera and cloud views. The
 * element builds a label store in the browser from the schema JSON and the episode's duration and gives every
 * {@code ts-camera-view} and {@code ts-cloud-view} inside it the {@code labeling} property, with the first box2d and
 * cuboid3d definitions (first class) active. Browser tests drive its {@code time} and read its {@code store}.
 *
 * <p>It lives in the main sources because the production frontend bundle only holds modules reachable from the
 * application's own classes, and test pages are not scanned: {@code TouchstoneApplication} carries {@code @Uses} for
 * it, as for the other views shown on test pages.
 */
@Tag("ts-spatial-harness")
@JsModule("./labeling/spatial-harness.ts")
public class SpatialLabelingHarness extends Component implements HasComponents, HasSize {

    public SpatialLabelingHarness(String schemaJson, long durationNanos) {
        getElement().setProperty("schemaJson", schemaJson);
        getElement().setProperty("durationNanos", (double) durationNanos);
    }
}
