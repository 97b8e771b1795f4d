package dev.touchstone.common;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Values per day as a uPlot chart ({@code ts-day-chart}, {@code src/main/frontend/common/ts-day-chart.ts}): lines
 * or side-by-side bars, the days as "7 Dec" on the x axis and the y axis named. Only the days and their numbers
 * cross the Vaadin session, as the element property {@code data}.
 */
@Tag("ts-day-chart")
@NpmPackage(value = "uplot", version = "1.6.32")
@JsModule("./common/ts-day-chart.ts")
public class DayChart extends Component implements HasSize {

    /**
     * One series: a value per day of {@link Data#days}, null where that day has none, drawn as a {@code "line"} or
     * as {@code "bars"} (two bar series stand side by side on each day). {@code color} is a CSS colour
     * or a Lumo custom property such as {@code --lumo-primary-color}, read in the browser so charts follow the theme.
     */
    public record Series(String label, String kind, String color, boolean dashed, List<? extends Number> values) {

        public static Series line(String label, String color, boolean dashed, List<? extends Number> values) {
            return new Series(label, "line", color, dashed, values);
        }

        public static Series bars(String label, String color, List<? extends Number> values) {
            return new Series(label, "bars", color, false, values);
        }
    }

    /**
     * The element property. {@code days} are epoch seconds of UTC midnights. {@code yMin} and {@code yMax} fix the
     * y range; both null make it a count axis from 0 to a round number over the largest value, with whole-number
     * ticks. {@code threshold} draws a dashed line (or null); {@code empty} is shown when there are no days;
     * {@code liveLegend} shows the values of the day under the pointer in the legend.
     */
    public record Data(List<Long> days, List<Series> series, String yLabel, Double yMin, Double yMax,
                       Double threshold, String empty, boolean liveLegend) {
    }

    public DayChart(Data data) {
        setWidthFull();
        getElement().setPropertyBean("data", data);
    }

    /** A day as the chart's x value: the epoch second of its UTC midnight. */
    public static long epochSecond(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }
}
