package dev.touchstone.curation.ui;

import dev.touchstone.player.AcceptedLabelSource;
import dev.touchstone.player.views.LabelTracks;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The paired player's timing table (docs/player.md, "Paired player"): phase durations summed per phase, events at
 * their first occurrence, and rows that pair them by key, worked by hand.
 */
class PairedPlayerTimingsTest {

    private static final long MS = 1_000_000L;

    private static AcceptedLabelSource.Accepted accepted(String project, List<LabelTracks.Segment> phases,
                                                         List<LabelTracks.Event> events) {
        return new AcceptedLabelSource.Accepted(project, List.of("consensus"), Instant.EPOCH, List.of(
                new LabelTracks.Track("phase", "Task phase · " + project, phases, List.of()),
                new LabelTracks.Track("contact", "Contact · " + project, List.of(), events)));
    }

    @Test
    void phasesAreSummedPerClassAndEventsTakeTheirFirstOccurrence() {
        PairedPlayerTimings.Timings t = PairedPlayerTimings.fromTracks(accepted("Sim", List.of(
                        new LabelTracks.Segment(0, 1200 * MS, "Reach", null),
                        new LabelTracks.Segment(1200 * MS, 2000 * MS, "Grasp", null),
                        // a second grasp span: 300 ms more
                        new LabelTracks.Segment(2500 * MS, 2800 * MS, "Grasp", null)),
                List.of(new LabelTracks.Event(4000 * MS, "Contact on", null),
                        new LabelTracks.Event(1500 * MS, "Contact on", null))));
        assertThat(t.source()).isEqualTo("labels accepted in project Sim");
        assertThat(t.phases()).containsExactly(
                new PairedPlayerTimings.Phase("reach", "Reach", 0, 1200 * MS),
                new PairedPlayerTimings.Phase("grasp", "Grasp", 1200 * MS, 1100 * MS));
        assertThat(t.events()).containsExactly(
                new PairedPlayerTimings.Event("event:contact-on", "Contact on", 1500 * MS));
        // Alignable kinds: the event and each phase's start, with the keys the proposals use too.
        assertThat(t.alignable()).extracting(PairedPlayerTimings.Event::key)
                .containsExactly("event:contact-on", "phase:reach", "phase:grasp");
        assertThat(PairedPlayerTimings.key("Contact on")).isEqualTo(PairedPlayerTimings.key("contact-on"));
    }

    @Test
    void rowsPairPhasesAndEventsByKeyAndKeepThoseOnlyOneEpisodeHas() {
        PairedPlayerTimings.Timings sim = PairedPlayerTimings.fromTracks(accepted("Sim", List.of(
                        new LabelTracks.Segment(0, 1200 * MS, "Reach", null),
                        new LabelTracks.Segment(1200 * MS, 2000 * MS, "Grasp", null)),
                List.of(new LabelTracks.Event(1500 * MS, "Contact on", null))));
        PairedPlayerTimings.Timings real = PairedPlayerTimings.fromTracks(accepted("Real", List.of(
                        new LabelTracks.Segment(0, 1500 * MS, "Reach", null),
                        new LabelTracks.Segment(1500 * MS, 1700 * MS, "Lift", null)),
                List.of(new LabelTracks.Event(1750 * MS, "Contact on", null))));
        List<PairedPlayerView.TimingRow> rows = PairedPlayerView.rows(sim, real);
        assertThat(rows).containsExactly(
                // Reach: 1200 ms against 1500 ms, first minus second = -300 ms
                new PairedPlayerView.TimingRow("Phase duration", "Reach", 1200 * MS, 1500 * MS, false),
                new PairedPlayerView.TimingRow("Phase duration", "Grasp", 800 * MS, null, false),
                new PairedPlayerView.TimingRow("Phase duration", "Lift", null, 200 * MS, false),
                // contact on: 1500 ms against 1750 ms, -250 ms; once aligned with offset +250 ms, 0 ms
                new PairedPlayerView.TimingRow("First event at", "Contact on", 1500 * MS, 1750 * MS, true));
    }
}
