package dev.touchstone.curation.ui;

import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDetail;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The paired player's timings of an episode without accepted labels come from the signal proposers: on the generated
 * demo episode they find the pick-and-place phases and contact onsets, so "Align on an event" has kinds to offer,
 * and the episode against itself differs by zero in every row.
 */
@TouchstoneSpringTest
class PairedPlayerTimingsProposalsTest {

    @Autowired
    PairedPlayerTimings timings;
    @Autowired
    DatasetService datasets;
    @Autowired
    SignIn signIn;
    @Autowired
    DSLContext dsl;

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void theDemoEpisodesProposalsGivePhasesAndContactsToAlignOn() throws InterruptedException {
        UUID id = demoEpisode();
        signIn.as("pm@acme.test");
        EpisodeDetail demo = datasets.episode(id).orElseThrow();

        PairedPlayerTimings.Timings t = timings.fromProposals(demo);

        assertThat(t.note()).as("the proposers read the generated episode").isNull();
        assertThat(t.source()).startsWith("proposals of the contact and phase proposers");
        assertThat(t.phases()).extracting(PairedPlayerTimings.Phase::key).contains("reach", "grasp", "lift");
        assertThat(t.phases()).allSatisfy(p -> assertThat(p.totalNanos()).isPositive());
        assertThat(t.events()).extracting(PairedPlayerTimings.Event::key).contains("event:contact-on");
        assertThat(t.alignable()).extracting(PairedPlayerTimings.Event::key).contains("phase:grasp");
        // Phases start in time order and lie inside the episode.
        List<Long> starts = t.phases().stream().map(PairedPlayerTimings.Phase::firstStart).toList();
        assertThat(starts).isSorted();
        assertThat(starts.getLast()).isLessThan(demo.episode().durationNanos());

        List<PairedPlayerView.TimingRow> rows = PairedPlayerView.rows(t, t);
        assertThat(rows).isNotEmpty();
        assertThat(rows).allSatisfy(r -> assertThat(r.first()).isEqualTo(r.second()));
    }

    private UUID demoEpisode() throws InterruptedException {
        for (int attempt = 0; attempt < 240; attempt++) {
            UUID id = dsl.fetchOptional("""
                    select e.id from episode e join organization o on o.id = e.organization_id
                    where o.slug = 'acme' and e.name = 'synthetic-1-0000'""").map(r -> r.get(0, UUID.class))
                    .orElse(null);
            if (id != null) {
                return id;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the demo episode was not imported");
    }
}
