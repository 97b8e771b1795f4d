package dev.touchstone.quality;

import dev.touchstone.labeling.Label;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What one proposal source (at one version) proposed for one episode of a project.
 *
 * @param proposedAt when these proposals were made (stored), for a source's trend over time
 * @param labels     the proposed labels, in the project's schema
 */
public record SourceLabels(String source, String version, UUID episodeId, Instant proposedAt, List<Label> labels) {

    public SourceLabels {
        labels = List.copyOf(labels);
    }
}
