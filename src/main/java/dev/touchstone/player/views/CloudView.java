package dev.touchstone.player.views;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamKind;

/**
 * The point-cloud view of the player ({@code ts-cloud-view}): the frame of one point-cloud stream (or of a depth
 * stream, unprojected) at the player's time, drawn with three.js (orbit, pan, zoom; colour by height, intensity or RGB). Only the stream's id, name, offset
 * and a few counts cross the Vaadin session; the element reads the frame index and the frames from the media
 * endpoints itself.
 */
@Tag("ts-cloud-view")
@NpmPackage(value = "three", version = "0.187.0")
@NpmPackage(value = "@types/three", version = "0.187.0")
@JsModule("./player/cloud-view.ts")
public class CloudView extends Component implements HasSize {

    /**
     * Element property {@code stream}. {@code frames}, {@code maxPoints}, {@code intensity} and {@code rgb} are what
     * the import recorded (0 / false when unknown); the element learns the same from the frames themselves.
     */
    public record Stream(String id, String name, long offsetNanos, long frames, long maxPoints, boolean intensity,
                         boolean rgb) {
    }

    /**
     * A point-cloud stream, or a depth stream with intrinsics, whose frames the element unprojects to points
     * (element property {@code depth} instead of {@code stream}).
     */
    public CloudView(StreamInfo stream) {
        // The player names the view that frame stepping follows by this attribute.
        getElement().setAttribute("name", stream.name());
        if (stream.kind() == StreamKind.DEPTH) {
            getElement().setPropertyBean("depth", DepthView.describe(stream));
            return;
        }
        if (stream.kind() != StreamKind.POINTCLOUD) {
            throw new IllegalArgumentException("Not a point-cloud or depth stream: " + stream.name() + " is "
                    + stream.kind());
        }
        var p = stream.properties();
        getElement().setPropertyBean("stream", new Stream(stream.id().toString(), stream.name(),
                stream.offsetNanos(), ViewProperties.number(p, "frames", 0).longValue(),
                ViewProperties.number(p, "maxPoints", 0).longValue(), Boolean.TRUE.equals(p.get("intensity")),
                Boolean.TRUE.equals(p.get("rgb"))));
    }

    /** Where the media endpoints are, when not at the default {@code /media/v1/streams}. */
    public void setMediaBase(String base) {
        getElement().setProperty("mediaBase", base);
    }

    /** Screen size of a point in CSS pixels (default 2). */
    public void setPointSize(double pixels) {
        getElement().setProperty("pointSize", pixels);
    }
}
