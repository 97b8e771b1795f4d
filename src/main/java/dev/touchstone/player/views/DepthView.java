package dev.touchstone.player.views;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamKind;

/**
 * The depth view of the player ({@code ts-depth-view}): the 16-bit depth frame of one depth stream at the player's
 * time, colourised, with a legend in metres. Only the stream's id, name, offset, size, scale and intrinsics cross the
 * Vaadin session; the element reads the frames from the media endpoints itself.
 */
@Tag("ts-depth-view")
@JsModule("./player/depth-view.ts")
public class DepthView extends Component implements HasSize {

    /** Element property {@code stream}: size in pixels, metres per depth unit, pinhole intrinsics (0 = unknown). */
    public record Stream(String id, String name, long offsetNanos, int width, int height, double metersPerUnit,
                         double fx, double fy, double cx, double cy) {
    }

    public DepthView(StreamInfo stream) {
        if (stream.kind() != StreamKind.DEPTH) {
            throw new IllegalArgumentException("Not a depth stream: " + stream.name() + " is " + stream.kind());
        }
        // The player names the view that frame stepping follows by this attribute.
        getElement().setAttribute("name", stream.name());
        getElement().setPropertyBean("stream", describe(stream));
    }

    static Stream describe(StreamInfo stream) {
        var p = stream.properties();
        return new Stream(stream.id().toString(), stream.name(),
                stream.offsetNanos(), ViewProperties.number(p, "width", 0).intValue(),
                ViewProperties.number(p, "height", 0).intValue(),
                ViewProperties.number(p, "metersPerUnit", 0.001).doubleValue(),
                ViewProperties.number(p, "fx", 0).doubleValue(), ViewProperties.number(p, "fy", 0).doubleValue(),
                ViewProperties.number(p, "cx", 0).doubleValue(), ViewProperties.number(p, "cy", 0).doubleValue());
    }

    /** Where the media endpoints are, when not at the default {@code /media/v1/streams}. */
    public void setMediaBase(String base) {
        getElement().setProperty("mediaBase", base);
    }

    /** Fixes the colour range in metres, instead of the 1st to 99th percentile of the first frame shown. */
    public void setRangeMeters(double near, double far) {
        getElement().setPropertyList("rangeMeters", java.util.List.of(near, far));
    }
}
