package dev.touchstone.workflow;

import dev.touchstone.labeling.LabelType;

import java.util.EnumMap;
import java.util.Map;

/**
 * A project's quality settings (docs/workflow/review.md).
 *
 * @param reviewSample         for {@link ReviewPolicy#SAMPLE}: the share (0..1) of agreeing tasks also reviewed
 * @param consensusRules       per label type; types not named use {@link #rule}'s default
 * @param agreementThresholds  per label type, the lowest task agreement (0..1) accepted without review; for phases an
 *                             alpha: the lowest per-class uα of the task (-1..1)
 * @param minGoldAccuracy      annotators whose mean gold score falls below this are paused on the project
 * @param minGoldScored        gold submissions scored before the accuracy can pause anyone
 * @param maxBoundaryErrorMs   optional: a task whose mean matched phase boundary error exceeds this many ms goes to
 *                             review too; null: not used
 * @param showProposals        whether annotators see proposals (pre-labels) in the workspace; off to label a sample
 *                             blind (docs/labeling/workspace.md, "Proposals"); on by default
 * @param proposalGate         optional: the scores against gold a proposal source must reach before annotators see
 *                             its proposals (docs/proposals.md, "Gate"); null: every source is shown
 */
public record ProjectSettings(ReviewPolicy reviewPolicy, double reviewSample, Map<LabelType, ConsensusRule> consensusRules,
                              Map<LabelType, Double> agreementThresholds, double minGoldAccuracy, int minGoldScored,
                              Double maxBoundaryErrorMs, boolean showProposals, ProposalGate proposalGate) {

    public static final double DEFAULT_THRESHOLD = 0.8;

    public ProjectSettings {
        if (reviewPolicy == null) {
            throw new IllegalArgumentException("A review policy is required");
        }
        if (!(reviewSample >= 0 && reviewSample <= 1)) {
            throw new IllegalArgumentException("The review sample is a share between 0 and 1");
        }
        if (!(minGoldAccuracy >= 0 && minGoldAccuracy <= 1)) {
            throw new IllegalArgumentException("The minimum gold accuracy is between 0 and 1");
        }
        if (minGoldScored < 1 || minGoldScored > 1000) {
            throw new IllegalArgumentException("Gold submissions before pausing: 1-1000");
        }
        consensusRules = consensusRules == null || consensusRules.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(consensusRules));
        agreementThresholds = agreementThresholds == null || agreementThresholds.isEmpty() ? Map.of()
                : Map.copyOf(new EnumMap<>(agreementThresholds));
        agreementThresholds.forEach((type, value) -> {
            if (type == LabelType.PHASE) {
                if (value == null || !(value >= -1 && value <= 1)) {
                    throw new IllegalArgumentException("The phase threshold is an alpha (uα) between -1 and 1");
                }
            } else if (value == null || !(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("The agreement threshold for " + type.jsonName() + " is between 0 and 1");
            }
        });
        if (maxBoundaryErrorMs != null && !(maxBoundaryErrorMs >= 0 && maxBoundaryErrorMs <= 3_600_000)) {
            throw new IllegalArgumentException("The phase boundary error limit is between 0 and 3,600,000 ms");
        }
    }

    public ProjectSettings(ReviewPolicy reviewPolicy, double reviewSample, Map<LabelType, ConsensusRule> consensusRules,
                           Map<LabelType, Double> agreementThresholds, double minGoldAccuracy, int minGoldScored,
                           Double maxBoundaryErrorMs, boolean showProposals) {
        this(reviewPolicy, reviewSample, consensusRules, agreementThresholds, minGoldAccuracy, minGoldScored,
                maxBoundaryErrorMs, showProposals, null);
    }

    public ProjectSettings(ReviewPolicy reviewPolicy, double reviewSample, Map<LabelType, ConsensusRule> consensusRules,
                           Map<LabelType, Double> agreementThresholds, double minGoldAccuracy, int minGoldScored,
                           Double maxBoundaryErrorMs) {
        this(reviewPolicy, reviewSample, consensusRules, agreementThresholds, minGoldAccuracy, minGoldScored,
                maxBoundaryErrorMs, true);
    }

    public ProjectSettings(ReviewPolicy reviewPolicy, double reviewSample, Map<LabelType, ConsensusRule> consensusRules,
                           Map<LabelType, Double> agreementThresholds, double minGoldAccuracy, int minGoldScored) {
        this(reviewPolicy, reviewSample, consensusRules, agreementThresholds, minGoldAccuracy, minGoldScored, null);
    }

    /** These settings with proposals shown to annotators or not. */
    public ProjectSettings withShowProposals(boolean show) {
        return new ProjectSettings(reviewPolicy, reviewSample, consensusRules, agreementThresholds, minGoldAccuracy,
                minGoldScored, maxBoundaryErrorMs, show, proposalGate);
    }

    /** These settings with a gate on proposal sources, or none ({@code null}). */
    public ProjectSettings withProposalGate(ProposalGate gate) {
        return new ProjectSettings(reviewPolicy, reviewSample, consensusRules, agreementThresholds, minGoldAccuracy,
                minGoldScored, maxBoundaryErrorMs, showProposals, gate);
    }

    public static ProjectSettings defaults() {
        return new ProjectSettings(ReviewPolicy.DISAGREEMENT, 0, Map.of(), Map.of(), 0.7, 3);
    }

    public ConsensusRule rule(LabelType type) {
        return consensusRules.getOrDefault(type, type == LabelType.TEXT ? ConsensusRule.REVIEWER : ConsensusRule.AUTO);
    }

    public double threshold(LabelType type) {
        return agreementThresholds.getOrDefault(type, DEFAULT_THRESHOLD);
    }
}
