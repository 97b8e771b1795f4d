package dev.touchstone.quality;

import dev.touchstone.labeling.LabelType;

/**
 * Agreement on one definition over a project.
 *
 * @param measure           what the numbers are: the per-task pair measure, and for coded definitions the level of
 *                          Krippendorff's alpha
 * @param meanTaskAgreement mean over merged tasks of the per-task agreement (mean over annotator pairs)
 * @param alpha             Krippendorff's alpha over all merged tasks (each task one unit), coded definitions only;
 *                          null when undefined (no pairable values, or no variation)
 * @param alphaLow          95 % bootstrap interval over tasks (1000 replicates, seed 1, identical tasks grouped:
 *                          AlphaBootstrap.groupedInterval); null when alpha is, or when the definition has more than
 *                          {@link QualityService#BOOTSTRAP_MAX_UNITS} distinct units
 * @param tasks             merged tasks
 */
public record TypeAgreement(String definition, String name, LabelType type, String measure, double meanTaskAgreement,
                            Double alpha, Double alphaLow, Double alphaHigh, int tasks) {
}
