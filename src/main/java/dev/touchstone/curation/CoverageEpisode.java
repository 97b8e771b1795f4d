package dev.touchstone.curation;

import java.util.UUID;

/**
 * An episode of a grid cell (the drill-down).
 *
 * @param success     the outcome factor's value is a success; null: no value
 * @param qualityFlag 1 when its newest suggested quality verdict rejects it, 0 when it accepts; null: not measured
 */
public record CoverageEpisode(UUID episodeId, String name, boolean accepted, Boolean success, Double qualityFlag) {
}
