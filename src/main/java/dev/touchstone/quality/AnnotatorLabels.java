package dev.touchstone.quality;

import dev.touchstone.labeling.Label;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** One annotator's submitted labels for one task (one episode), as input to {@link Consensus#merge}. */
public record AnnotatorLabels(UUID annotatorId, List<Label> labels) {
    public AnnotatorLabels {
        Objects.requireNonNull(annotatorId, "annotatorId");
        labels = labels == null ? List.of() : List.copyOf(labels);
    }
}
