package dev.touchstone.player;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.DomEvent;
import com.vaadin.flow.component.EventData;
import com.vaadin.flow.component.HasComponents;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.shared.Registration;

import java.util.Objects;

/**
 * The player's clock, controls and layout ({@code ts-player}). Views added to it are its slotted children and follow
 * its clock in the browser; the server only sets the episode's span and the member's layout. Times are nanoseconds on
 * the episode clock, sent as JSON numbers (exact below 2^53 ns, about 104 days).
 */
@Tag("ts-player")
@JsModule("./player/ts-player.ts")
public class EpisodePlayer extends Component implements HasComponents, HasSize {

    /** Where a view goes: a tile in the grid (cameras, clouds, tactile), full width (signals), or the label tracks. */
    public enum Region {
        TILE(null), WIDE("wide"), TRACKS("tracks");

        private final String slot;

        Region(String slot) {
            this.slot = slot;
        }
    }

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

    /**
     * Adds a view under a stable key (what the layout remembers, e.g. {@code camera:head}) and the label the view
     * menu shows.
     */
    public void addView(Component view, Region region, String key, String label) {
        Objects.requireNonNull(key, "key");
        view.getElement().setAttribute("data-view", key);
        view.getElement().setAttribute("data-view-label", Objects.requireNonNull(label, "label"));
        if (region.slot != null) {
            view.getElement().setAttribute("slot", region.slot);
        }
        add(view);
    }

    public void setLayout(PlayerLayout layout) {
        getElement().setPropertyBean("layout", Objects.requireNonNull(layout, "layout"));
    }

    public Registration addLayoutChangeListener(ComponentEventListener<LayoutChanged> listener) {
        return addListener(LayoutChanged.class, listener);
    }

    /** The member changed the layout in the browser (debounced there); {@code json} is unvalidated input. */
    @DomEvent("ts-layout-changed")
    public static class LayoutChanged extends ComponentEvent<EpisodePlayer> {

        private final String json;

        public LayoutChanged(EpisodePlayer source, boolean fromClient,
                             @EventData("JSON.stringify(event.detail)") String json) {
            super(source, fromClient);
            this.json = json;
        }

        public String json() {
            return json;
        }
    }
}
