package dev.touchstone.quality;

import java.util.UUID;

/**
 * How an annotator's values of a category or verdict definition relate to the consensus.
 *
 * @param annotatorId null: all annotators together
 * @param classes     the schema's classes in schema order (a verdict: accept, reject), then values no longer in the
 *                    schema, then "∅" (no value) when it occurs
 * @param counts      {@code counts[annotatorClass][consensusClass]}, indexed like {@code classes}
 */
public record ConfusionMatrix(String definition, String name, UUID annotatorId, java.util.List<String> classes,
                              long[][] counts) {
}
