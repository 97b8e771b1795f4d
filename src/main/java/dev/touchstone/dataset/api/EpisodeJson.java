package dev.touchstone.dataset.api;

import dev.touchstone.dataset.EpisodeRow;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** An episode in a list of the API: what it is, without its streams and metadata. */
@Schema(name = "Episode")
record EpisodeJson(
        UUID id,
        UUID datasetId,
        String name,
        @Schema(description = "What the robot does, e.g. \"put the apple in the box\"; the task of a LeRobot export")
        String description,
        @Schema(description = "Robot type, empty when unknown") String robot,
        @Schema(description = "Who teleoperated it, empty when unknown") String operator,
        long durationNanos,
        int streamCount,
        @Schema(description = "The importer's format, e.g. mcap or lerobot-v3.0") String sourceFormat,
        String sourceFile,
        @Schema(description = "When it was recorded, null when unknown") Instant recordedAt,
        @Schema(description = "When it was imported; the list's order") Instant importedAt) {

    static EpisodeJson of(EpisodeRow row) {
        return new EpisodeJson(row.id(), row.datasetId(), row.name(), row.task(), row.robot(), row.operator(),
                row.durationNanos(), row.streamCount(), row.sourceFormat(), row.sourceFile(), row.recordedAt(),
                row.importedAt());
    }
}
