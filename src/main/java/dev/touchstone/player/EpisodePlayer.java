package dev.touchstone.player;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasComponents;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;

/**
 * The player's clock and controls ({@code ts-player}). Views added to it are its slotted children and follow its
 * clock in the browser; the server only sets the episode's span. Times are nanoseconds on the episode clock, sent
 * as JSON numbers (exact below 2^53 ns, about 104 days).
 */
@Tag("ts-player")
@JsModule("./player/ts-player.ts")
public class EpisodePlayer extends Component implements HasComponents, HasSize {

    public EpisodePlayer() {
        setId("player");
    }

    /** The episode's span: the clock runs from {@code startNanos} to {@code startNanos + durationNanos}. */
    public void setSpan(long startNanos, long durationNanos) {
        if (durationNanos < 0) {
            throw new IllegalArgumentException("An episode cannot last " + durationNanos + " ns");
        }
        getElement().setProperty("start", (double) startNanos);
        getElement().setProperty("duration", (double) durationNanos);
    }
}
