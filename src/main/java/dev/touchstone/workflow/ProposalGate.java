package dev.touchstone.workflow;

import dev.touchstone.labeling.LabelType;
import dev.touchstone.quality.SourceMeasures;

/**
 * A project's gate on proposal sources (docs/proposals.md, "Gate"): annotators see a source's proposals of a label
 * definition only when that source, at that version, scores at least the threshold of the definition's type against
 * the project's gold answers, compared on at least {@code minGoldEpisodes} gold episodes. The numbers are the
 * Agreement screen's ({@link SourceMeasures#headline()}): phase F1@50, event F1 within the definition's tolerance,
 * value accuracy (categories, verdicts, ratings, numbers).
 *
 * @param phaseF1At50     lowest segment F1 at IoU 0.5 of a phase definition (0..1)
 * @param eventF1         lowest event F1 within the tolerance (0..1)
 * @param valueAccuracy   lowest share of gold episodes whose value the source got right (0..1)
 * @param minGoldEpisodes gold episodes (or windows) a source must have been compared on; below: not yet proven
 */
public record ProposalGate(double phaseF1At50, double eventF1, double valueAccuracy, int minGoldEpisodes) {

    public static final int MAX_GOLD_EPISODES = 1000;

    public ProposalGate {
        for (double v : new double[]{phaseF1At50, eventF1, valueAccuracy}) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("A proposal gate threshold (F1 or accuracy) is between 0 and 1");
            }
        }
        if (minGoldEpisodes < 1 || minGoldEpisodes > MAX_GOLD_EPISODES) {
            throw new IllegalArgumentException("Gold episodes before a source is proven: 1-" + MAX_GOLD_EPISODES);
        }
    }

    /** The goals (docs/benchmarks.md): phase F1@50 0.8, contact F1 0.9; values 0.9; five gold episodes. */
    public static ProposalGate defaults() {
        return new ProposalGate(0.8, 0.9, 0.9, 5);
    }

    /** What the gate says of a source@version on one definition. */
    public enum Verdict {
        /** Scored at least the threshold on enough gold episodes: shown. */
        PASSES,
        /** Scored below the threshold on enough gold episodes (or proposed none where gold has labels): hidden. */
        FAILS,
        /** Fewer gold episodes compared than the gate asks, or no number yet: hidden until it is proven. */
        NOT_PROVEN,
        /** A label type quality does not score against gold (boxes, cuboids, text, multi-class categories): hidden. */
        NOT_SCORED
    }

    /** The threshold of a label type; null for the types without a gold score. */
    public Double threshold(LabelType type) {
        return switch (type) {
            case PHASE -> phaseF1At50;
            case EVENT -> eventF1;
            case CATEGORY, VERDICT, RATING, NUMBER -> valueAccuracy;
            case BOX2D, CUBOID3D, TEXT, GAP -> null;
        };
    }

    /**
     * @param gold the source@version's numbers against gold on a definition of {@code type}; null when quality has
     *             none (the source never proposed that definition on a project episode)
     */
    public Verdict judge(LabelType type, SourceMeasures gold) {
        Double threshold = threshold(type);
        if (threshold == null || gold != null && SourceMeasures.NOT_SCORED_TYPE.equals(gold.notScored())) {
            return Verdict.NOT_SCORED;
        }
        if (gold == null || gold.episodes() < minGoldEpisodes) {
            return Verdict.NOT_PROVEN;
        }
        if (SourceMeasures.PROPOSED_NONE.equals(gold.notScored())) {
            // gold has labels of the definition on those episodes and the source proposed none: its F1 is 0
            return Verdict.FAILS;
        }
        Double headline = gold.headline();
        if (headline == null) {
            return Verdict.NOT_PROVEN;
        }
        return headline >= threshold ? Verdict.PASSES : Verdict.FAILS;
    }
}
