package dev.touchstone.player;

import dev.touchstone.player.views.LabelTracks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Where the player page gets the labels accepted for an episode, as read-only tracks. The workflow module, which
 * owns accepted work, implements it; the player cannot ask workflow itself, which already depends on the player.
 */
public interface AcceptedLabelSource {

    /** One project's accepted labels of the episode, and whose they are. Newest acceptance first. */
    List<Accepted> accepted(UUID episodeId);

    /**
     * The labels one project accepted for an episode: {@code project} names it, {@code acceptedBy} the people who
     * accepted them ("consensus" when the consensus was accepted without review), {@code acceptedAt} the newest
     * acceptance (tasks of time windows are accepted one by one). Track ids are unique across projects.
     */
    record Accepted(String project, List<String> acceptedBy, Instant acceptedAt, List<LabelTracks.Track> tracks) {
        public Accepted {
            acceptedBy = List.copyOf(acceptedBy);
            tracks = List.copyOf(tracks);
        }
    }
}
