package dev.touchstone.workflow;

import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchema;
import dev.touchstone.player.views.LabelTracks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One lane of the player's label-track area for one phase or event definition: its segments and events, each named
 * by its class's name (the key when the schema no longer has the class) in the class's colour. The player's accepted
 * labels and the review page's annotator and consensus lanes draw the same way.
 */
public final class LabelLanes {

    private LabelLanes() {
    }

    /**
     * @param marked labels whose segment text gets {@code mark} appended (the review page's tie-rule consensus)
     */
    public static LabelTracks.Track lane(String id, String name, List<Label> labels, LabelSchema.Definition definition,
                                         Set<UUID> marked, String mark) {
        Map<String, LabelSchema.LabelClass> classes = new LinkedHashMap<>();
        definition.classes().forEach(c -> classes.put(c.key(), c));
        List<LabelTracks.Segment> segments = new ArrayList<>();
        List<LabelTracks.Event> events = new ArrayList<>();
        for (Label label : labels) {
            if (!label.definition().equals(definition.key())) {
                continue;
            }
            if (label instanceof Label.Phase p && p.end() > p.start()) {
                LabelSchema.LabelClass c = classes.get(p.classKey());
                String text = (c == null ? p.classKey() : c.name()) + (marked.contains(p.id()) ? " " + mark : "");
                segments.add(new LabelTracks.Segment(p.start(), p.end(), text, c == null ? null : c.color()));
            } else if (label instanceof Label.Event e) {
                LabelSchema.LabelClass c = classes.get(e.classKey());
                events.add(new LabelTracks.Event(e.time(), c == null ? e.classKey() : c.name(),
                        c == null ? null : c.color()));
            }
        }
        return new LabelTracks.Track(id, name, segments, events);
    }
}
