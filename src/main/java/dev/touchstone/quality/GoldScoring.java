package dev.touchstone.quality;

import dev.touchstone.labeling.Label;
import dev.touchstone.labeling.LabelSchema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Scores a submission on a gold task against the task's reference labels, per definition in [0, 1]
 * (docs/workflow/consensus.md, "Gold scores"):
 * <ul>
 *   <li>category: exact match (a multi-class category: Jaccard similarity of the class sets); verdict: accept or
 *       reject matches (reasons not scored); rating: exact match;</li>
 *   <li>number: 1 when within 5% of the larger magnitude, else 0;</li>
 *   <li>text: normalised edit similarity;</li>
 *   <li>phases: F1@25 of the submission's segments against the reference's, over frames of {@code frameNanos};</li>
 *   <li>events: F1 of the optimal one-to-one matching within the definition's tolerance (default 100 ms), per
 *       class;</li>
 *   <li>boxes, cuboids: F1 at IoU 0.5 (Hungarian per sample time: the union of both sides' keyframe times).</li>
 * </ul>
 * Segment-scoped values are compared on segments matched by IoU &gt; 0.5; a value without a counterpart scores 0.
 * A definition labelled by only one side scores 0; a definition neither side labelled is left out. Overall is the
 * mean over the definitions scored, 1 when there is none.
 */
public final class GoldScoring {

    private GoldScoring() {
    }

    public static GoldScore score(LabelSchema schema, long durationNanos, long frameNanos, List<Label> reference,
                                  List<Label> submission) {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(submission, "submission");
        if (durationNanos < 0) {
            throw new IllegalArgumentException("durationNanos must be ≥ 0, got " + durationNanos);
        }
        if (frameNanos <= 0) {
            throw new IllegalArgumentException("frameNanos must be > 0, got " + frameNanos);
        }
        Map<String, Double> perDefinition = new LinkedHashMap<>();
        double sum = 0;
        for (LabelSchema.Definition d : schema.definitions()) {
            if (!LabelComparison.hasLabels(d, reference) && !LabelComparison.hasLabels(d, submission)) {
                continue;
            }
            double score = LabelComparison.similarity(d, durationNanos, frameNanos, reference, submission, false);
            perDefinition.put(d.key(), score);
            sum += score;
        }
        return new GoldScore(perDefinition, perDefinition.isEmpty() ? 1 : sum / perDefinition.size());
    }
}
