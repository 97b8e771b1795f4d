/**
 * Inter-annotator agreement for coded values, in plain Java: Krippendorff's alpha at nominal, ordinal, interval and
 * ratio level (with missing data), percent agreement, Fleiss' kappa, and for two coders Cohen's kappa, Scott's pi
 * and linearly and quadratically weighted kappa, plus a seeded bootstrap interval for alpha.
 * <p>
 * The other label types: {@link dev.touchstone.quality.engine.PhaseAgreement} (segmental F1@k, edit score, frame
 * accuracy, boundary error, frame-level alpha), {@link dev.touchstone.quality.engine.UnitizingAgreement} (Krippendorff's
 * alpha for unitizing, α_U, on a continuum), {@link dev.touchstone.quality.engine.EventAgreement} (optimal
 * one-to-one matching within a tolerance), {@link dev.touchstone.quality.engine.BoxAgreement} and
 * {@link dev.touchstone.quality.engine.CuboidAgreement} (Hungarian matching on IoU, with
 * {@link dev.touchstone.quality.engine.Hungarian} and the exact oriented-box IoU of
 * {@link dev.touchstone.quality.engine.CuboidIoU}), and {@link dev.touchstone.quality.engine.TextSimilarity}.
 * <p>
 * {@link dev.touchstone.quality.engine.CodedAgreement} takes values as they appear in exported data (strings,
 * numbers, {@code null} for missing); {@link dev.touchstone.quality.engine.CoincidenceAccumulator} is the streaming
 * core on integer category codes, whose memory depends on the number of categories, never on the number of units.
 * The definitions, and where they differ from other tools, are in {@code docs/quality/agreement.md}.
 */
@org.springframework.modulith.NamedInterface("engine")
package dev.touchstone.quality.engine;
