package dev.touchstone.release;

import dev.touchstone.labeling.LabelType;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A release as its readers see it.
 *
 * @param verdictAcceptOnly tasks whose accepted labels reject the episode (an episode-level verdict) are left out
 * @param labelTypes        the label types whose labels the release carries
 * @param taskCount         tasks in the release, once built
 * @param files             the downloadable files, once ready
 * @param lerobotMapping    the streams and channels of the LeRobot export's observation.state and action; null for
 *                          the defaults from the robot's streams
 */
public record Release(UUID id, UUID projectId, String projectName, String version, String notes,
                      boolean verdictAcceptOnly, Set<LabelType> labelTypes, UUID schemaVersionId,
                      ReleaseState state, ReleaseProgress progress, Integer taskCount, List<ReleaseFile> files,
                      UUID createdBy, String createdByName, Instant createdAt, Instant finishedAt,
                      LeRobotMapping lerobotMapping) {

    public Release {
        labelTypes = Set.copyOf(labelTypes);
        files = List.copyOf(files);
    }
}
