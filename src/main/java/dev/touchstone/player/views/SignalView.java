package dev.touchstone.player.views;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamKind;

import java.util.List;

/**
 * The signal view of the player ({@code ts-signal-view}). Only stream ids, names, offsets and channel names cross the
 * Vaadin session; the element fetches the samples itself from the media endpoints, and the player sets
 * {@code time}, {@code playing} and {@code viewRange} on it in the browser.
 */
@Tag("ts-signal-view")
@NpmPackage(value = "uplot", version = "1.6.32")
@JsModule("./player/signal-view.ts")
public class SignalView extends Component implements HasSize {

    /** What the element needs to know of one stream (element property {@code streams}). */
    public record Stream(String id, String name, long offsetNanos, List<StreamInfo.Channel> channels) {
    }

    public SignalView(List<StreamInfo> streams) {
        List<Stream> described = streams.stream()
                .filter(s -> s.kind() == StreamKind.SIGNAL)
                .map(s -> new Stream(s.id().toString(), s.name(), s.offsetNanos(), s.channels()))
                .toList();
        getElement().setPropertyList("streams", described);
    }

    /** Where the media endpoints are, when not at the default {@code /media/v1/streams}. */
    public void setMediaBase(String base) {
        getElement().setProperty("mediaBase", base);
    }

    /** Chooses the shown channels as {@code streamId:channelIndex}; without it the first few are shown. */
    public void setSelection(List<String> channels) {
        getElement().setPropertyList("selection", channels);
    }
}
