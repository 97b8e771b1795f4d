package dev.touchstone.quality.ui;

import dev.touchstone.common.DayChart;
import dev.touchstone.quality.DayPoint;
import dev.touchstone.quality.DaySeries;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One definition's agreement per day on the shared uPlot {@link DayChart}, the same component as the project page's
 * charts: the mean task agreement, Krippendorff's alpha where the definition has one, and the project's threshold.
 * The y axis runs from 0 (lower where alpha is negative) to 1.
 */
final class AgreementChart {

    static final String EMPTY = "No merged tasks on any day yet.";

    private AgreementChart() {
    }

    static DayChart of(DaySeries series, Double threshold) {
        return new DayChart(data(series, threshold));
    }

    static DayChart.Data data(DaySeries series, Double threshold) {
        Map<LocalDate, DayPoint> byDay = new TreeMap<>();
        for (DayPoint point : series.points()) {
            byDay.put(point.day(), point);
        }
        List<Long> days = new ArrayList<>();
        List<Double> mean = new ArrayList<>();
        List<Double> alpha = new ArrayList<>();
        for (DayPoint point : byDay.values()) {
            days.add(DayChart.epochSecond(point.day()));
            mean.add(point.meanAgreement());
            alpha.add(point.alpha());
        }
        List<DayChart.Series> lines = new ArrayList<>();
        lines.add(DayChart.Series.line("mean task agreement", "#0b6e4f", false, mean));
        if (alpha.stream().anyMatch(Objects::nonNull)) {
            lines.add(DayChart.Series.line("alpha", "#1f77b4", true, alpha));
        }
        double lowest = 0;
        for (List<Double> values : List.of(mean, alpha)) {
            for (Double value : values) {
                if (value != null) {
                    lowest = Math.min(lowest, value);
                }
            }
        }
        return new DayChart.Data(days, lines, "agreement", Math.floor(lowest * 10) / 10, 1.0, threshold, EMPTY,
                false);
    }
}
