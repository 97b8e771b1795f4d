package dev.touchstone.curation.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import dev.touchstone.dataset.EpisodeDetail;
import dev.touchstone.dataset.StreamInfo;
import dev.touchstone.dataset.StreamKind;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The overlay chart of the paired player ({@code ts-paired-signals}): one channel of both episodes and their
 * difference. Only stream ids, offsets and channel names cross the Vaadin session; the element fetches both windows
 * from the media endpoints itself.
 */
@Tag("ts-paired-signals")
@NpmPackage(value = "uplot", version = "1.6.32")
@JsModule("./curation/paired-signals.ts")
public class PairedPlayerSignals extends Component implements HasSize {

    public record Side(String id, long offsetNanos, List<StreamInfo.Channel> channels) {
    }

    /** A signal stream both episodes have under one name. */
    public record Stream(String name, Side first, Side second) {
    }

    PairedPlayerSignals(List<Stream> streams, String firstLabel, String secondLabel, String mediaBase) {
        setId("paired-signals");
        getElement().setPropertyList("streams", streams);
        getElement().setAttribute("first-label", firstLabel);
        getElement().setAttribute("second-label", secondLabel);
        getElement().setAttribute("media-base", mediaBase);
    }

    /**
     * The signal streams both episodes have by name, joint states first (the streams whose name says "joint"), then
     * by name.
     */
    static List<Stream> common(EpisodeDetail first, EpisodeDetail second) {
        Map<String, StreamInfo> seconds = second.streams().stream().filter(s -> s.kind() == StreamKind.SIGNAL)
                .collect(Collectors.toMap(StreamInfo::name, Function.identity(), (a, b) -> a));
        return first.streams().stream().filter(s -> s.kind() == StreamKind.SIGNAL && seconds.containsKey(s.name()))
                .sorted(Comparator.comparing((StreamInfo s) -> !s.name().contains("joint"))
                        .thenComparing(StreamInfo::name))
                .map(s -> new Stream(s.name(), side(s), side(seconds.get(s.name())))).toList();
    }

    private static Side side(StreamInfo s) {
        return new Side(s.id().toString(), s.offsetNanos(), s.channels());
    }
}
