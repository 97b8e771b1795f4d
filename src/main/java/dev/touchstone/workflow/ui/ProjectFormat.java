package dev.touchstone.workflow.ui;

import dev.touchstone.organization.Ability;
import dev.touchstone.organization.CurrentOrganization;
import dev.touchstone.workflow.ProjectState;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/** Formatting and role checks shared by the project screens (deadlines are dates in UTC). */
final class ProjectFormat {

    private ProjectFormat() {
    }

    /** Admins and project managers change projects; QA leads only look (and curate gold). */
    static boolean manages(CurrentOrganization current) {
        return current.requireUser().may(Ability.MANAGE);
    }

    /** Who may make gold answers (ReviewService). */
    static boolean curatesGold(CurrentOrganization current) {
        return current.requireUser().may(Ability.REVIEW);
    }

    static String state(ProjectState state) {
        return switch (state) {
            case ACTIVE -> "Active";
            case PAUSED -> "Paused";
            case CLOSED -> "Closed";
        };
    }

    static String percent(double share) {
        double value = share * 100;
        return (value == Math.rint(value) ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%.1f", value)) + " %";
    }

    static String date(Instant instant) {
        return instant == null ? "" : LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    static LocalDate localDate(Instant instant) {
        return instant == null ? null : LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(LocalDate date) {
        return date == null ? null : date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** "4 min 05 s", "12 s", "–" when there is nothing yet. */
    static String duration(Double seconds) {
        if (seconds == null) {
            return "–";
        }
        if (seconds < 1) {
            // Rounding would say "0 s"; only scripted work (the demo's simulated annotators) is this fast.
            return "under 1 s";
        }
        long total = Math.round(seconds);
        if (total < 60) {
            return total + " s";
        }
        if (total < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", total / 60, total % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", total / 3600, total % 3600 / 60);
    }
}
