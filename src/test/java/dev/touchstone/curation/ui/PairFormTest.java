package dev.touchstone.curation.ui;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextField;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.curation.EpisodePair;
import dev.touchstone.curation.EpisodePairEntry;
import dev.touchstone.curation.EpisodePairs;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeDescription;
import dev.touchstone.dataset.EpisodeFilter;
import dev.touchstone.dataset.EpisodeRecorder;
import dev.touchstone.dataset.EpisodeRow;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.dataset.StreamSource;
import dev.touchstone.dataset.signal.SignalChannel;
import dev.touchstone.organization.CurrentOrganization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The pairs page and its form without a browser, against the real EpisodePairs and the embedded database. */
@TouchstoneSpringTest
class PairFormTest extends SpringBrowserlessTest {

    @Autowired
    SignIn signIn;
    @Autowired
    DatasetService datasets;
    @Autowired
    EpisodePairs pairs;
    @Autowired
    EpisodeStore store;
    @Autowired
    CurrentOrganization current;

    Dataset dataset;

    @BeforeEach
    void datasetWithEpisodes() throws IOException {
        signIn.as("pm@acme.test");
        dataset = datasets.create("pair form " + UUID.randomUUID(), "");
        episode("sim-a", Map.of("variant", "sim", "pair_key", "a"));
        episode("real-a", Map.of("variant", "real", "pair_key", "a"));
        episode("real-b", Map.of("variant", "real", "pair_key", "b"));
    }

    @AfterEach
    void signOut() {
        signIn.out();
    }

    private void episode(String name, Map<String, String> metadata) throws IOException {
        try (EpisodeRecorder recorder = store.record(current.id(), dataset.id(), null)) {
            recorder.describe(EpisodeDescription.of(name, name + ".mcap", "test").withMetadata(metadata));
            recorder.signal("joints", StreamSource.of("x.mcap"), List.of(new SignalChannel("j1", "rad")))
                    .append(0, 0.0);
            recorder.commit();
        }
    }

    private EpisodeRow row(String name) {
        return datasets.episodes(dataset.id(), new EpisodeFilter(name, null, null, null, null), 0, 10).stream()
                .filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }

    /** The page's parts; found in the view because the view itself is a security proxy without its fields. */
    private record Page(PairForm form, Grid<EpisodePairEntry> grid, Span count, TextField key, Button pairByKey,
                        Paragraph report) {
    }

    @SuppressWarnings("unchecked")
    private Page open() {
        navigate("datasets/" + dataset.id() + "/pairs", PairsView.class);
        List<PairForm> forms = find(PairForm.class).all();
        List<TextField> keys = find(TextField.class).withId("pair-key").all();
        List<Button> byKey = find(Button.class).withId("pair-by-key").all();
        List<Paragraph> report = find(Paragraph.class).withId("pairing-report").all();
        return new Page(forms.isEmpty() ? null : forms.getFirst(), find(Grid.class).withId("pairs-grid").single(),
                find(Span.class).withId("pairs-count").single(), keys.isEmpty() ? null : keys.getFirst(),
                byKey.isEmpty() ? null : byKey.getFirst(), report.isEmpty() ? null : report.getFirst());
    }

    @Test
    void theSameEpisodeTwiceIsMarkedAndNothingIsPaired() {
        Page view = open();
        test(view.form().first).selectItem("sim-a");
        test(view.form().second).selectItem("sim-a");
        test(view.form().pair).click();

        assertThat(view.form().second.isInvalid()).isTrue();
        assertThat(view.form().second.getErrorMessage()).isEqualTo("An episode cannot be paired with itself");
        assertThat(pairs.count(dataset.id())).isZero();
    }

    @Test
    void twoEpisodesArePairedListedWithBothNamesAndADuplicateIsRefusedWithTheServicesReason() {
        Page view = open();
        assertThat(view.form().first.getLabel()).isEqualTo("Simulated episode");
        test(view.form().first).selectItem("sim-a");
        test(view.form().second).selectItem("real-a");
        test(view.form().pair).click();

        List<EpisodePairEntry> listed = test(view.grid()).size() == 1
                ? List.of(test(view.grid()).getRow(0)) : List.of();
        assertThat(listed).singleElement().satisfies(entry -> {
            assertThat(entry.firstName()).isEqualTo("sim-a");
            assertThat(entry.secondName()).isEqualTo("real-a");
            assertThat(entry.pair().kind()).isEqualTo(EpisodePair.SIM_REAL);
        });
        assertThat(view.count().getText()).isEqualTo("1 pair");
        assertThat(view.form().first.getValue()).as("the form is cleared").isNull();

        test(view.form().kind).selectItem("Two takes");
        assertThat(view.form().first.getLabel()).isEqualTo("First take");
        test(view.form().first).selectItem("real-a");
        test(view.form().second).selectItem("sim-a");
        test(view.form().pair).click();
        assertThat(view.form().second.isInvalid()).isTrue();
        assertThat(view.form().second.getErrorMessage()).startsWith("These two episodes are paired already");
        assertThat(pairs.count(dataset.id())).isEqualTo(1);
    }

    @Test
    void pairingByKeyReportsWhatItLeftAndDeletingRemovesThePair() {
        Page view = open();
        test(view.pairByKey()).click();

        assertThat(view.report().getText()).isEqualTo("1 pair made, 0 already paired. Not paired: b (1 episode: no"
                + " partner).");
        assertThat(test(view.grid()).size()).isEqualTo(1);
        assertThat(test(view.grid()).getRow(0).pair().first()).isEqualTo(row("sim-a").id());

        test(view.key()).setValue(" ");
        test(view.pairByKey()).click();
        assertThat(view.key().isInvalid()).isTrue();

        com.vaadin.flow.component.html.Anchor play =
                (com.vaadin.flow.component.html.Anchor) test(view.grid()).getCellComponent(0, 5);
        assertThat(play.getHref()).isEqualTo("pairs/" + test(view.grid()).getRow(0).pair().id() + "/play");
        Button delete = (Button) test(view.grid()).getCellComponent(0, 6);
        assertThat(delete.getClassName()).isEqualTo("delete-pair");
        test(delete).click();
        assertThat(test(view.grid()).size()).isZero();
        assertThat(pairs.count(dataset.id())).isZero();
    }

    @Test
    void aQaLeadSeesThePairsButNoForm() {
        signIn.as("pm@acme.test");
        pairs.pairByKey(dataset.id(), "pair_key", EpisodePair.SIM_REAL);
        signIn.as("qa@acme.test");
        Page view = open();
        assertThat(view.form()).isNull();
        assertThat(view.pairByKey()).isNull();
        assertThat(test(view.grid()).size()).isEqualTo(1);
        assertThat(view.grid().getColumns()).as("kind, names, key, time and play; no delete column").hasSize(6);
    }
}
