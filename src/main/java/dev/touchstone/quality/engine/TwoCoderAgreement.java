package dev.touchstone.quality.engine;

/**
 * Coefficients defined for exactly two coders, computed over the units both of them coded.
 *
 * @param units                  units coded by both coders
 * @param cohenKappa             Cohen's kappa (1960): chance from each coder's own category distribution
 * @param scottsPi               Scott's pi (1955): chance from the two coders' pooled distribution
 * @param weightedKappaLinear    Cohen's weighted kappa (1968), disagreement weight |i - j|
 * @param weightedKappaQuadratic Cohen's weighted kappa (1968), disagreement weight (i - j)^2
 */
public record TwoCoderAgreement(long units, double cohenKappa, double scottsPi, double weightedKappaLinear,
                                double weightedKappaQuadratic) {
}
