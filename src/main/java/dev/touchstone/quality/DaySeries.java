package dev.touchstone.quality;

import java.util.List;

/** One definition's agreement per UTC day of completion, oldest first. */
public record DaySeries(String definition, String name, List<DayPoint> points) {
}
