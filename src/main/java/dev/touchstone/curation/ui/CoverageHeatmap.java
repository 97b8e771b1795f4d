package dev.touchstone.curation.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.NativeTable;
import com.vaadin.flow.component.html.NativeTableCell;
import com.vaadin.flow.component.html.NativeTableHeaderCell;
import com.vaadin.flow.component.html.NativeTableRow;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.theme.lumo.LumoUtility;
import dev.touchstone.curation.CollectionPlan;
import dev.touchstone.curation.CoverageCell;
import dev.touchstone.curation.CoverageGrid;
import dev.touchstone.curation.CoverageMeasure;
import dev.touchstone.curation.Factor;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A coverage grid as HTML tables shaded like a heatmap: rows are the first factor's bins, columns the second's, one
 * table per bin of a third. A cell shows the measure's number (and its n for rates), "no data" where there is none,
 * and the shortfall when a target is set; its shade is one of eleven classes (share-0 to share-10) that styles.css
 * turns into the opacity of the measure's colour, as the Agreement screen's confusion table does.
 */
final class CoverageHeatmap {

    private CoverageHeatmap() {
    }

    static Div of(CoverageGrid grid, CoverageMeasure measure, CollectionPlan plan, Consumer<CoverageCell> open) {
        List<Factor> f = grid.factors();
        double max = grid.cells().stream().map(c -> c.value(measure)).filter(v -> v != null)
                .mapToDouble(Double::doubleValue).max().orElse(0);
        double scale = rate(measure) ? 1 : Math.max(1, max);
        Map<List<String>, CollectionPlan.Row> needs = plan == null ? Map.of()
                : plan.rows().stream().collect(Collectors.toMap(CollectionPlan.Row::cell, r -> r));
        Div out = new Div();
        out.addClassName("coverage-tables");
        int layers = f.size() == 3 ? f.get(2).binCount() : 1;
        for (int layer = 1; layer <= layers; layer++) {
            NativeTable table = new NativeTable();
            table.addClassNames("coverage", measure.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            if (f.size() == 3) {
                table.setCaptionText(f.get(2).name() + ": " + f.get(2).binLabel(layer));
            }
            NativeTableRow head = table.getHead().addRow();
            NativeTableHeaderCell corner = head.addHeaderCell();
            corner.setText(f.get(0).name() + " ↓ · " + f.get(1).name() + " →");
            corner.addClassName("corner");
            for (int column = 1; column <= f.get(1).binCount(); column++) {
                NativeTableHeaderCell th = head.addHeaderCell();
                th.setText(f.get(1).binLabel(column));
                th.getElement().setAttribute("scope", "col");
            }
            for (int row = 1; row <= f.get(0).binCount(); row++) {
                NativeTableRow tr = table.getBody().addRow();
                NativeTableHeaderCell th = tr.addHeaderCell();
                th.setText(f.get(0).binLabel(row));
                th.getElement().setAttribute("scope", "row");
                for (int column = 1; column <= f.get(1).binCount(); column++) {
                    List<Integer> bins = f.size() == 3 ? List.of(row, column, layer) : List.of(row, column);
                    CoverageCell cell = grid.cell(bins).orElseThrow();
                    tr.add(cell(cell, measure, scale, needs.get(cell.labels()), open));
                }
            }
            out.add(table);
        }
        return out;
    }

    private static NativeTableCell cell(CoverageCell cell, CoverageMeasure measure, double scale,
                                        CollectionPlan.Row need, Consumer<CoverageCell> open) {
        NativeTableCell td = new NativeTableCell();
        td.setId("cell-" + cell.bins().stream().map(String::valueOf).collect(Collectors.joining("-")));
        Double value = cell.value(measure);
        Span number = new Span(text(value, measure));
        number.addClassName("coverage-value");
        td.add(number);
        if (rate(measure) && value != null) {
            Span n = new Span("n=" + cell.n(measure));
            n.addClassNames("coverage-n", LumoUtility.FontSize.XXSMALL);
            td.add(n);
        }
        if (need != null) {
            Span short_ = new Span("needs " + need.needed());
            short_.addClassNames("coverage-short", LumoUtility.FontSize.XXSMALL);
            td.add(short_);
            td.addClassName("short");
        }
        if (value == null) {
            td.addClassName("no-data");
        } else {
            double share = Math.clamp(value / scale, 0, 1);
            td.addClassNames("filled", "share-" + Math.round(share * 10));
            if (share > 0.55) {
                td.addClassName("dark");
            }
        }
        td.getElement().setAttribute("title", String.join(" · ", cell.labels()) + ": " + cell.episodes()
                + " episodes, " + cell.accepted() + " accepted, success " + (cell.successRate() == null ? "no data"
                : percent(cell.successRate()) + " of " + cell.labelled()) + ", quality flag "
                + (cell.meanQualityFlag() == null ? "no data" : percent(cell.meanQualityFlag()) + " of "
                + cell.measured()));
        td.addClickListener(click -> open.accept(cell));
        return td;
    }

    static boolean rate(CoverageMeasure measure) {
        return measure == CoverageMeasure.SUCCESS_RATE || measure == CoverageMeasure.QUALITY_FLAG;
    }

    static String text(Double value, CoverageMeasure measure) {
        if (value == null) {
            return "no data";
        }
        return rate(measure) ? percent(value) : String.valueOf(Math.round(value));
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f %%", share * 100);
    }

    /**
     * Swatches from none to the most (counts: up to five distinct whole numbers) or from 0 % to 100 % in quarters
     * (rates), and "no data" for rates.
     */
    static Div legend(CoverageGrid grid, CoverageMeasure measure) {
        double max = grid.cells().stream().map(c -> c.value(measure)).filter(v -> v != null)
                .mapToDouble(Double::doubleValue).max().orElse(0);
        Div legend = new Div();
        legend.setId("coverage-legend");
        legend.addClassNames("coverage-legend", measure.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                LumoUtility.Display.FLEX, LumoUtility.Gap.SMALL, LumoUtility.AlignItems.CENTER,
                LumoUtility.FontSize.SMALL);
        legend.add(new Span(switch (measure) {
            case EPISODES -> "Episodes per cell:";
            case ACCEPTED -> "Accepted episodes per cell:";
            case SUCCESS_RATE -> "Success rate (successes / episodes with an outcome):";
            case QUALITY_FLAG -> "Mean quality flag (share the quality proposers reject):";
        }));
        // Counts: one swatch per distinct whole number, so a small maximum (3) never shows "2" twice
        double top = Math.max(1, max);
        java.util.SortedSet<Double> shares = new java.util.TreeSet<>();
        for (int step = 0; step <= 4; step++) {
            shares.add(rate(measure) ? step / 4.0 : Math.round(step / 4.0 * top) / top);
        }
        for (double share : shares) {
            Span swatch = new Span(rate(measure) ? percent(share) : String.valueOf(Math.round(share * top)));
            swatch.addClassNames("swatch", "filled", "share-" + Math.round(share * 10));
            if (share > 0.55) {
                swatch.addClassName("dark");
            }
            legend.add(swatch);
        }
        if (rate(measure)) {
            Span none = new Span("no data");
            none.addClassNames("swatch", "no-data");
            legend.add(none);
        }
        return legend;
    }
}
