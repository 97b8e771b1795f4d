package dev.touchstone.quality.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import dev.touchstone.quality.DayPoint;
import dev.touchstone.quality.DaySeries;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One definition's agreement per day as a uPlot line chart ({@code ts-agreement-chart}): the mean task agreement,
 * Krippendorff's alpha where the definition has one, and the project's threshold. Only the days and their numbers
 * cross the Vaadin session, as the element property {@code data}.
 */
@Tag("ts-agreement-chart")
@NpmPackage(value = "uplot", version = "1.6.32")
@JsModule("./quality/ts-agreement-chart.ts")
public class AgreementChart extends Component implements HasSize {

    /** One line: a value per day of {@link Data#days}, null where that day has none. */
    public record Line(String label, String color, boolean dashed, List<Double> values) {
    }

    /** The element property: days as epoch seconds (UTC midnight), the lines, and the threshold (or null). */
    public record Data(List<Long> days, List<Line> lines, Double threshold) {
    }

    public AgreementChart(DaySeries series, Double threshold) {
        setWidthFull();
        getElement().setPropertyBean("data", data(series, threshold));
    }

    static Data data(DaySeries series, Double threshold) {
        Map<LocalDate, DayPoint> byDay = new TreeMap<>();
        for (DayPoint point : series.points()) {
            byDay.put(point.day(), point);
        }
        List<Long> days = new ArrayList<>();
        List<Double> mean = new ArrayList<>();
        List<Double> alpha = new ArrayList<>();
        for (DayPoint point : byDay.values()) {
            days.add(point.day().atStartOfDay(ZoneOffset.UTC).toEpochSecond());
            mean.add(point.meanAgreement());
            alpha.add(point.alpha());
        }
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("mean task agreement", "#0b6e4f", false, mean));
        if (alpha.stream().anyMatch(a -> a != null)) {
            lines.add(new Line("alpha", "#1f77b4", true, alpha));
        }
        return new Data(days, lines, threshold);
    }
}
