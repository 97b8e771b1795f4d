package dev.touchstone.curation.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.DomEvent;
import com.vaadin.flow.component.EventData;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.shared.Registration;

import java.util.List;

/**
 * The paired player's offset control ({@code ts-paired-offset}): a field in milliseconds and the events both
 * episodes have. The browser moves the second episode's views itself and reports the new offset here.
 */
@Tag("ts-paired-offset")
@JsModule("./curation/paired-offset.ts")
public class PairedPlayerOffset extends Component {

    /** An event kind of one episode, as the element's {@code events} property carries it. */
    public record Event(String key, String label, long time) {
    }

    public record Events(List<Event> first, List<Event> second) {
    }

    PairedPlayerOffset(String playerId, long offsetNanos, long firstEnd, long secondEnd, Events events) {
        setId("pair-offset");
        getElement().setAttribute("for", playerId);
        getElement().setProperty("offset", (double) offsetNanos);
        getElement().setProperty("firstEnd", (double) firstEnd);
        getElement().setProperty("secondEnd", (double) secondEnd);
        getElement().setPropertyBean("events", events);
    }

    Registration addOffsetListener(ComponentEventListener<OffsetChanged> listener) {
        return addListener(OffsetChanged.class, listener);
    }

    /** The person set another offset (typed, or chosen by an event); {@code offsetNanos} is unvalidated input. */
    @DomEvent("ts-pair-offset")
    public static class OffsetChanged extends ComponentEvent<PairedPlayerOffset> {

        private final double offsetNanos;

        public OffsetChanged(PairedPlayerOffset source, boolean fromClient,
                      @EventData("event.detail.offset") double offsetNanos) {
            super(source, fromClient);
            this.offsetNanos = offsetNanos;
        }

        public double offsetNanos() {
            return offsetNanos;
        }
    }
}
