package dev.touchstone.proposal;

import dev.touchstone.labeling.Label;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What an ML backend answers (the body of the predictions API too): a source's labels for one episode, in the
 * drafts' label JSON, with an optional confidence per label id.
 */
public record Predictions(String source, String version, List<Label> labels, Map<UUID, Double> confidence) {
}
