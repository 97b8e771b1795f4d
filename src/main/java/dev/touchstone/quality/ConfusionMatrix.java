package dev.touchstone.quality;

import java.util.List;
import java.util.UUID;

/**
 * Class confusion of one definition: {@code annotatorId} null means all annotators; rows are the annotator's class,
 * columns the consensus class.
 */
public record ConfusionMatrix(String definition, String name, UUID annotatorId, List<String> classes,
                              long[][] counts) {
}
