package dev.touchstone.dataset;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What an importer knows about an episode besides its streams.
 *
 * @param name         shown in lists; unique names are not required
 * @param robot        robot type, e.g. {@code aloha}, {@code reachy2}; empty when unknown
 * @param task         the task instruction, e.g. "put the apple in the box"; empty when unknown
 * @param operator     who teleoperated it; empty when unknown
 * @param recordedAt   when it was recorded, or null
 * @param sourceFile   the file or folder it was read from
 * @param sourceFormat the importer's format name ({@code mcap}, {@code lerobot-v3.0}, {@code hdf5-aloha}, ...)
 * @param metadata     further facts worth keeping (strings only), e.g. the LeRobot episode index
 * @param groundTruth  JSON text of known truth (the generator's phases and events), or null
 */
public record EpisodeDescription(String name, String robot, String task, String operator, Instant recordedAt,
                                 String sourceFile, String sourceFormat, Map<String, String> metadata,
                                 String groundTruth) {

    public EpisodeDescription {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sourceFile, "sourceFile");
        Objects.requireNonNull(sourceFormat, "sourceFormat");
        robot = robot == null ? "" : robot;
        task = task == null ? "" : task;
        operator = operator == null ? "" : operator;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public static EpisodeDescription of(String name, String sourceFile, String sourceFormat) {
        return new EpisodeDescription(name, "", "", "", null, sourceFile, sourceFormat, Map.of(), null);
    }

    public EpisodeDescription withRobot(String robot) {
        return new EpisodeDescription(name, robot, task, operator, recordedAt, sourceFile, sourceFormat, metadata,
                groundTruth);
    }

    public EpisodeDescription withTask(String task) {
        return new EpisodeDescription(name, robot, task, operator, recordedAt, sourceFile, sourceFormat, metadata,
                groundTruth);
    }

    public EpisodeDescription withOperator(String operator) {
        return new EpisodeDescription(name, robot, task, operator, recordedAt, sourceFile, sourceFormat, metadata,
                groundTruth);
    }

    public EpisodeDescription withRecordedAt(Instant recordedAt) {
        return new EpisodeDescription(name, robot, task, operator, recordedAt, sourceFile, sourceFormat, metadata,
                groundTruth);
    }

    public EpisodeDescription withMetadata(Map<String, String> metadata) {
        return new EpisodeDescription(name, robot, task, operator, recordedAt, sourceFile, sourceFormat, metadata,
                groundTruth);
    }

    public EpisodeDescription withGroundTruth(String groundTruth) {
        return new EpisodeDescription(name, robot, task, operator, recordedAt, sourceFile, sourceFormat, metadata,
                groundTruth);
    }
}
