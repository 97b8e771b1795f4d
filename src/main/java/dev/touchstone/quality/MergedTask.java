package dev.touchstone.quality;

import dev.touchstone.labeling.LabelSchema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What a merge of a task's N submissions produced, with what it was computed from (see {@link QualityFeed}). */
public record MergedTask(UUID organizationId, UUID projectId, UUID taskId, Instant completedAt, LabelSchema schema,
                         long durationNanos, long frameNanos, List<AnnotatorLabels> submissions,
                         ConsensusResult result) {
}
