package dev.touchstone.quality;

import dev.touchstone.labeling.LabelType;

/** Agreement on one label definition of a project; alpha and its confidence interval only for coded definitions. */
public record TypeAgreement(String definition, String name, LabelType type, String measure, double meanTaskAgreement,
                            Double alpha, Double alphaLow, Double alphaHigh, int tasks) {
}
