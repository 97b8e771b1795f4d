package dev.touchstone.curation.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Span;
import dev.touchstone.curation.CoverageCell;
import dev.touchstone.curation.CoverageGrid;
import dev.touchstone.curation.CoverageMeasure;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the legend says: each count once, and rates in quarters with "no data" beside them. */
class CoverageLegendTest {

    private static CoverageCell cell(int episodes, Double successRate) {
        return new CoverageCell(List.of(1, episodes + 1), List.of("a", "b" + episodes), episodes, 0,
                successRate == null ? 0 : 2, 0, successRate, 0, null);
    }

    private static List<String> swatches(CoverageGrid grid, CoverageMeasure measure) {
        return CoverageHeatmap.legend(grid, measure).getChildren().skip(1).map(CoverageLegendTest::text).toList();
    }

    private static String text(Component c) {
        return ((Span) c).getText();
    }

    @Test
    void aSmallMaximumShowsEachCountOnce() {
        CoverageGrid grid = new CoverageGrid(List.of(), List.of(cell(0, null), cell(1, null), cell(3, null)), 4, 0);
        // 0.75 and 1.5 and 2.25 of 3 round to 1, 2 and 2: "2" must not be shown twice
        assertThat(swatches(grid, CoverageMeasure.EPISODES)).containsExactly("0", "1", "2", "3");
    }

    @Test
    void aLargeMaximumShowsFiveSteps() {
        CoverageGrid grid = new CoverageGrid(List.of(), List.of(cell(40, null)), 40, 0);
        assertThat(swatches(grid, CoverageMeasure.EPISODES)).containsExactly("0", "10", "20", "30", "40");
    }

    @Test
    void ratesGoInQuartersAndSayWhenThereIsNoData() {
        CoverageGrid grid = new CoverageGrid(List.of(), List.of(cell(2, 0.5)), 2, 0);
        assertThat(swatches(grid, CoverageMeasure.SUCCESS_RATE))
                .containsExactly("0 %", "25 %", "50 %", "75 %", "100 %", "no data");
    }
}
