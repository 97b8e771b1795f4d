package dev.touchstone.curation;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each cell should hold (docs/curation.md, "Targets and the collection plan"): at least {@code perCell} of the
 * measure (episodes or accepted episodes), or the override's count for a cell (keyed by its bins).
 */
public record CoverageTarget(CoverageMeasure measure, int perCell, Map<List<Integer>, Integer> overrides) {

    private static final Pattern RULE = Pattern.compile(
            "\\s*>=\\s*(\\d{1,6})\\s+(episodes?|accepted)(?:\\s+per\\s+(.+?))?\\s*", Pattern.CASE_INSENSITIVE);

    public CoverageTarget {
        if (measure != CoverageMeasure.EPISODES && measure != CoverageMeasure.ACCEPTED) {
            throw new IllegalArgumentException("A target counts episodes or accepted episodes");
        }
        if (perCell < 0) {
            throw new IllegalArgumentException("A target is 0 or more per cell");
        }
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
    }

    public int target(List<Integer> bins) {
        return overrides.getOrDefault(bins, perCell);
    }

    /** A rule as written: the target and, when it names them after "per", the factors of its grid. */
    public record Rule(CoverageTarget target, List<String> factors) {
    }

    /**
     * Reads a rule such as {@code >= 50 accepted per object x lighting}: a minimum, "episodes" or "accepted", and
     * optionally "per" two or three factors (keys or names) joined by "x".
     *
     * @throws IllegalArgumentException for anything else, saying what a rule looks like
     */
    public static Rule parse(String rule) {
        Matcher m = RULE.matcher(rule == null ? "" : rule);
        if (!m.matches()) {
            throw new IllegalArgumentException("A rule reads like '>= 50 accepted per object x lighting' "
                    + "(episodes or accepted; two or three factors after 'per'), not '" + rule + "'");
        }
        CoverageMeasure measure = m.group(2).toLowerCase(Locale.ROOT).startsWith("episode") ? CoverageMeasure.EPISODES
                : CoverageMeasure.ACCEPTED;
        List<String> factors = m.group(3) == null ? List.of()
                : List.of(m.group(3).trim().split("\\s*(?:\\sx\\s|×)\\s*"));
        return new Rule(new CoverageTarget(measure, Integer.parseInt(m.group(1)), Map.of()), factors);
    }
}
