package dev.touchstone.curation;

import java.util.ArrayList;
import java.util.List;

/**
 * The shortfall of a grid against a target, as a list of what to collect (docs/curation.md, "Targets and the
 * collection plan"): every cell below its target, most needed first.
 *
 * @param factors     the grid's factor keys, in order
 * @param measure     what the target counts (episodes or accepted)
 * @param totalNeeded the sum of the rows' needed
 */
public record CollectionPlan(List<String> factors, CoverageMeasure measure, List<Row> rows, int totalNeeded) {

    public CollectionPlan {
        factors = List.copyOf(factors);
        rows = List.copyOf(rows);
    }

    /**
     * @param cell     the cell's label of each factor
     * @param have     its count of the target's measure
     * @param needed   target − have (more than 0)
     * @param examples names of up to three episodes already in the cell
     */
    public record Row(List<String> cell, int have, int target, int needed, List<String> examples) {
        public Row {
            cell = List.copyOf(cell);
            examples = List.copyOf(examples);
        }
    }

    /** As CSV: a column per factor, then have, target, needed and examples (names joined by "; "). */
    public String csv() {
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>(factors);
        header.addAll(List.of("have", "target", "needed", "examples"));
        out.append(String.join(",", header.stream().map(Csv::cell).toList())).append("\r\n");
        for (Row row : rows) {
            List<String> cells = new ArrayList<>(row.cell());
            cells.add(Integer.toString(row.have()));
            cells.add(Integer.toString(row.target()));
            cells.add(Integer.toString(row.needed()));
            cells.add(String.join("; ", row.examples()));
            out.append(String.join(",", cells.stream().map(Csv::cell).toList())).append("\r\n");
        }
        return out.toString();
    }
}
