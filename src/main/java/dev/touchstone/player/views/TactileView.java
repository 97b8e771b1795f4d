package dev.touchstone.player.views;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamKind;

import java.util.List;
import java.util.Map;

/**
 * The tactile view of the player ({@code ts-tactile-view}): one heatmap per fingertip pad of one tactile stream. The
 * element reads the taxel values from the media endpoints; only the layout crosses the Vaadin session.
 */
@Tag("ts-tactile-view")
@JsModule("./player/tactile-view.ts")
public class TactileView extends Component implements HasSize {

    /** Element property {@code stream}. Times are on the episode clock before the offset, as in StreamInfo. */
    public record Stream(String id, String name, long offsetNanos, String unit, long firstNanos, long lastNanos,
                         List<Map<String, Object>> pads, int channelCount) {
    }

    public TactileView(StreamInfo stream) {
        if (stream.kind() != StreamKind.TACTILE) {
            throw new IllegalArgumentException("Not a tactile stream: " + stream.name() + " is " + stream.kind());
        }
        String unit = stream.channels().isEmpty() ? "" : stream.channels().getFirst().unit();
        getElement().setPropertyBean("stream", new Stream(stream.id().toString(), stream.name(),
                stream.offsetNanos(), unit, stream.firstNanos(), stream.lastNanos(), pads(stream),
                stream.channels().size()));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> pads(StreamInfo stream) {
        Object pads = stream.properties().get("pads");
        if (pads instanceof List<?> list && !list.isEmpty()) {
            return (List<Map<String, Object>>) list;
        }
        // A tactile stream without a layout is drawn as one row of taxels rather than not at all.
        return List.of(Map.of("name", stream.name(), "rows", 1, "columns", Math.max(1, stream.channels().size())));
    }

    /** Fixes the colour scale, instead of the stream's overall minimum and maximum. */
    public void setValueRange(double min, double max) {
        getElement().setPropertyList("valueRange", List.of(min, max));
    }
}
