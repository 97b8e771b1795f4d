package dev.touchstone.player.views;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;

import java.util.List;
import java.util.Objects;

/**
 * The label-track area under the player's time axis ({@code ts-label-tracks}): one lane per track, sharing the
 * axis zoom. It displays tracks; the labeling workspace fills them. Times are nanoseconds on the episode clock.
 */
@Tag("ts-label-tracks")
@JsModule("./player/label-tracks.ts")
public class LabelTracks extends Component implements HasSize {

    public record Segment(long start, long end, String label, String color) {
        public Segment {
            if (end <= start) {
                throw new IllegalArgumentException("A segment must end after it starts: " + start + ".." + end);
            }
        }
    }

    public record Event(long time, String label, String color) {
    }

    public record Track(String id, String name, List<Segment> segments, List<Event> events) {
        public Track {
            Objects.requireNonNull(id, "id");
            segments = List.copyOf(segments);
            events = List.copyOf(events);
        }
    }

    public LabelTracks() {
        setTracks(List.of());
    }

    public void setTracks(List<Track> tracks) {
        getElement().setPropertyList("tracks", List.copyOf(tracks));
    }
}
