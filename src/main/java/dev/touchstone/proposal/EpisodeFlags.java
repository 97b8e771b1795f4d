package dev.touchstone.proposal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What triage shows of one project episode (docs/proposals.md, "Triage"): its stored quality flags with the
 * task-relative ones ({@code path.ratio}, {@code duration.z}) computed over the project's measured episodes when
 * read, the suggested verdict from those flags, the proposed grasp outcome, and how sure the signal proposers were.
 *
 * @param episodeId         the episode
 * @param flags             every flag in {@link QualityFlags}' order; a flag's value is NaN when it could not be
 *                          computed (n/a)
 * @param trimStartNanos    the proposed trim keeps [trimStart, trimEnd) (idle head and tail cut)
 * @param trimEndNanos      see trimStartNanos
 * @param verdict           {@link QualityProposers#verdict} of the flags: accept, or reject with reasons
 * @param outcome           the proposed {@code grasp_outcome} class (success, slip, fail), or null when none is stored
 * @param proposals         how many proposals are stored for the episode (the newest set of each source: the signal
 *                          proposers' contacts, phases and slips, and every model's predictions)
 * @param withoutConfidence how many of them have no confidence (their source gave none)
 * @param lowestConfidence  the lowest confidence among those that have one, NaN when none has
 * @param meanConfidence    their mean confidence, NaN when none has one
 * @param measuredAt        when the flags were measured
 */
public record EpisodeFlags(UUID episodeId, List<Flag> flags, long trimStartNanos, long trimEndNanos,
                           ValueProposal verdict, String outcome, int proposals, int withoutConfidence,
                           double lowestConfidence,
                           double meanConfidence, Instant measuredAt) {

    public EpisodeFlags {
        flags = List.copyOf(flags);
    }

    public Optional<Flag> flag(String key) {
        return flags.stream().filter(f -> f.key().equals(key)).findFirst();
    }

    /** The flag's value, NaN when it is missing or could not be computed. */
    public double value(String key) {
        return flag(key).map(Flag::value).orElse(Double.NaN);
    }
}
