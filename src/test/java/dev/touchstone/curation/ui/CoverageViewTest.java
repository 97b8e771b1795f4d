package dev.touchstone.curation.ui;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.NativeTableCell;
import com.vaadin.flow.component.html.Span;
import dev.touchstone.SignIn;
import dev.touchstone.TouchstoneSpringTest;
import dev.touchstone.curation.CoverageEpisode;
import dev.touchstone.curation.CoverageFixture;
import dev.touchstone.curation.CoverageMeasure;
import dev.touchstone.curation.FactorService;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.dataset.EpisodeStore;
import dev.touchstone.organization.CurrentOrganization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coverage page's form without a browser, over the worked example of docs/curation.md: the grid's numbers as the
 * cells show them, the measure switch with "no data", the rule's refusal on its field, the shortfall, and a cell's
 * episodes.
 */
@TouchstoneSpringTest
class CoverageViewTest extends SpringBrowserlessTest {

    @Autowired SignIn signIn;
    @Autowired DatasetService datasets;
    @Autowired EpisodeStore store;
    @Autowired CurrentOrganization current;
    @Autowired FactorService factors;

    @AfterEach
    void signOut() {
        signIn.out();
    }

    @Test
    void theFormDrawsTheGridTheShortfallAndACellsEpisodes() {
        signIn.as("pm@acme.test");
        Dataset dataset = datasets.create("coverage view " + UUID.randomUUID(), "");
        CoverageFixture.record(store, current.id(), dataset.id());
        CoverageFixture.declare(factors, dataset.id());

        navigate("datasets/" + dataset.id() + "/coverage", CoverageView.class);
        // the view is a Spring bean (possibly proxied), so its parts are found as components, not read as fields
        CoverageForm form = find(CoverageForm.class).single();
        Span summary = $view(Span.class).withId("coverage-summary").single();
        H4 cellTitle = $view(H4.class).withId("coverage-cell-title").single();
        assertThat(form.rows.getValue().key()).isEqualTo("object");
        assertThat(form.columns.getValue().key()).isEqualTo("lighting");
        assertThat(cell("cell-1-1")).isEqualTo("4");
        assertThat(cell("cell-3-1")).isEqualTo("0");
        assertThat(summary.getText()).startsWith("12 episodes; 1 without a value of Object, Lighting");

        test(form.measure).selectItem("Success rate");
        assertThat(form.measure.getValue()).isEqualTo(CoverageMeasure.SUCCESS_RATE);
        assertThat(cell("cell-1-1")).isEqualTo("67 %n=3");
        assertThat(cell("cell-1-2")).isEqualTo("no data");
        assertThat(cell("cell-2-2")).isEqualTo("0 %n=1");

        test(form.columns).selectItem("Object");
        assertThat(form.columns.isInvalid()).isTrue();
        assertThat(form.columns.getErrorMessage()).isEqualTo("Rows and columns need two factors");
        test(form.columns).selectItem("Lighting");

        test(form.rule).setValue("plenty");
        assertThat(form.rule.isInvalid()).isTrue();
        assertThat(form.rule.getErrorMessage()).startsWith("A rule reads like '>= 50 accepted per object x");
        test(form.rule).setValue(">= 2 episodes per object x weather");
        assertThat(form.rule.getErrorMessage())
                .isEqualTo("The rule is per object x weather; the grid shows object x lighting");
        test(form.measure).selectItem("Episodes");
        test(form.rule).setValue(">= 2 episodes per object x lighting");
        assertThat(form.rule.isInvalid()).isFalse();
        assertThat(summary.getText()).endsWith("Shortfall: 3 episodes in 2 cells");
        assertThat(cell("cell-1-2")).isEqualTo("1needs 1");
        assertThat(cell("cell-3-1")).isEqualTo("0needs 2");
        assertThat($view(com.vaadin.flow.component.html.Anchor.class).withId("coverage-export-csv").single()
                .getHref()).contains("format=csv").contains("factors=object%2Clighting");

        NativeTableCell bottleDim = $view(NativeTableCell.class).withId("cell-3-2").single();
        com.vaadin.flow.component.ComponentUtil.fireEvent(bottleDim,
                new com.vaadin.flow.component.ClickEvent<>(bottleDim));
        assertThat(cellTitle.getText()).isEqualTo("bottle · dim: 2 episodes");
        @SuppressWarnings("unchecked")
        Grid<CoverageEpisode> cellEpisodes = $view(Grid.class).withId("coverage-cell-episodes").single();
        assertThat(test(cellEpisodes).size()).isEqualTo(2);
        assertThat(List.of(test(cellEpisodes).getRow(0), test(cellEpisodes).getRow(1)))
                .extracting(CoverageEpisode::name).containsExactly("e09", "e10");
    }

    private String cell(String id) {
        return $view(NativeTableCell.class).withId(id).single().getElement().getTextRecursively();
    }
}
