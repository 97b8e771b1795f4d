package dev.touchstone.curation;

import java.util.List;
import java.util.Optional;

/**
 * A grid of two or three factors: every combination of their bins, empty ones included, in axis order (the first
 * factor varies slowest).
 *
 * @param episodes     episodes of the dataset in the coverage table
 * @param withoutValue of those, episodes that lack a value of at least one of the grid's factors (in no cell)
 */
public record CoverageGrid(List<Factor> factors, List<CoverageCell> cells, int episodes, int withoutValue) {

    public CoverageGrid {
        factors = List.copyOf(factors);
        cells = List.copyOf(cells);
    }

    public Optional<CoverageCell> cell(List<Integer> bins) {
        return cells.stream().filter(c -> c.bins().equals(bins)).findFirst();
    }

    /** The cell of the given labels (a category or range per factor, in order). */
    public Optional<CoverageCell> cellLabelled(String... labels) {
        return cells.stream().filter(c -> c.labels().equals(List.of(labels))).findFirst();
    }
}
