package dev.touchstone.quality;

import java.time.LocalDate;

/**
 * One UTC day.
 *
 * @param meanAgreement mean per-task agreement of the tasks merged that day (for gold: the mean gold score)
 * @param alpha         Krippendorff's alpha of that day's tasks alone (coded definitions; null when undefined or
 *                      not applicable)
 * @param tasks         tasks merged that day (for gold: gold submissions scored)
 */
public record DayPoint(LocalDate day, double meanAgreement, Double alpha, int tasks) {
}
