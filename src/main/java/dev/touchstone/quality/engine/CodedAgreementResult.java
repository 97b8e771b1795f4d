package dev.touchstone.quality.engine;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Agreement over coded values. Coefficients that are defined for the data but cannot be computed (no pairable
 * values, or every value in the same category) are NaN; coefficients that do not apply are empty.
 *
 * @param level             level of measurement used for alpha
 * @param coders            number of coders
 * @param units             all units, including those with fewer than two values
 * @param values            all non-missing values
 * @param pairableUnits     units with at least two values
 * @param pairableValues    values in pairable units (Krippendorff's n)
 * @param categories        the ordered category list weights and the ordinal metric use: the declared list, or the
 *                          observed values sorted
 * @param krippendorffAlpha Krippendorff's alpha at {@code level}
 * @param percentAgreement  agreeing pairs / all pairs of values from different coders in pairable units
 * @param fleissKappa       Fleiss' kappa, only when every unit with values has the same number of them
 * @param twoCoders         Cohen's kappa, Scott's pi and weighted kappas, only for exactly two coders
 */
public record CodedAgreementResult(Level level, int coders, long units, long values, long pairableUnits,
                                   long pairableValues, List<Object> categories, double krippendorffAlpha,
                                   double percentAgreement, OptionalDouble fleissKappa,
                                   Optional<TwoCoderAgreement> twoCoders) {
}
