package dev.touchstone.quality;

import java.util.List;

/** One definition's agreement per day. */
public record DaySeries(String definition, String name, List<DayPoint> points) {
}
