package dev.touchstone.workflow.ui;

import dev.touchstone.proposal.EpisodeFlags;
import dev.touchstone.proposal.Flag;
import dev.touchstone.workflow.TriageService;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/** What the triage screen shows of a row and how it filters and sorts, without Vaadin (docs/workflow/screens.md). */
final class TriageRows {

    /** The verdict filter's choices. */
    enum VerdictFilter {
        ALL("All verdicts"), ACCEPT("Accept"), REJECT("Reject"), NOT_MEASURED("Not measured");

        final String caption;

        VerdictFilter(String caption) {
            this.caption = caption;
        }
    }

    private TriageRows() {
    }

    /** The flag keys of the rows in the order the proposers give them (every measured episode has the same keys). */
    static List<String> flagKeys(List<TriageService.Row> rows) {
        List<String> keys = new ArrayList<>();
        for (TriageService.Row row : rows) {
            if (row.flags() != null) {
                row.flags().flags().forEach(f -> {
                    if (!keys.contains(f.key())) {
                        keys.add(f.key());
                    }
                });
            }
        }
        return keys;
    }

    /** The flag's value, NaN when not measured or not computable. */
    static double value(TriageService.Row row, String key) {
        return row.flags() == null ? Double.NaN : row.flags().value(key);
    }

    static String unit(List<TriageService.Row> rows, String key) {
        return rows.stream().filter(r -> r.flags() != null).flatMap(r -> r.flags().flag(key).stream())
                .map(Flag::unit).findFirst().orElse("");
    }

    /** A number with three significant digits, or n/a. */
    static String number(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3g", value);
    }

    /** "accept", "reject" or "n/a" (not measured). */
    static String verdict(TriageService.Row row) {
        if (row.flags() == null) {
            return "n/a";
        }
        return Boolean.TRUE.equals(row.flags().verdict().accept()) ? "accept" : "reject";
    }

    static String reasons(TriageService.Row row) {
        return row.flags() == null ? "" : String.join(", ", row.flags().verdict().classes());
    }

    /**
     * Lowest and mean confidence of the episode's proposals, e.g. "0.412 / 0.873", with how many have none
     * ("0.412 / 0.873 · 3 without"); "no confidence" when no proposal has one, n/a when there are none.
     */
    static String confidence(TriageService.Row row) {
        EpisodeFlags f = row.flags();
        if (f == null || f.proposals() == 0) {
            return "n/a";
        }
        if (f.withoutConfidence() == f.proposals()) {
            return "no confidence";
        }
        return number(f.lowestConfidence()) + " / " + number(f.meanConfidence())
                + (f.withoutConfidence() == 0 ? "" : " · " + f.withoutConfidence() + " without");
    }

    static double lowestConfidence(TriageService.Row row) {
        return row.flags() == null ? Double.NaN : row.flags().lowestConfidence();
    }

    /** The proposed trim in seconds, e.g. "0.8 – 11.2 s", or n/a. */
    static String trim(TriageService.Row row) {
        EpisodeFlags f = row.flags();
        return f == null ? "n/a" : String.format(Locale.ROOT, "%.1f – %.1f s", f.trimStartNanos() / 1e9,
                f.trimEndNanos() / 1e9);
    }

    /** The trim releases keep, e.g. "0.8 – 11.2 s", or "whole episode". */
    static String acceptedTrim(TriageService.Row row) {
        return row.trim() == null ? "whole episode" : String.format(Locale.ROOT, "%.1f – %.1f s",
                row.trim().startNanos() / 1e9, row.trim().endNanos() / 1e9);
    }

    static String status(TriageService.Row row) {
        if (row.excluded()) {
            return "Excluded: " + row.excludedReason();
        }
        return row.reviewFirst() ? "Review first" : "";
    }

    /** Ascending with n/a (NaN) after every number. */
    static Comparator<TriageService.Row> byNumber(ToDoubleFunction<TriageService.Row> value) {
        return (a, b) -> {
            double x = value.applyAsDouble(a);
            double y = value.applyAsDouble(b);
            if (Double.isNaN(x) || Double.isNaN(y)) {
                return Boolean.compare(Double.isNaN(x), Double.isNaN(y));
            }
            return Double.compare(x, y);
        };
    }

    /**
     * Rows with the verdict, and, when a flag is chosen, whose flag value is above the threshold (a flag not
     * computed is never above it).
     */
    static Predicate<TriageService.Row> filter(VerdictFilter verdict, String flag, Double threshold) {
        return row -> {
            boolean verdictOk = switch (verdict) {
                case ALL -> true;
                case ACCEPT -> verdict(row).equals("accept");
                case REJECT -> verdict(row).equals("reject");
                case NOT_MEASURED -> row.flags() == null;
            };
            if (!verdictOk || flag == null) {
                return verdictOk;
            }
            double v = value(row, flag);
            return !Double.isNaN(v) && v > (threshold == null ? 0 : threshold);
        };
    }
}
