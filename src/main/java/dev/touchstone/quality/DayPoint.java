package dev.touchstone.quality;

import java.time.LocalDate;

/** The agreement of the tasks merged on one day; alpha only for coded definitions. */
public record DayPoint(LocalDate day, double meanAgreement, Double alpha, int tasks) {
}
