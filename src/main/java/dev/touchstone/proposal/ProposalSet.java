package dev.touchstone.proposal;

import java.time.Instant;
import java.util.UUID;

/**
 * One stored proposal set: what one source at one version proposed for one episode of a project, without its labels.
 *
 * @param labels    how many labels it holds
 * @param note      why the source proposed nothing (e.g. a sensor stream the episode lacks), or null
 * @param createdBy who stored it, or null when the application did on its own (demo seeding, a lazy run)
 */
public record ProposalSet(UUID id, UUID projectId, UUID episodeId, String source, String version, int labels,
                          String note, Instant createdAt, UUID createdBy) {
}
