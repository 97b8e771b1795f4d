package dev.touchstone.quality;

import dev.touchstone.labeling.LabelType;

/**
 * Agreement on one definition over a project.
 *
 * @param measure           what the numbers are: the per-task pair measure, and for coded definitions the level of
 *                          Krippendorff's alpha
 * @param meanTaskAgreement mean over merged tasks of the per-task agreement (mean over annotator pairs); null when
 *                          no merged task labelled the definition ("not labelled")
 * @param meanLow           95 % Wilson interval of the mean ({@link Intervals#meanAgreement}); null below
 *                          {@link Intervals#MIN_TASKS} tasks ("too few tasks") or when not labelled
 * @param alpha             Krippendorff's alpha over all merged tasks (each task one unit), coded definitions only;
 *                          null when undefined (no pairable values, or no variation)
 * @param alphaLow          95 % bias-corrected bootstrap interval over tasks (1000 replicates, seed 1, identical tasks
 *                          grouped: AlphaBootstrap.groupedInterval); null when alpha is, below
 *                          {@link Intervals#MIN_TASKS} pairable tasks, when it would not contain alpha, or when the
 *                          definition has more than {@link QualityService#BOOTSTRAP_MAX_UNITS} distinct units
 * @param tasks             merged tasks that labelled the definition
 */
public record TypeAgreement(String definition, String name, LabelType type, String measure, Double meanTaskAgreement,
                            Double meanLow, Double meanHigh, Double alpha, Double alphaLow, Double alphaHigh,
                            int tasks) {

    /** Whether any merged task labelled the definition. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean labelled() {
        return meanTaskAgreement != null;
    }
}
