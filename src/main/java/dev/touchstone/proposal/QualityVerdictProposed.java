package dev.touchstone.proposal;

import java.util.UUID;

/**
 * The signal proposers stored a suggested quality verdict for an episode of a project (docs/proposals.md, "Quality
 * flags and suggested verdict"): {@code rejects} when a flag is over its threshold, with the verdict's score (below 1
 * accepts). Published in the storing transaction, so a listener's rows commit with the verdict.
 */
public record QualityVerdictProposed(UUID organizationId, UUID projectId, UUID episodeId, boolean rejects,
                                     double score) {
}
