package dev.touchstone.curation.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.touchstone.common.InvalidInputException;
import dev.touchstone.common.RouteIds;
import dev.touchstone.curation.CollectionPlan;
import dev.touchstone.curation.CoverageCell;
import dev.touchstone.curation.CoverageDiversity;
import dev.touchstone.curation.CoverageEpisode;
import dev.touchstone.curation.CoverageGrid;
import dev.touchstone.curation.CoverageService;
import dev.touchstone.curation.CoverageTarget;
import dev.touchstone.curation.Factor;
import dev.touchstone.curation.FactorService;
import dev.touchstone.dataset.Dataset;
import dev.touchstone.dataset.DatasetService;
import dev.touchstone.organization.Role;
import jakarta.annotation.security.RolesAllowed;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The coverage planner of a dataset (docs/curation.md): pick two or three factors and a measure, read the heatmap,
 * click a cell for its episodes, set a target rule to see the shortfall and export it as a collection plan.
 */
@Route("datasets/:datasetId/coverage")
@PageTitle("Coverage")
@RolesAllowed({Role.ADMIN_NAME, Role.PROJECT_MANAGER_NAME, Role.QA_LEAD_NAME})
public class CoverageView extends VerticalLayout implements BeforeEnterObserver {

    private final DatasetService datasets;
    private final FactorService factors;
    private final CoverageService coverage;
    final Div heatmap = new Div();
    final Span summary = new Span();
    final Div exports = new Div();
    final H4 cellTitle = new H4();
    final Grid<CoverageEpisode> cellEpisodes = new Grid<>();
    final Div diversity = new Div();
    CoverageForm form;
    private Dataset dataset;
    private CoverageGrid grid;

    public CoverageView(DatasetService datasets, FactorService factors, CoverageService coverage) {
        this.datasets = datasets;
        this.factors = factors;
        this.coverage = coverage;
        setSizeFull();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Optional<Dataset> found = RouteIds.uuid(event, "datasetId").flatMap(datasets::dataset);
        if (found.isEmpty()) {
            event.rerouteToError(NotFoundException.class, "No such dataset");
            return;
        }
        dataset = found.get();
        build();
    }

    private void build() {
        removeAll();
        H2 title = new H2("Coverage · " + dataset.name());
        title.setId("coverage-title");
        Anchor back = new Anchor("datasets/" + dataset.id(), "Back to the dataset");
        HorizontalLayout header = new HorizontalLayout(title, back);
        header.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(header);
        List<Factor> declared = factors.factors(dataset.id());
        if (declared.size() < 2) {
            Paragraph none = new Paragraph("The dataset declares " + declared.size() + " factor"
                    + (declared.size() == 1 ? "" : "s") + "; a grid needs two. Declare factors over the API "
                    + "(POST /api/v1/datasets/" + dataset.id() + "/factors, docs/curation.md).");
            none.setId("coverage-no-factors");
            add(none);
            return;
        }
        form = new CoverageForm(declared, choice -> refresh());
        summary.setId("coverage-summary");
        summary.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        heatmap.setId("coverage-heatmap");
        exports.setId("coverage-exports");
        exports.addClassNames(LumoUtility.Display.FLEX, LumoUtility.Gap.MEDIUM);
        cellTitle.setId("coverage-cell-title");
        cellEpisodes.setId("coverage-cell-episodes");
        cellEpisodes.addComponentColumn(e -> {
            Anchor link = new Anchor("episodes/" + e.episodeId(), e.name());
            link.addClassName("coverage-episode-link");
            return link;
        }).setHeader("Episode").setFlexGrow(2);
        cellEpisodes.addColumn(e -> e.accepted() ? "yes" : "no").setHeader("Accepted").setAutoWidth(true);
        cellEpisodes.addColumn(e -> e.success() == null ? "no data" : e.success() ? "success" : "failure")
                .setHeader("Outcome").setAutoWidth(true);
        cellEpisodes.addColumn(e -> e.qualityFlag() == null ? "not measured" : e.qualityFlag() > 0 ? "flagged"
                : "ok").setHeader("Quality").setAutoWidth(true);
        cellEpisodes.setAllRowsVisible(true);
        cellEpisodes.setVisible(false);
        diversity.setId("coverage-diversity");
        add(form, summary, heatmap, exports, cellTitle, cellEpisodes, diversity);
        refresh();
    }

    private void refresh() {
        if (form == null || !form.valid()) {
            return;
        }
        CoverageForm.Choice choice = form.choice();
        grid = coverage.grid(dataset.id(), choice.keys());
        CoverageTarget target = choice.target();
        CollectionPlan plan = target == null ? null : coverage.plan(dataset.id(), choice.keys(), target);
        heatmap.removeAll();
        heatmap.add(CoverageHeatmap.legend(grid, choice.measure), CoverageHeatmap.of(grid, choice.measure, plan,
                this::open));
        String text = grid.episodes() + " episodes; " + grid.withoutValue() + " without a value of "
                + String.join(", ", grid.factors().stream().map(Factor::name).toList()) + " (in no cell)";
        if (plan != null) {
            text += ". Shortfall: " + plan.totalNeeded() + " " + (target.measure().name().equals("ACCEPTED")
                    ? "accepted episodes" : "episodes") + " in " + plan.rows().size() + " cells";
        }
        summary.setText(text);
        exports.removeAll();
        if (plan != null) {
            exports.add(export("CSV", "csv", choice), export("JSON", "json", choice));
        }
        cellTitle.setText("");
        cellEpisodes.setVisible(false);
        showDiversity(coverage.diversity(dataset.id(), choice.keys()));
    }

    private Anchor export(String label, String format, CoverageForm.Choice choice) {
        String href = "/api/v1/datasets/" + dataset.id() + "/coverage/plan?format=" + format + "&rule="
                + URLEncoder.encode(choice.rule, StandardCharsets.UTF_8) + "&factors="
                + URLEncoder.encode(String.join(",", choice.keys()), StandardCharsets.UTF_8);
        Anchor anchor = new Anchor(href, "Export collection plan (" + label + ")");
        anchor.setId("coverage-export-" + format);
        anchor.getElement().setAttribute("download", "collection-plan." + format);
        anchor.getElement().setAttribute("router-ignore", true);
        return anchor;
    }

    void open(CoverageCell cell) {
        List<CoverageEpisode> episodes;
        try {
            episodes = coverage.episodes(dataset.id(), form.choice().keys(), cell.bins());
        } catch (InvalidInputException e) {
            return;
        }
        cellTitle.setText(String.join(" · ", cell.labels()) + ": " + cell.episodes() + " episode"
                + (cell.episodes() == 1 ? "" : "s") + (cell.episodes() > episodes.size() ? " (first "
                + episodes.size() + ")" : ""));
        cellEpisodes.setItems(episodes);
        cellEpisodes.setVisible(true);
    }

    private void showDiversity(CoverageDiversity d) {
        diversity.removeAll();
        diversity.add(new H4("Diversity"));
        for (CoverageDiversity.PerFactor f : d.factors()) {
            Paragraph p = new Paragraph(String.format(Locale.ROOT, "%s: entropy %.3f bits (normalised %s) over %d "
                            + "episodes; %d of %d bins hold episodes (coverage %.0f %%)", f.name(), f.entropyBits(),
                    f.normalisedEntropy() == null ? "n/a" : String.format(Locale.ROOT, "%.3f", f.normalisedEntropy()),
                    f.withValue(), f.counts().stream().filter(c -> c > 0).count(), f.counts().size(),
                    f.coverageRatio() * 100));
            p.addClassName("diversity-factor");
            diversity.add(p);
        }
        Paragraph cells = new Paragraph(String.format(Locale.ROOT, "Grid coverage: %d of %d cells hold episodes "
                + "(%.0f %%). Most represented: %s. Least represented: %s.", d.nonEmptyCells(), d.cells(),
                d.gridCoverage() * 100, names(d.most()), names(d.least())));
        cells.setId("coverage-grid-diversity");
        diversity.add(cells);
    }

    private static String names(List<CoverageCell> cells) {
        return cells.isEmpty() ? "none" : String.join("; ", cells.stream()
                .map(c -> String.join(" · ", c.labels()) + " (" + c.episodes() + ")").toList());
    }
}
