package dev.touchstone.dataset;

import java.util.UUID;

/**
 * Filters of the episodes grid; null or blank parts do not filter.
 *
 * @param text        part of the name, task or source file (case-insensitive)
 * @param robot       exact robot type
 * @param minDurationNanos shortest duration
 * @param maxDurationNanos longest duration
 * @param importJobId only episodes of this import
 */
public record EpisodeFilter(String text, String robot, Long minDurationNanos, Long maxDurationNanos,
                            UUID importJobId) {

    public static final EpisodeFilter NONE = new EpisodeFilter(null, null, null, null, null);
}
