package dev.touchstone.curation;

import java.util.List;

/**
 * One cell of a coverage grid (docs/curation.md, "The grid").
 *
 * @param bins            the cell's bin of each factor of the grid (1-based, in the grid's factor order)
 * @param labels          the bins as the axes name them (a category, or a range such as "[0.1, 0.2)")
 * @param episodes        episodes in the cell
 * @param accepted        of those, episodes with an accepted task
 * @param labelled        of those, episodes with a value of the outcome factor (the success rate's n)
 * @param successes       of the labelled, those whose outcome is a success
 * @param successRate     successes / labelled; null ("no data") when labelled is 0
 * @param measured        episodes with a suggested quality verdict (the mean quality flag's n)
 * @param meanQualityFlag the share of the measured whose verdict rejects them; null ("no data") when measured is 0
 */
public record CoverageCell(List<Integer> bins, List<String> labels, int episodes, int accepted, int labelled,
                           int successes, Double successRate, int measured, Double meanQualityFlag) {

    public CoverageCell {
        bins = List.copyOf(bins);
        labels = List.copyOf(labels);
    }

    /** The cell's number for a measure; null means no data (never shown as 0 % or 100 %). */
    public Double value(CoverageMeasure measure) {
        return switch (measure) {
            case EPISODES -> (double) episodes;
            case ACCEPTED -> (double) accepted;
            case SUCCESS_RATE -> successRate;
            case QUALITY_FLAG -> meanQualityFlag;
        };
    }

    /** The n behind a measure's value. */
    public int n(CoverageMeasure measure) {
        return switch (measure) {
            case EPISODES, ACCEPTED -> episodes;
            case SUCCESS_RATE -> labelled;
            case QUALITY_FLAG -> measured;
        };
    }
}
